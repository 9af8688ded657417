"""Sign-in, the audit trail, backups and restore, drafts, sales import, demo data."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from counter_app.data.db import sqlite_path
from counter_app.data.models import Store
from counter_app.data.schema import current_revision
from counter_app.data.uow import UnitOfWork
from counter_app.errors import CounterError, DatabaseProblem, InputError
from counter_app.i18n import _
from counter_app.services import audit, auth, backup, demo, drafts, integrity, org, policy
from counter_app.services.actions.stepwise import StepwiseActions
from counter_app.services.audit_export import export_audit
from counter_app.services.backup import BackupInfo
from counter_app.services.context import Actor
from counter_app.services.demo import DemoResult
from counter_app.services.drafts import DraftInfo
from counter_app.services.integrity import CheckReport
from counter_app.services.sales_import import ImportResult, import_sales

T = TypeVar("T")


class AuthActions(StepwiseActions):
    def sign_in(self, login: str, secret: str, store_code: str | None = None, where: str = "window") -> Actor:
        """Login + password or PIN; a failed attempt is kept on record, then refused in words."""
        return self._steps(lambda uow: auth.sign_in(uow, login, secret, store_code, where=where))

    def needs_first_manager(self) -> bool:
        """True on a new database, until some manager can sign in."""
        return self._read(auth.needs_first_manager)

    def create_first_manager(self, login: str, name: str, secret: str, store_code: str = "",
                             store_name: str = "") -> Actor:
        """The first start: the first manager account (and its store), signed in at once."""
        return self._write(lambda s: auth.create_first_manager(s, login, name, secret, store_code, store_name))

    def stores(self) -> list[tuple[str, str]]:
        """(code, name) of each store in use, for the sign-in's store choice."""

        def job(s: Session) -> list[tuple[str, str]]:
            rows = s.scalars(select(Store).where(Store.voided_at.is_(None)).order_by(Store.id))
            return [(st.code, st.name) for st in rows]

        return self._read(job)

    def idle_lock_minutes(self) -> int:
        """After how many idle minutes the window locks itself (policy `idle_lock_minutes`; 0: never)."""
        return self._read(lambda s: int(policy.current(s)[1].idle_lock_minutes))

    def console_allowed_on_shared(self) -> bool:
        """May the command line act without `--user` on a shared database (a manager's setting)?"""
        return self._read(auth.console_allowed_on_shared)


@dataclass(frozen=True)
class AuditFilter:
    """Which entries: days from `since` to `until` (inclusive), an action, a kind of record, a text."""

    since: dt.date | None = None
    until: dt.date | None = None
    action: str = ""
    entity: str = ""
    text: str = ""
    limit: int | None = 5000

    def as_json(self) -> dict[str, str]:
        return {"since": str(self.since or ""), "until": str(self.until or ""), "action": self.action,
                "entity": self.entity, "text": self.text}


@dataclass(frozen=True)
class AuditExport:
    """The file written and the entries in it (as `search` gives them)."""

    path: Path
    rows: list[dict[str, Any]]


class AuditActions(StepwiseActions):
    def search(self, actor: Actor, where: AuditFilter) -> list[dict[str, Any]]:
        """The entries, newest first, as the command's JSON shows them (managers only)."""

        def job(s: Session) -> list[dict[str, Any]]:
            return [audit.as_dict(e) for e in _entries(s, actor, where)]

        return self._read(job)

    def export(self, actor: Actor, where: AuditFilter, out: Path) -> AuditExport:
        """The entries to a CSV or XLSX file (formula-safe); the export itself goes on record."""
        out = Path(out).expanduser()
        if out.suffix.lower() not in (".csv", ".xlsx"):
            raise InputError(_("导出文件应以 .csv 或 .xlsx 结尾：{path}", path=out), field="export")

        def job(s: Session) -> AuditExport:
            rows = [audit.as_dict(e) for e in _entries(s, actor, where)]
            audit.record(s, actor, "export", "audit", out.name,
                         _("导出操作记录 {n} 条到 {file}", n=len(rows), file=out.name),
                         after={**where.as_json(), "rows": len(rows)})
            try:
                export_audit(rows, out)
            except OSError as exc:
                raise CounterError(_("无法写入文件 {path}：{err}", path=out, err=exc.strerror or exc)) from exc
            return AuditExport(out, rows)

        return self._write(job)


