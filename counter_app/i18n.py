"""Messages in the clerk's language.

Source strings are Simplified Chinese (the counter's language); the JSON files in
`resources/i18n/en/` (one per area of the program) map them to English. The language comes from `COUNTER_APP_LANG` (``zh`` default, ``en``)
or from `set_language`. The GUI uses the same function so CLI and windows say the same.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache

from counter_app.paths import resources_dir

SUPPORTED = ("zh", "en")
_language: str | None = None


def language() -> str:
    if _language:
        return _language
    env = os.environ.get("COUNTER_APP_LANG", "zh").strip().lower()
    return "en" if env.startswith("en") else "zh"


def set_language(lang: str) -> None:
    global _language
    _language = "en" if lang.lower().startswith("en") else "zh"


@lru_cache(maxsize=4)
def _catalogue(lang: str) -> dict[str, str]:
    folder = resources_dir() / "i18n" / lang
    data: dict[str, str] = {}
    for path in sorted(folder.glob("*.json")):
        data.update(json.loads(path.read_text(encoding="utf-8")))
    return data


def _(text: str, **kwargs: object) -> str:
    """Translate a Chinese source string and fill its ``{named}`` fields."""
    lang = language()
    if lang != "zh":
        text = _catalogue(lang).get(text, text)
    return text.format(**kwargs) if kwargs else text
