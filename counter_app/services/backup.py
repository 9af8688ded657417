"""Backups of the SQLite database through SQLite's online backup API, and restore.

- A backup is a consistent copy taken while the program may be running (never a raw file
  copy, which can catch a half-written page). It is written to a temporary name, checked
  with `PRAGMA quick_check`, and only then given its final name; older backups are rotated
  out only after the new one passed.
- Automatic backups go to `backups/` beside the database (or `COUNTER_APP_BACKUP_DIR`):
  when the data changed, at most every 30 minutes, and when the program closes. Kept: the
  newest of each of the last 12 days, 10 weeks and 9 months.
- Restore first keeps a copy of the current database beside it, then copies the backup in
  through the same API (other connections see the restored data at once), and writes an
  audit entry in the restored database.

PostgreSQL databases are backed up with the server's own tools (`pg_dump`), see
docs/backup-and-restore.md.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.engine import make_url

from counter_app.data.db import is_sqlite, sqlite_path
from counter_app.domain import clock
from counter_app.errors import DatabaseProblem, InputError
from counter_app.i18n import _
from counter_app.services import audit
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

AUTO_INTERVAL = dt.timedelta(minutes=30)
KEEP_DAILY = 12
KEEP_WEEKLY = 10
KEEP_MONTHLY = 9
STAMP = "%Y%m%d-%H%M%S"
_NAME = re.compile(r"^(?P<stem>.+)-(?P<stamp>\d{8}-\d{6})\.sqlite3$")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: dt.datetime

    def describe(self) -> str:
        return _("{when} 的备份（{path}）", when=self.taken_at.strftime("%Y-%m-%d %H:%M"), path=self.path)


# ---- low level ----------------------------------------------------------------------------

def quick_check(path: Path, full: bool = False) -> list[str]:
    """Problems SQLite finds in the file ([] = fine). A file that is not a database is one."""
    pragma = "integrity_check" if full else "quick_check"
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=10)
    except sqlite3.Error as exc:
        return [str(exc)]
    con.text_factory = lambda raw: raw.decode("utf-8", "replace")  # a damaged page's text may not be UTF-8
    try:
        rows = [str(r[0]) for r in con.execute(f"PRAGMA {pragma}")]
    except sqlite3.Error as exc:
        return [str(exc)]
    finally:
        con.close()
    return [] if rows == ["ok"] else rows


def copy_sqlite(src: Path, dst: Path) -> None:
    """A consistent copy of `src` at `dst` via the online backup API, in rollback-journal mode."""
    dst.parent.mkdir(parents=True, exist_ok=True)
    tmp = dst.with_name(dst.name + ".part")
    for leftover in (tmp, Path(str(tmp) + "-journal")):
        leftover.unlink(missing_ok=True)
    source = sqlite3.connect(str(src), timeout=30)
    try:
        target = sqlite3.connect(str(tmp))
        try:
            source.backup(target, pages=1024)
            target.execute("PRAGMA journal_mode = DELETE")
            target.commit()
        finally:
            target.close()
    except sqlite3.OperationalError as exc:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(_("备份没有成功：{err}", err=exc)) from exc
    finally:
        source.close()
    problems = quick_check(tmp)
    if problems:
        tmp.unlink(missing_ok=True)
        raise DatabaseProblem(_("备份检查没有通过，旧备份都保留着：{err}", err=problems[0]))
    os.replace(tmp, dst)


def _libpq_url(url: str) -> str:
    return make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)


def write_backup(url: str, out: Path) -> Path:
    """`counter-app backup --out FILE`: SQLite via the backup API, PostgreSQL via pg_dump."""
    out = Path(out).expanduser()
    if out.exists() and out.is_dir():
        raise InputError(_("{path} 是文件夹，请给出备份文件名。", path=out), field="out")
    if is_sqlite(url):
        src = sqlite_path(url)
        if src is None or not src.exists():
            raise DatabaseProblem(_("找不到数据库文件：{url}", url=url))
        if out.resolve() == src.resolve():
            raise InputError(_("备份文件不能是数据库本身。"), field="out")
        copy_sqlite(src, out)
        return out
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise DatabaseProblem(_("PostgreSQL 数据库需用 pg_dump 备份，但这台电脑上找不到 pg_dump。"))
    out.parent.mkdir(parents=True, exist_ok=True)
    done = subprocess.run([pg_dump, "--format=custom", "--file", str(out), _libpq_url(url)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise DatabaseProblem(_("pg_dump 备份没有成功：{err}", err=(done.stderr or "?").strip().splitlines()[-1]))
    return out


# ---- automatic backups and rotation -------------------------------------------------------

def backup_dir(db_file: Path) -> Path:
    override = os.environ.get("COUNTER_APP_BACKUP_DIR")
    base = Path(override).expanduser() if override else db_file.parent / "backups"
    return base / db_file.stem


def list_backups(db_file: Path) -> list[BackupInfo]:
    """Backups of `db_file`, newest first."""
    folder = backup_dir(db_file)
    out: list[BackupInfo] = []
    if not folder.is_dir():
        return out
    for p in folder.iterdir():
        m = _NAME.match(p.name)
        if not m or m.group("stem") != db_file.stem:
            continue
        try:
            taken = dt.datetime.strptime(m.group("stamp"), STAMP)
        except ValueError:
            continue
        out.append(BackupInfo(p, taken))
    out.sort(key=lambda b: b.taken_at, reverse=True)
    return out


def newest_valid(db_file: Path) -> BackupInfo | None:
    for info in list_backups(db_file):
        if not quick_check(info.path):
            return info
    return None


def to_keep(backups: list[BackupInfo]) -> set[Path]:
    """Grandfather-father-son: newest per day (12), per ISO week (10), per month (9)."""
    keep: set[Path] = set()
    for key_of, count in (
        (lambda d: d.date(), KEEP_DAILY),
        (lambda d: tuple(d.isocalendar())[:2], KEEP_WEEKLY),
        (lambda d: (d.year, d.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for b in sorted(backups, key=lambda b: b.taken_at, reverse=True):
            k = key_of(b.taken_at)
            if k in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(k)
            keep.add(b.path)
    return keep


def rotate(db_file: Path) -> list[Path]:
    backups = list_backups(db_file)
    keep = to_keep(backups)
    removed = []
    for b in backups:
        if b.path not in keep:
            b.path.unlink(missing_ok=True)
            removed.append(b.path)
    return removed


def make_backup(db_file: Path, when: dt.datetime | None = None) -> BackupInfo:
    """One automatic backup: copy, verify with quick_check, then rotate the older ones."""
    when = (when or clock.now()).replace(microsecond=0)
    target = backup_dir(db_file) / f"{db_file.stem}-{when.strftime(STAMP)}.sqlite3"
    copy_sqlite(db_file, target)  # raises before anything is rotated if the copy is bad
    rotate(db_file)
    return BackupInfo(target, when)


def fingerprint(engine: Engine) -> str:
    """Changes whenever something was saved (every save writes an audit entry)."""
    with engine.connect() as conn:
        a = conn.execute(text("SELECT max(id), count(*) FROM audit_log")).one()
        n = conn.execute(text("SELECT coalesce(sum(last_value), 0) FROM number_sequences")).scalar()
        d = conn.execute(text("SELECT count(*), max(saved_at) FROM drafts")).one()
    return json.dumps([a[0], a[1], n, d[0], str(d[1])])


class AutoBackup:
    """Backs up when the data changed, at most every `interval`, and on close (`force`)."""

    def __init__(self, engine: Engine, interval: dt.timedelta = AUTO_INTERVAL) -> None:
        self.engine = engine
        self.interval = interval
        path = sqlite_path(str(engine.url))
        self.db_file = path
        self.state_file = backup_dir(path) / "state.json" if path else None

    def _state(self) -> dict[str, str]:
        if self.state_file is None or not self.state_file.exists():
            return {}
        try:
            return dict(json.loads(self.state_file.read_text(encoding="utf-8")))
        except (OSError, ValueError):
            return {}

    def maybe(self, now: dt.datetime | None = None, force: bool = False) -> BackupInfo | None:
        if self.db_file is None or self.state_file is None or not self.db_file.exists():
            return None
        now = now or clock.now()
        state = self._state()
        current = fingerprint(self.engine)
        if state.get("fingerprint") == current:
            return None
        last = state.get("at")
        if not force and last:
            try:
                if now - dt.datetime.fromisoformat(last) < self.interval:
                    return None
            except ValueError:
                pass
        info = make_backup(self.db_file, now)
        self.state_file.parent.mkdir(parents=True, exist_ok=True)
        self.state_file.write_text(json.dumps({"fingerprint": current, "at": now.isoformat()}), encoding="utf-8")
        return info


# ---- restore ------------------------------------------------------------------------------

def check_restorable(file: Path) -> None:
    if not file.is_file():
        raise InputError(_("找不到备份文件：{path}", path=file), field="file")
    problems = quick_check(file)
    if problems:
        raise DatabaseProblem(_("备份文件已损坏，不能恢复：{err}", err=problems[0]))
    con = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    finally:
        con.close()
    if not {"audit_log", "alembic_version", "staff"} <= names:
        raise DatabaseProblem(_("{path} 不是本程序的数据库备份。", path=file))


def restore(engine: Engine, actor: Actor, file: Path, now: dt.datetime | None = None) -> Path:
    """Replace the database's content with `file`; returns where the old content was kept."""
    actor.require(Action.RESTORE)
    url = str(engine.url)
    if not is_sqlite(url):
        raise DatabaseProblem(_("PostgreSQL 数据库请用 pg_restore 恢复（见 docs/backup-and-restore.md）。"))
    live = sqlite_path(url)
    assert live is not None
    file = Path(file).expanduser()
    if file.resolve() == live.resolve():
        raise InputError(_("备份文件不能是数据库本身。"), field="file")
    check_restorable(file)
    stamp = (now or clock.now()).strftime(STAMP)
    safety = live.with_name(f"{live.stem}.before-restore-{stamp}{live.suffix}")
    if live.exists():
        copy_sqlite(live, safety)
    engine.dispose()
    source = sqlite3.connect(f"file:{file}?mode=ro", uri=True)
    try:
        target = sqlite3.connect(str(live), timeout=30)
        try:
            source.backup(target)
        finally:
            target.close()
    finally:
        source.close()
    from counter_app.data.db import session_factories

    writer, _reader = session_factories(engine)
    with writer() as s:
        audit.record(s, actor, "restore", "database", file.name,
                     _("从备份恢复：{file}；恢复前的数据保存在 {safety}", file=file, safety=safety.name))
        s.commit()
    return safety