def _entries(s: Session, actor: Actor, where: AuditFilter) -> list[Any]:
    return audit.query(s, actor, where.since, where.until, where.action.strip(), where.entity.strip(),
                       where.text.strip(), limit=where.limit)


@dataclass(frozen=True)
class BackupStatus:
    """The automatic backups of a SQLite file (a shared PostgreSQL database is backed up by its server)."""

    shared: bool
    database: Path | None = None  # the SQLite file
    folder: Path | None = None
    count: int = 0
    newest: dt.datetime | None = None


@dataclass(frozen=True)
class BackupMade:
    path: Path
    bytes: int


class BackupActions(StepwiseActions):
    def check(self) -> CheckReport:
        """The full check of `counter-app check` and the audit tab: file, triggers, audit chain, numbers."""
        engine = self._engine()

        def job(uow: UnitOfWork) -> CheckReport:
            if current_revision(engine) is None:
                raise DatabaseProblem(_("这不是本程序的数据库（或是空的）：{url}", url=self._url))
            return integrity.full_check(_Opened(self._url, engine, uow))

        return self._steps(job)

    def status(self) -> BackupStatus:
        db = sqlite_path(self._url)
        if db is None:
            return BackupStatus(shared=True)
        found = backup.list_backups(db)
        return BackupStatus(False, db, backup.backup_dir(db), len(found), found[0].taken_at if found else None)

    def write_backup(self, out: Path) -> BackupMade:
        """A consistent copy of the database to `out`, checked before it gets its name."""
        path = self._copying(lambda: backup.write_backup(self._url, Path(out)))
        return BackupMade(path, path.stat().st_size)

    def auto_backup(self, force: bool = False) -> BackupInfo | None:
        """The automatic backup: when the data changed, at most every 30 minutes, or now (`force`)."""
        engine = self._engine()
        return self._copying(lambda: backup.AutoBackup(engine).maybe(force=force))

    def _copying(self, fn: Callable[[], T]) -> T:
        """A copy of the file; a disk that is full or cannot be written is said in words."""
        try:
            return self._steps(lambda _uow: fn())
        except OSError as exc:
            raise CounterError(_("备份没有写成：{err}", err=exc.strerror or exc)) from exc

    def restore(self, actor: Actor, file: Path) -> Path:
        """Replace the database's content with a backup; returns where the old content was kept."""
        engine = self._engine()
        return self._steps(lambda _uow: backup.restore(engine, actor, Path(file)))


@dataclass
class _Opened:
    """What the full check reads: the database's address, its engine and its unit of work."""

    url: str
    engine: Engine
    uow: UnitOfWork


class DraftActions(StepwiseActions):
    def save(self, actor: Actor, form: str, data: dict[str, Any], draft_id: int | None = None,
             note: str = "") -> int:
        """Keep what a form holds; returns the draft's id for the next save."""
        return self._steps(lambda uow: drafts.save(uow, actor, form, data, draft_id, note))

    def pending(self, actor: Actor, form: str | None = None) -> list[DraftInfo]:
        """The actor's unfinished drafts, newest first."""
        return self._read(lambda s: drafts.pending(s, actor, form))

    def finish(self, actor: Actor, draft_id: int) -> None:
        """The form was saved, reopened or declined: its draft is no longer offered."""
        self._steps(lambda uow: drafts.finish(uow, actor, draft_id))


class ImportActions(StepwiseActions):
    def import_sales(self, actor: Actor | None, path: str | Path, store_code: str | None = None,
                     progress: Callable[[int], None] | None = None) -> ImportResult:
        """Read and check a POS export; write it only when every row is good."""
        return self._steps(lambda uow: import_sales(uow, actor, path, store_code=store_code, progress=progress))


class DemoActions(StepwiseActions):
    def fill(self, customers: int = demo.DEFAULT_CUSTOMERS, seed: int = demo.DEFAULT_SEED,
             today: dt.date | None = None, if_empty: bool = False) -> DemoResult:
        """Fill an empty database with the demo chain, as the console account (no store)."""
        actor = self._write(lambda s: org.actor_for(s, org.console_staff(s), None))
        return self._steps(lambda uow: demo.fill_demo(uow, actor, customers=customers, seed=seed, today=today,
                                                      if_empty=if_empty))
