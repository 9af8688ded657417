"""The director's weekly customer archive (客户档案, 一式两份).

For a store and an ISO week every customer who bought, asked or was served gets one record.
Numbers (`SH01-A2026-0042`, gapless per store and year) are given the first time the week is
exported or signed, in a fixed order, and never change: a later export only adds numbers for
customers who appeared since; a record whose facts were all voided keeps its number and is
marked void. Signing locks the week: its content is frozen in the records, its four files are
stored with their SHA-256, and facts entered later for it go into an addendum of the next week
that was still open when they were entered.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from counter_app.data.models import ArchiveRecord, ArchiveWeek, Role, Staff, Store
from counter_app.data.numbering import archive_numbers
from counter_app.data.uow import UnitOfWork
from counter_app.documents.archive import MISSING_CODES, RecordView, WeekView, content_hash, week_totals  # noqa: F401
from counter_app.domain.archive_weeks import IsoWeek, parse_week, week_of
from counter_app.domain.dates import now
from counter_app.errors import Conflict, CounterError, PermissionDenied
from counter_app.i18n import _
from counter_app.paths import user_data_dir
from counter_app.services import archive_records, audit, org, policy
from counter_app.services.context import Actor
from counter_app.services.permissions import Action

Progress = Callable[[int, int, str], None]
COPIES = ("hq", "store")
FORMATS = ("pdf", "xlsx")


class NothingToArchive(CounterError):
    """The week has no customer at all: no numbers are used and no file is written."""


@dataclass
class ExportResult:
    paths: list[Path]
    view: WeekView
    sha256: dict[str, str]


def _store(session: Session, actor: Actor | None, store: str | int) -> Store:
    row = session.get(Store, store) if isinstance(store, int) else org.find_store(session, store)
    if row is None:
        raise PermissionDenied(_("请先选择门店。"))
    if actor is not None and actor.role != Role.HEAD_OFFICE and actor.store_id not in (None, row.id):
        raise PermissionDenied(_("只能查看本店的客户档案。"))
    return row


def _week_row(session: Session, store_id: int, week: IsoWeek) -> ArchiveWeek | None:
    return session.scalars(
        select(ArchiveWeek).where(ArchiveWeek.store_id == store_id, ArchiveWeek.iso_year == week.year,
                                  ArchiveWeek.iso_week == week.week)
    ).first()


def _records(session: Session, week_id: int) -> list[ArchiveRecord]:
    return list(session.scalars(select(ArchiveRecord).where(ArchiveRecord.week_id == week_id)
                                .order_by(ArchiveRecord.number)))


def _view(session: Session, store: Store, week: IsoWeek, row: ArchiveWeek | None,
          records: list[RecordView]) -> WeekView:
    view = WeekView(store.id, store.code, store.name, store.address or "", week,
                    row.status if row else "none", records)
    if row is not None and row.status == "signed":
        view.signed_at = row.signed_at
        staff = session.get(Staff, row.signed_by_id) if row.signed_by_id else None
        view.signed_by = staff.name if staff else ""
        view.files = dict(row.files or {})
    return view


def _stored_view(session: Session, store: Store, week: IsoWeek, row: ArchiveWeek) -> WeekView:
    recs = [RecordView(r.number, r.customer_id, r.addendum_for_week, r.content, r.is_void)
            for r in _records(session, row.id)]
    return _view(session, store, week, row, recs)


def review(session: Session, actor: Actor | None, store: str | int, week: str | IsoWeek) -> WeekView:
    """What the week's archive holds now, without giving numbers.

    A signed week shows its frozen records; an open week is worked out afresh, with the numbers
    already given where a record has one.
    """
    wk = parse_week(week)
    st = _store(session, actor, store)
    row = _week_row(session, st.id, wk)
    if row is not None and row.status == "signed":
        recs = [RecordView(r.number, r.customer_id, r.addendum_for_week, r.content, r.is_void)
                for r in _records(session, row.id)]
        return _view(session, st, wk, row, recs)
    _pv_row, pv = policy.current(session)
    drafts = archive_records.build(session, st, wk, pv)
    numbered = {(r.customer_id, r.addendum_for_week): r for r in _records(session, row.id)} if row else {}
    recs = []
    for d in drafts:
        r = numbered.pop(d.key, None)
        recs.append(RecordView(r.number if r else "", d.customer_id, d.addendum_for, d.content))
    recs.sort(key=lambda v: (v.number == "", v.number))
    for r in numbered.values():  # numbered earlier, no facts any more: keeps its number, marked void
        recs.append(RecordView(r.number, r.customer_id, r.addendum_for_week, r.content, True))
    recs.sort(key=lambda v: (v.number == "", v.number))
    return _view(session, st, wk, row, recs)


def number_week(session: Session, actor: Actor, store: Store, week: IsoWeek) -> ArchiveWeek:
    """Give numbers to every record of an open week that has none yet; refresh the others.

    Raises `NothingToArchive` (and changes nothing) when the week has no customer.
    """
    row = _week_row(session, store.id, week)
    if row is not None and row.status == "signed":
        return row
    _pv_row, pv = policy.current(session)
    drafts = archive_records.build(session, store, week, pv)
    existing = {(r.customer_id, r.addendum_for_week): r for r in _records(session, row.id)} if row else {}
    if not drafts and not existing:
        raise NothingToArchive(_("门店 {store} 在 {week}（{first} 至 {last}）没有客户记录，未生成文件。",
                                 store=store.code, week=week.key, first=week.monday.isoformat(),
                                 last=week.sunday.isoformat()))
    if row is None:
        row = ArchiveWeek(store_id=store.id, iso_year=week.year, iso_week=week.week, status="open",
                          created_by_id=actor.staff_id)
        session.add(row)
        session.flush()
    stamp = now()
    fresh = [d for d in drafts if d.key not in existing]
    given = archive_numbers(session, store.code, week.year, len(fresh))  # one statement for the lot
    numbers = dict(zip((d.key for d in fresh), given, strict=True))
    for d in drafts:
        rec = existing.pop(d.key, None)
        if rec is None:
            session.add(ArchiveRecord(number=numbers[d.key], week_id=row.id, customer_id=d.customer_id,
                                      content=d.content, addendum_for_week=d.addendum_for,
                                      created_by_id=actor.staff_id))
        else:
            if rec.content != d.content:
                rec.content = d.content
                rec.updated_by_id = actor.staff_id
            if rec.voided_at is not None:
                rec.voided_at, rec.voided_by_id, rec.void_reason = None, None, None
    for rec in existing.values():
        if rec.voided_at is None:
            rec.voided_at, rec.voided_by_id = stamp, actor.staff_id
            rec.void_reason = "本周已无客户记录（原记录已作废）"
    session.flush()
    if given:
        audit.record(session, actor, "create", "archive_week", f"{store.code} {week.key}",
                     _("每周客户档案 {week} 编号 {first} 至 {last}", week=week.key, first=given[0], last=given[-1]),
                     after={"numbers": given})
    return row


def default_files_dir(store_code: str, week: IsoWeek) -> Path:
    return user_data_dir() / "archive" / store_code / week.key


def file_name(store_code: str, week: IsoWeek, copy: str, fmt: str) -> str:
    return f"{store_code}-{week.key}-{copy}.{fmt}"


def render(view: WeekView, copy: str, fmt: str, exported_at: dt.datetime,
           progress: Callable[[int], None] | None = None) -> bytes:
    if fmt == "pdf":
        from counter_app.printing import archive_pdf

        return archive_pdf.render(view, copy, exported_at, progress)
    from counter_app.services import xlsx_export

    return xlsx_export.archive_workbook(view, copy, exported_at, progress)


def _write_files(view: WeekView, out_dir: Path, copies: Sequence[str], formats: Sequence[str],
                 exported_at: dt.datetime, progress: Progress | None) -> list[tuple[Path, Path, str]]:
    """Render every file to a temporary name; return (temp, final, sha256) for each."""
    out_dir.mkdir(parents=True, exist_ok=True)
    jobs = [(c, f) for c in copies for f in formats]
    per = max(len(view.records), 1)
    total = per * len(jobs)
    written: list[tuple[Path, Path, str]] = []
    try:
        for index, (copy, fmt) in enumerate(jobs):
            label = _("正在生成 {name}", name=file_name(view.store_code, view.week, copy, fmt))
            if progress:
                progress(index * per, total, label)

            def tick(done: int, base: int = index * per, label: str = label) -> None:
                if progress:
                    progress(base + min(done, per), total, label)

            data = render(view, copy, fmt, exported_at, tick)
            final = out_dir / file_name(view.store_code, view.week, copy, fmt)
            temp = final.with_name(final.name + ".part")
            temp.write_bytes(data)
            written.append((temp, final, hashlib.sha256(data).hexdigest()))
        if progress:
            progress(total, total, _("完成"))
    except BaseException:
        for temp, _final, _sha in written:
            temp.unlink(missing_ok=True)
        raise
    return written


def _publish(written: list[tuple[Path, Path, str]]) -> list[Path]:
    for temp, final, _sha in written:
        os.replace(temp, final)
    return [final for _t, final, _s in written]


def _check_copies(copies: Sequence[str]) -> list[str]:
    out = [c for c in COPIES if c in copies]
    if not out or len(out) != len(set(copies)):
        raise CounterError(_("联次只能是 hq（总部联）、store（门店联）或 both。"))
    return out


def export_week(
    uow: UnitOfWork,
    actor: Actor,
    store: str | int,
    week: str | IsoWeek,
    out_dir: Path | str,
    copies: Sequence[str] = COPIES,
    formats: Sequence[str] = FORMATS,
    progress: Progress | None = None,
    exported_at: dt.datetime | None = None,
) -> ExportResult:
    """Write the week's PDF and XLSX for each copy into `out_dir`; numbers are given on first export."""
    actor.require(Action.ARCHIVE)
    wk = parse_week(week)
    wanted = _check_copies(copies)
    with uow.write() as s:
        st = _store(s, actor, store)
        row = number_week(s, actor, st, wk)
        s.commit()
        view = _stored_view(s, st, wk, row)  # what was just saved: no second pass over the week
    stamp = exported_at or now()
    written = _write_files(view, Path(out_dir), wanted, formats, stamp, progress)
    paths = _publish(written)
    sha = {final.name: digest for _t, final, digest in written}
    with uow.write() as s:
        audit.record(s, actor, "export", "archive_week", f"{view.store_code} {wk.key}",
                     _("导出每周客户档案 {week}（{n} 条）", week=wk.key, n=len(view.records)),
                     after={"files": sha, "content_sha256": view.content_sha256, "status": view.status})
        s.commit()
    return ExportResult(paths, view, sha)


