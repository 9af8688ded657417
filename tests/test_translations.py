"""Every message shown to a person has an English translation, with the same {fields}."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from counter_app import i18n

ROOT = Path(__file__).resolve().parent.parent
FIELD = re.compile(r"\{(\w+)[^}]*\}")


def _literals() -> dict[str, str]:
    found: dict[str, str] = {}
    for folder in ("counter_app", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id == "_"
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.setdefault(node.args[0].value, f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


def test_every_message_has_an_english_translation() -> None:
    catalogue = i18n._catalogue("en")
    missing = [f"{where}: {text}" for text, where in _literals().items() if text not in catalogue]
    assert missing == [], "untranslated:\n" + "\n".join(sorted(missing))


def test_translations_keep_the_same_fields() -> None:
    catalogue = i18n._catalogue("en")
    wrong = [zh for zh, en in catalogue.items() if set(FIELD.findall(zh)) != set(FIELD.findall(en))]
    assert wrong == []


def test_language_switch(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(i18n, "_language", None)
    monkeypatch.setenv("COUNTER_APP_LANG", "en")
    assert i18n._("已取消。") == "Cancelled."
    monkeypatch.setenv("COUNTER_APP_LANG", "zh")
    assert i18n._("已取消。") == "已取消。"
