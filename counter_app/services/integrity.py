"""Is the database whole? `quick_check` at every start, a full check in `counter-app check`.

- At start (`check_on_start`): SQLite's quick_check (a full integrity_check after an
  unclean shutdown, i.e. when the "running" marker of the last start is still there). A
  damaged file is renamed `.damaged` (never deleted), and the newest backup that passes its
  own check is offered, saying from when.
- `full_check`: integrity_check and foreign_key_check (SQLite), the audit log's triggers and
  its SHA-256 chain, and gapless number series (every number handed out is on a record).
"""

from __future__ import annotations

import re
import sqlite3
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import Engine, select, text
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from counter_app.data import triggers
from counter_app.data.db import is_sqlite, sqlite_path
from counter_app.data.models import ArchiveRecord, Complaint, FactoryBatch, NumberSequence, Quote, RepairSlip
from counter_app.data.storage_checks import location_warnings
from counter_app.data.uow import UnitOfWork
from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.backup import BackupInfo, newest_valid, quick_check

# Series key prefix -> (numbered model, how numbering.py writes a number).
SERIES: dict[str, tuple[Any, str]] = {
    "slip": (RepairSlip, "{store}-{year}-{n:06d}"),
    "archive": (ArchiveRecord, "{store}-A{year}-{n:04d}"),
    "quote": (Quote, "{store}-Q{year}-{n:06d}"),
    "batch": (FactoryBatch, "{store}-B{year}-{n:04d}"),
    "complaint": (Complaint, "{store}-C{year}-{n:04d}"),
}
_KEY = re.compile(r"^(?P<kind>[a-z_]+):(?P<store>[^:]+):(?P<year>\d{4})$")
MAX_LISTED = 20


@dataclass
class CheckReport:
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    checked: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


# ---- at start -----------------------------------------------------------------------------

@dataclass
class StartCheck:
    ok: bool
    message: str = ""
    damaged: Path | None = None
    backup: BackupInfo | None = None
    full: bool = False


def running_marker(db_file: Path) -> Path:
    return db_file.with_name(db_file.name + ".running")


def mark_running(db_file: Path) -> None:
    try:
        running_marker(db_file).write_text(clock.now().isoformat(), encoding="utf-8")
    except OSError:
        pass  # a read-only folder: the start check simply stays quick next time


def mark_closed(db_file: Path) -> None:
    running_marker(db_file).unlink(missing_ok=True)


def _set_aside(db_file: Path) -> Path:
    target = db_file.with_name(db_file.name + ".damaged")
    if target.exists():
        target = db_file.with_name(f"{db_file.name}.{clock.now().strftime('%Y%m%d-%H%M%S')}.damaged")
    db_file.rename(target)
    for suffix in ("-wal", "-shm", "-journal"):
        side = Path(str(db_file) + suffix)
        if side.exists():
            side.rename(Path(str(target) + suffix))
    return target


def check_on_start(url: str) -> StartCheck:
    """Quick check of a SQLite file before it is opened; sets a damaged file aside."""
    if not is_sqlite(url):
        return StartCheck(True)
    db_file = sqlite_path(url)
    if db_file is None or not db_file.exists() or db_file.stat().st_size == 0:
        return StartCheck(True)
    full = running_marker(db_file).exists()
    problems = quick_check(db_file, full=full)
    if problems and all("locked" in p or "busy" in p for p in problems):
        return StartCheck(True, _("数据库正被另一个程序占用，跳过了启动检查。"), full=full)
    if not problems:
        return StartCheck(True, full=full)
    damaged = _set_aside(db_file)
    backup = newest_valid(db_file)
    msg = _("数据库文件已损坏（{err}），已改名保存为 {damaged}。", err=problems[0][:120], damaged=damaged.name)
    if backup is not None:
        msg += _("最新的有效备份是 {when} 的，可以从它恢复（之后的改动会丢失）。",
                 when=backup.taken_at.strftime("%Y-%m-%d %H:%M"))
    else:
        msg += _("没有找到有效的备份。")
    return StartCheck(False, msg, damaged, backup, full)


