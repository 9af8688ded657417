"""The database's own errors said in the user's words (locked, read-only, damaged, full)."""

from __future__ import annotations

from sqlalchemy.exc import DatabaseError

from counter_app.i18n import _


def describe_operational_error(exc: DatabaseError, url: str) -> str:
    text = str(exc.orig) if exc.orig is not None else str(exc)
    low = text.lower()
    if "locked" in low or "busy" in low:
        return _("数据库正被另一个程序占用，请稍后再试。")
    if "readonly" in low or "read-only" in low:
        return _("数据库文件是只读的，不能保存。")
    if "not a database" in low or "malformed" in low or "disk image" in low:
        return _("数据库文件已损坏：{url}", url=url)
    if "unable to open" in low:
        return _("打不开数据库文件：{url}", url=url)
    if "disk is full" in low or "full" in low:
        return _("磁盘已满，不能保存。")
    return _("数据库出错：{err}", err=text.splitlines()[0] if text else "?")
