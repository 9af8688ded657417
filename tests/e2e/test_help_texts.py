"""Every command's help renders: `counter-app <command> [<action>] --help` exits 0 with its text."""

from __future__ import annotations

import argparse
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from counter_app.cli import build_parser, main
from counter_app.i18n import set_language

ROOT = Path(__file__).resolve().parents[2]


def _commands(parser: argparse.ArgumentParser, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    found = [prefix]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                found += _commands(sub, (*prefix, name))
    return found


COMMANDS = _commands(build_parser())


@pytest.fixture(autouse=True)
def chinese_again() -> Iterator[None]:
    yield
    set_language("zh")  # `--lang en` sets the language for the process


def test_the_tree_has_every_documented_command() -> None:
    tops = {c[0] for c in COMMANDS if c}
    assert {"init", "demo", "import-sales", "verify", "slip", "prices", "quote", "customer", "calls",
            "complaint", "archive", "summary", "check", "backup", "restore", "audit", "staff",
            "first-manager", "policy"} <= tops
    assert ("quote", "trade-in") in COMMANDS and ("policy", "set") in COMMANDS


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "(top)")
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_help_renders(command: tuple[str, ...], lang: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--lang", lang, *command, "--help"])
    assert done.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("usage: counter-app") and " ".join(command) in out


def test_quote_help_in_a_real_process() -> None:
    out = subprocess.run([sys.executable, "-m", "counter_app", "quote", "--help"], cwd=ROOT, capture_output=True,
                         text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert "trade-in" in out.stdout and "Traceback" not in out.stderr