def sign_week(
    uow: UnitOfWork,
    actor: Actor,
    store: str | int,
    week: str | IsoWeek,
    progress: Progress | None = None,
    files_dir: Path | str | None = None,
    when: dt.datetime | None = None,
) -> ExportResult:
    """Lock the week: freeze its records, store its four files with their SHA-256."""
    actor.require(Action.ARCHIVE)
    wk = parse_week(week)
    stamp = when or now()
    if stamp < wk.end:
        raise Conflict(_("{week} 还没有结束（到 {last} 为止），结束后才能签核。", week=wk.key,
                         last=wk.sunday.isoformat()))
    with uow.write() as s:
        st = _store(s, actor, store)
        row = _week_row(s, st.id, wk)
        if row is not None and row.status == "signed":
            raise Conflict(_("{store} {week} 已经签核，不能再改；之后补录的内容会进入下一周的补录。",
                             store=st.code, week=wk.key))
        row = number_week(s, actor, st, wk)
        s.flush()
        view = _stored_view(s, st, wk, row)
        recs = view.records
        view.status, view.signed_at, view.signed_by = "signed", stamp, actor.name
        folder = Path(files_dir) if files_dir else default_files_dir(st.code, wk)
        written = _write_files(view, folder, COPIES, FORMATS, stamp, progress)
        try:
            row.status = "signed"
            row.signed_at = stamp
            row.signed_by_id = actor.staff_id
            row.updated_by_id = actor.staff_id
            row.files = {final.name: digest for _t, final, digest in written}
            row.totals = {**view.totals, "content_sha256": view.content_sha256, "folder": str(folder)}
            audit.record(s, actor, "sign", "archive_week", f"{st.code} {wk.key}",
                         _("签核每周客户档案 {week}（{n} 条）", week=wk.key, n=len(recs)),
                         after={"files": row.files, "content_sha256": view.content_sha256})
            s.commit()
        except BaseException:
            for temp, _final, _sha in written:
                temp.unlink(missing_ok=True)
            raise
    view.files = dict(row.files)
    return ExportResult(_publish(written), view, dict(row.files))


