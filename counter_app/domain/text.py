"""Text as clerks type it: full-width forms, stray spaces, mixed case."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def clean(text: str | None) -> str:
    """NFKC-normalise (full-width -> half-width) and trim; inner runs of spaces become one."""
    if text is None:
        return ""
    return _SPACES.sub(" ", unicodedata.normalize("NFKC", str(text))).strip()


def compare_key(text: str | None) -> str:
    """Key for comparing codes and names: NFKC, no spaces or dashes, case-folded."""
    return re.sub(r"[\s\-_/]", "", clean(text)).casefold()


def same(a: str | None, b: str | None) -> bool:
    return compare_key(a) == compare_key(b)


def digits(text: str | None) -> str:
    return re.sub(r"\D", "", clean(text))


def mask_phone(phone: str | None) -> str:
    """138****5678: the form shown in lists and printouts that do not need the number."""
    d = digits(phone)
    if len(d) < 7:
        return "*" * len(d)
    return f"{d[:3]}****{d[-4:]}"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def has_control_chars(text: str) -> bool:
    return bool(_CONTROL.search(text))
