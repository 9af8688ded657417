"""Search keys for Chinese names: full pinyin and initials, every reading of polyphonic characters.

曾 reads zeng or ceng, 单 shan or dan, 解 xie or jie: a clerk may type either, so the keys
hold all readings, separated by spaces (`zeng ceng` style alternatives are expanded into
the combinations for names up to a few characters).
"""

from __future__ import annotations

import functools
import itertools

from pypinyin import Style, pinyin

from counter_app.domain.text import clean

MAX_COMBINATIONS = 16


def _keep(text: str) -> str:
    """Characters without a reading (letters, digits) are kept as they are."""
    return text


def _readings(name: str, style: Style) -> list[list[str]]:
    out: list[list[str]] = []
    for chars in pinyin(name, style=style, heteronym=True, errors=_keep):
        seen: list[str] = []
        for r in chars:
            r = r.lower()
            if r and r not in seen:
                seen.append(r)
        out.append(seen or [""])
    return out


def _combine(parts: list[list[str]]) -> list[str]:
    combos: list[str] = []
    for combo in itertools.islice(itertools.product(*parts), MAX_COMBINATIONS):
        joined = "".join(combo)
        if joined not in combos:
            combos.append(joined)
    return combos


# Names and their parts repeat a lot (surnames, common given names): bulk work (imports, demo
# data, search keys) looks them up once.
@functools.lru_cache(maxsize=65536)
def name_keys(name: str) -> tuple[str, str]:
    """(full pinyin alternatives, initials alternatives), each space-separated."""
    name = clean(name)
    full = _combine(_readings(name, Style.NORMAL))
    initials = _combine(_readings(name, Style.FIRST_LETTER))
    return " ".join(full), " ".join(initials)