def verify_files(session: Session, store: str | int, week: str | IsoWeek) -> dict[str, str]:
    """Check the stored files of a signed week against their SHA-256: name -> ok / changed / missing."""
    wk = parse_week(week)
    st = _store(session, None, store)
    row = _week_row(session, st.id, wk)
    if row is None or row.status != "signed":
        return {}
    folder = Path((row.totals or {}).get("folder") or default_files_dir(st.code, wk))
    out: dict[str, str] = {}
    for name, digest in (row.files or {}).items():
        path = folder / name
        if not path.exists():
            out[name] = "missing"
        else:
            out[name] = "ok" if hashlib.sha256(path.read_bytes()).hexdigest() == digest else "changed"
    return out


@dataclass
class WeekState:
    week: IsoWeek
    status: str  # none / open / signed
    records: int


def recent_weeks(session: Session, store_id: int, today: dt.date, count: int = 8) -> list[WeekState]:
    """The last `count` finished weeks and the current one, newest first, with their state."""
    current = week_of(today)
    weeks = [current]
    for _i in range(count):
        weeks.append(weeks[-1].previous())
    rows = {
        (w.iso_year, w.iso_week): w
        for w in session.scalars(select(ArchiveWeek).where(ArchiveWeek.store_id == store_id))
    }
    out = []
    for w in weeks:
        row = rows.get((w.year, w.week))
        n = len(_records(session, row.id)) if row else 0
        out.append(WeekState(w, row.status if row else "none", n))
    return out


def last_week_unsigned(session: Session, store_id: int, today: dt.date) -> IsoWeek | None:
    """Last week, when it had customers and is not signed yet (for the manager's start page)."""
    last = week_of(today).previous()
    row = _week_row(session, store_id, last)
    if row is not None and row.status == "signed":
        return None
    if row is not None:
        return last
    from counter_app.services import archive_collect

    return last if archive_collect.gather(session, store_id, last.start, last.end) else None
