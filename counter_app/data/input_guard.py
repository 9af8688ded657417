"""Refuse text the databases cannot keep the same way: the NUL character.

PostgreSQL cannot store U+0000 in text at all and SQLite cuts some functions short at it,
so a value containing it (pasted from a broken file, or typed junk) is refused with a clear
message on both databases, before anything is written.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import Engine, event

from counter_app.errors import InputError
from counter_app.i18n import _


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, Mapping):
        return any(_has_nul(v) for v in value.values())
    if isinstance(value, Sequence) and not isinstance(value, (bytes, bytearray)):
        return any(_has_nul(v) for v in value)
    return False


def _check(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any, executemany: bool) -> None:
    if parameters and _has_nul(parameters):
        raise InputError(_("输入里有无法保存的控制字符（NUL），请删去后再保存。"))


def install(engine: Engine) -> None:
    event.listen(engine, "before_cursor_execute", _check)