def restore_from_backup(url: str, backup: BackupInfo) -> None:
    """Put `backup` in place of the (set-aside) damaged file, through the backup API."""
    db_file = sqlite_path(url)
    assert db_file is not None
    if db_file.exists():
        raise FileExistsError(db_file)
    source = sqlite3.connect(f"file:{backup.path}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(db_file))
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()


# ---- full check ---------------------------------------------------------------------------

def number_gaps(session: Session) -> list[str]:
    """Every number of every series is on a record, once; none beyond the series' counter."""
    problems: list[str] = []
    for seq in session.scalars(select(NumberSequence).order_by(NumberSequence.key)):
        m = _KEY.match(seq.key)
        if not m or m.group("kind") not in SERIES:
            continue
        model, fmt = SERIES[m.group("kind")]
        store, year = m.group("store"), int(m.group("year"))
        example = fmt.format(store=store, year=year, n=1)
        prefix = example[: example.rindex("-") + 1]
        like = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        found = [n for n in session.scalars(select(model.number).where(model.number.like(like, escape="\\")))
                 if re.fullmatch(re.escape(prefix) + r"\d+", n)]
        values = sorted(int(n[len(prefix):]) for n in found)
        missing = sorted(set(range(1, seq.last_value + 1)) - set(values))
        extra = sorted(v for v in set(values) if v > seq.last_value)
        doubles = sorted(v for v, c in Counter(values).items() if c > 1)
        if missing:
            shown = ", ".join(fmt.format(store=store, year=year, n=v) for v in missing[:MAX_LISTED])
            problems.append(_("编号有缺号（{key}）：{nums}{more}", key=seq.key, nums=shown,
                              more=_(" 等 {n} 个", n=len(missing)) if len(missing) > MAX_LISTED else ""))
        if extra:
            problems.append(_("编号超出计数器（{key}）：{nums}", key=seq.key,
                              nums=", ".join(fmt.format(store=store, year=year, n=v) for v in extra[:MAX_LISTED])))
        if doubles:
            problems.append(_("编号重复（{key}）：{nums}", key=seq.key,
                              nums=", ".join(fmt.format(store=store, year=year, n=v) for v in doubles[:MAX_LISTED])))
    return problems


class OpenDatabase(Protocol):
    """What the check needs of the open program (an `AppContext` has it)."""

    url: str
    engine: Engine
    uow: UnitOfWork


def full_check(ctx: OpenDatabase) -> CheckReport:
    """What `counter-app check` runs."""
    report = CheckReport()
    db_file = sqlite_path(ctx.url) if is_sqlite(ctx.url) else None
    if db_file is not None:
        report.warnings.extend(location_warnings(db_file))
        with ctx.engine.connect() as conn:
            rows = [str(r[0]) for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            report.checked.append("integrity_check")
            if rows != ["ok"]:
                report.problems.extend(_("SQLite 完整性检查：{row}", row=r) for r in rows[:MAX_LISTED])
            fk = list(conn.exec_driver_sql("PRAGMA foreign_key_check"))
            report.checked.append("foreign_key_check")
            for table, rowid, parent, _fkid in fk[:MAX_LISTED]:
                report.problems.append(_("外键不符：{table} 第 {rowid} 行指向不存在的 {parent}",
                                         table=table, rowid=rowid, parent=parent))
    with ctx.engine.connect() as conn:
        for name in triggers.missing(conn):
            report.problems.append(_("操作记录的保护触发器不见了：{name}", name=name))
        report.checked.append("triggers")
    with ctx.uow.read() as s:
        try:
            chain = list(audit.verify_chain(s))
        except (SQLAlchemyError, ValueError, TypeError) as exc:
            chain = [_("操作记录无法读取（被改动过）：{err}", err=str(exc).splitlines()[0][:200])]
        report.checked.append("audit_chain")
        report.problems.extend(chain[:MAX_LISTED])
        if len(chain) > MAX_LISTED:
            report.problems.append(_("…… 共 {n} 条操作记录有问题", n=len(chain)))
        report.problems.extend(number_gaps(s))
        report.checked.append("numbering")
        n = s.execute(text("SELECT count(*) FROM audit_log")).scalar()
        report.checked.append(f"audit_entries={n}")
    return report
