"""The weekly customer archive: who is in a week, numbers, the lock, the addendum, the files."""

from __future__ import annotations

import datetime as dt
import io
import subprocess
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.data.models import ArchiveRecord, ArchiveWeek, ContactLog, Customer, RepairSlip, SlipStatus
from counter_app.domain.archive_weeks import parse_week
from counter_app.errors import Conflict, InputError, PermissionDenied
from counter_app.services import archive
from tests.factories import World

W47 = "2026-W47"  # 2026-11-16 .. 2026-11-22: 张晓明 bought on 11-18, 曾丽华 on 11-17


def call_in(ctx: AppContext, world: World, who: str, at: dt.datetime, store: str = "SH01", text: str = "问清洗",
            recorded: dt.datetime | None = None) -> None:
    with ctx.uow.write() as s:
        row = ContactLog(store_id=world.store_ids[store], customer_id=world.customer_ids[who], at=at,
                         channel="phone", direction="in", purpose="enquiry", text=text,
                         staff_id=world.staff_ids["clerk"])
        if recorded is not None:
            row.created_at = recorded
        s.add(row)
        s.commit()


def slip(ctx: AppContext, world: World, who: str, number: str, created: dt.datetime,
         status: SlipStatus = SlipStatus.RECEIVED, note: str = "") -> None:
    with ctx.uow.write() as s:
        s.add(RepairSlip(number=number, store_id=world.store_ids["SH01"], customer_id=world.customer_ids[who],
                         status=status, item={"description": "18K金钻石戒指", "product_code": "DR0001"},
                         works=[{"code": "resize", "label": "改手寸", "kind": "factory_free", "fee": "0.00"}],
                         created_at=created, created_by_id=world.staff_ids["clerk"], internal_note=note))
        s.commit()


def names(view: archive.WeekView) -> list[str]:
    return [r.content["name"] for r in view.records]


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout


def test_week_strings() -> None:
    assert parse_week("2026-W47").key == "2026-W47"
    assert parse_week("2026w7").key == "2026-W07"
    assert parse_week("２０２６－Ｗ４７").key == "2026-W47"
    assert parse_week("2026-W47").monday == dt.date(2026, 11, 16)
    assert parse_week("2020-W53").sunday == dt.date(2021, 1, 3)
    for bad in ("2026-W54", "2025-W53", "2026-47", "W47", "", "2026-W00"):
        with pytest.raises(InputError):
            parse_week(bad)


def test_customer_buying_and_calling_counts_once(ctx: AppContext, world: World, manager) -> None:
    call_in(ctx, world, "zhang", dt.datetime(2026, 11, 18, 10, 0))
    with ctx.uow.read() as s:
        view = archive.review(s, manager, "SH01", W47)
    assert sorted(names(view)) == ["张晓明", "曾丽华"]
    zhang = next(r for r in view.records if r.content["name"] == "张晓明")
    assert [a["kind"] for a in zhang.content["activities"]] == ["bought", "call_in"]
    assert zhang.content["visits"] == ["2026-11-18"]


def test_sunday_2359_is_in_the_week_and_monday_0000_is_not(ctx: AppContext, world: World, manager) -> None:
    call_in(ctx, world, "li", dt.datetime(2026, 11, 22, 23, 59), store="SH01")
    call_in(ctx, world, "li", dt.datetime(2026, 11, 16, 0, 0), store="SH01", text="周一零点")
    with ctx.uow.read() as s:
        w47 = archive.review(s, manager, "SH01", W47)
        w48 = archive.review(s, manager, "SH01", "2026-W48")
        w46 = archive.review(s, manager, "SH01", "2026-W46")
    li = next(r for r in w47.records if r.content["name"] == "李娜")
    assert [a["at"] for a in li.content["activities"]] == ["2026-11-16 00:00", "2026-11-22 23:59"]
    assert "李娜" not in names(w48) and "李娜" not in names(w46)

    call_in(ctx, world, "li", dt.datetime(2026, 11, 23, 0, 0), store="SH01")
    with ctx.uow.read() as s:
        assert names(archive.review(s, manager, "SH01", "2026-W48")) == ["李娜"]


def test_other_stores_facts_stay_out(ctx: AppContext, world: World, manager) -> None:
    call_in(ctx, world, "li", dt.datetime(2026, 11, 18, 9, 0), store="BJ01")
    with ctx.uow.read() as s:
        assert "李娜" not in names(archive.review(s, manager, "SH01", W47))
        with pytest.raises(PermissionDenied):
            archive.review(s, manager, "BJ01", W47)  # a store manager sees only their store
        assert names(archive.review(s, world.head_office, "BJ01", W47)) == ["李娜"]


def test_numbers_are_gapless_per_store_and_year_and_never_change(ctx: AppContext, world: World, manager,
                                                                  tmp_path: Path) -> None:
    call_in(ctx, world, "li", dt.datetime(2026, 11, 24, 11, 0))  # W48 at SH01
    first = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "a", copies=["hq"], formats=["xlsx"])
    assert [r.number for r in first.view.records] == ["SH01-A2026-0001", "SH01-A2026-0002"]
    w48 = archive.export_week(ctx.uow, manager, "SH01", "2026-W48", tmp_path / "b", copies=["hq"], formats=["xlsx"])
    assert [r.number for r in w48.view.records] == ["SH01-A2026-0003"]

    # A customer appearing later in the still open W47 takes the next number; the others keep theirs.
    call_in(ctx, world, "li", dt.datetime(2026, 11, 20, 15, 0))
    again = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "c", copies=["hq"], formats=["xlsx"])
    assert {r.content["name"]: r.number for r in again.view.records} == {
        "曾丽华": "SH01-A2026-0001", "张晓明": "SH01-A2026-0002", "李娜": "SH01-A2026-0004"}

    call_in(ctx, world, "li", dt.datetime(2026, 11, 18, 11, 0), store="BJ01")
    bj = archive.export_week(ctx.uow, world.head_office, "BJ01", W47, tmp_path / "d", copies=["hq"],
                             formats=["xlsx"])
    assert [r.number for r in bj.view.records] == ["BJ01-A2026-0001"]
    with ctx.uow.read() as s:
        all_numbers = sorted(s.scalars(select(ArchiveRecord.number)))
    assert all_numbers == ["BJ01-A2026-0001", "SH01-A2026-0001", "SH01-A2026-0002", "SH01-A2026-0003",
                           "SH01-A2026-0004"]


def test_empty_week_writes_nothing_and_uses_no_number(ctx: AppContext, world: World, manager,
                                                      tmp_path: Path) -> None:
    with pytest.raises(archive.NothingToArchive, match="2026-W40"):
        archive.export_week(ctx.uow, manager, "SH01", "2026-W40", tmp_path / "out")
    assert not (tmp_path / "out").exists() or not list((tmp_path / "out").iterdir())
    with ctx.uow.read() as s:
        assert s.scalar(select(func.count(ArchiveWeek.id))) == 0
    first = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "a", copies=["hq"], formats=["xlsx"])
    assert first.view.records[0].number == "SH01-A2026-0001"


def test_review_lists_what_is_missing(ctx: AppContext, world: World, manager) -> None:
    with ctx.uow.write() as s:
        zeng = s.get(Customer, world.customer_ids["zeng"])
        assert zeng is not None
        zeng.phone, zeng.address = "", " "
        s.commit()
    slip(ctx, world, "zhang", "SH01-2026-000001", dt.datetime(2026, 11, 18, 15, 0))
    with ctx.uow.read() as s:
        view = archive.review(s, manager, "SH01", W47)
    missing = {r.content["name"]: [(m["code"], m["ref"]) for m in r.missing] for r in view.records}
    assert missing["曾丽华"] == [("no_phone", ""), ("no_address", "")]
    assert missing["张晓明"] == [("open_slip", "SH01-2026-000001")]
    assert view.totals["records_with_missing"] == 2
    assert view.totals["by_kind"] == {"bought": 2, "slip": 1}


def test_sign_off_locks_the_week_and_late_facts_go_to_the_next_weeks_addendum(
    ctx: AppContext, world: World, manager, tmp_path: Path
) -> None:
    with pytest.raises(PermissionDenied):
        archive.sign_week(ctx.uow, world.clerk, "SH01", W47, files_dir=tmp_path / "x")
    with pytest.raises(Conflict, match="还没有结束"):
        archive.sign_week(ctx.uow, manager, "SH01", W47, files_dir=tmp_path / "x",
                          when=dt.datetime(2026, 11, 22, 23, 0))
    signed = archive.sign_week(ctx.uow, manager, "SH01", W47, files_dir=tmp_path / "signed")
    assert sorted(p.name for p in signed.paths) == [
        "SH01-2026-W47-hq.pdf", "SH01-2026-W47-hq.xlsx", "SH01-2026-W47-store.pdf", "SH01-2026-W47-store.xlsx"]
    with ctx.uow.read() as s:
        assert archive.verify_files(s, "SH01", W47) == dict.fromkeys(signed.sha256, "ok")
        row = s.scalars(select(ArchiveWeek)).one()
        assert row.status == "signed" and row.signed_by_id == manager.staff_id
        before = archive.review(s, manager, "SH01", W47)

    # Entered after the sign-off, but it happened in W47: the signed week does not change.
    signed_at = before.signed_at
    assert signed_at is not None
    call_in(ctx, world, "zhang", dt.datetime(2026, 11, 21, 16, 0), text="补记来电",
            recorded=signed_at + dt.timedelta(minutes=5))
    with ctx.uow.read() as s:
        after = archive.review(s, manager, "SH01", W47)
        w48 = archive.review(s, manager, "SH01", "2026-W48")
    assert after.content_sha256 == before.content_sha256
    assert [(r.content["name"], r.addendum_for) for r in w48.records] == [("张晓明", W47)]
    assert [a["detail"] for a in w48.records[0].content["activities"]] == ["补记来电"]

    with pytest.raises(Conflict, match="已经签核"):
        archive.sign_week(ctx.uow, manager, "SH01", W47, files_dir=tmp_path / "again")

    (tmp_path / "signed" / "SH01-2026-W47-hq.pdf").write_bytes(b"changed")
    with ctx.uow.read() as s:
        assert archive.verify_files(s, "SH01", W47)["SH01-2026-W47-hq.pdf"] == "changed"


def test_re_export_of_a_signed_week_differs_only_in_the_export_time(ctx: AppContext, world: World, manager,
                                                                     tmp_path: Path) -> None:
    slip(ctx, world, "zhang", "SH01-2026-000001", dt.datetime(2026, 11, 18, 15, 0), note="客户要求加急")
    archive.sign_week(ctx.uow, manager, "SH01", W47, files_dir=tmp_path / "signed")
    a = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "a",
                            exported_at=dt.datetime(2026, 11, 30, 9, 0, 0))
    # Data changed after the lock: the signed week's files say the same.
    with ctx.uow.write() as s:
        zhang = s.get(Customer, world.customer_ids["zhang"])
        assert zhang is not None
        zhang.address = "新地址"
        s.commit()
    b = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "b",
                            exported_at=dt.datetime(2026, 12, 1, 17, 30, 5))

    def strip(text: str) -> str:
        return "\n".join(line for line in text.splitlines() if "导出时间" not in line)

    for name in ("SH01-2026-W47-hq.pdf", "SH01-2026-W47-store.pdf"):
        ta, tb = pdf_text(tmp_path / "a" / name), pdf_text(tmp_path / "b" / name)
        assert "2026-11-30 09:00:00" in ta and "2026-12-01 17:30:05" in tb
        assert strip(ta) == strip(tb)
        assert "新地址" not in tb
        from pypdf import PdfReader

        pa, pb = PdfReader(tmp_path / "a" / name), PdfReader(tmp_path / "b" / name)
        assert len(pa.pages) == len(pb.pages) >= 2
        for page_a, page_b in zip(pa.pages[1:], pb.pages[1:], strict=True):  # the record pages, byte for byte
            assert page_a.get_contents().get_data() == page_b.get_contents().get_data()
    for name in ("SH01-2026-W47-hq.xlsx", "SH01-2026-W47-store.xlsx"):
        wa, wb = load_workbook(tmp_path / "a" / name), load_workbook(tmp_path / "b" / name)
        cells_a = [[c.value for c in row] for row in wa.worksheets[0].iter_rows()]
        cells_b = [[c.value for c in row] for row in wb.worksheets[0].iter_rows()]
        assert cells_a == cells_b
    assert a.view.content_sha256 == b.view.content_sha256


def test_pdf_text_of_a_small_week(ctx: AppContext, world: World, manager, tmp_path: Path) -> None:
    slip(ctx, world, "zhang", "SH01-2026-000001", dt.datetime(2026, 11, 18, 15, 0), note="内部：客户要求加急")
    call_in(ctx, world, "zhang", dt.datetime(2026, 11, 19, 10, 30), text="问改手寸进度")
    result = archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path, exported_at=dt.datetime(2026, 11, 24, 9))
    hq = pdf_text(tmp_path / "SH01-2026-W47-hq.pdf")
    store = pdf_text(tmp_path / "SH01-2026-W47-store.pdf")
    assert "每周客户档案（总部联）" in hq and "每周客户档案（门店联）" in store
    assert "2026-W47（2026-11-16 至 2026-11-22）" in hq
    assert "档案记录：2 条" in hq and "未签核（草稿）" in hq
    assert "SH01-A2026-0002" in hq and "张晓明" in hq and "13812345678" in hq
    assert "2026-11-19 10:30 来电咨询：问改手寸进度" in hq
    assert "开维修单 SH01-2026-000001" in hq
    assert "维修单未结 SH01-2026-000001" in hq
    assert "第 1 页 / 共 2 页" in hq.replace("\u3000", " ") or "第1页/共2页" in hq.replace(" ", "")
    assert "内部：客户要求加急" in store and "内部：客户要求加急" not in hq
    assert len(result.paths) == 4
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO((tmp_path / "SH01-2026-W47-hq.pdf").read_bytes()))
    fonts = {str(f) for p in reader.pages for f in (p["/Resources"]["/Font"].values())}
    assert len(reader.pages) == 2 and fonts


def test_xlsx_cells_of_a_small_week(ctx: AppContext, world: World, manager, tmp_path: Path) -> None:
    with ctx.uow.write() as s:
        zeng = s.get(Customer, world.customer_ids["zeng"])
        assert zeng is not None
        zeng.preferences = "=HYPERLINK(\"http://x\",\"点我\")"
        s.commit()
    archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path, exported_at=dt.datetime(2026, 11, 24, 9))
    wb = load_workbook(tmp_path / "SH01-2026-W47-hq.xlsx")
    ws = wb.worksheets[0]
    header = [c.value for c in ws[1]]
    assert header[:7] == ["编号", "补录周次", "姓名", "电话", "地址", "首次来店", "来店次数"]
    assert "内部备注" not in header
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == f"A1:{ws.cell(row=1, column=len(header)).column_letter}3"
    row = {h: c.value for h, c in zip(header, ws[2], strict=True)}
    assert row["编号"] == "SH01-A2026-0001" and row["姓名"] == "曾丽华"
    assert row["首次来店"] == dt.datetime(2026, 11, 17) and row["来店次数"] == 1
    assert row["希望的服务"].startswith("'=HYPERLINK")
    assert row["电话"] == "13987654321"
    store = load_workbook(tmp_path / "SH01-2026-W47-store.xlsx").worksheets[0]
    assert [c.value for c in store[1]][-1] == "内部备注"
    cover = {r[0].value: r[1].value for r in wb.worksheets[1].iter_rows()}
    assert cover["档案记录"] == 2 and cover["周次"] == "2026-W47"


def test_cancelled_export_leaves_no_file(ctx: AppContext, world: World, manager, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int, text: str) -> None:
        seen.append((done, total))
        if len(seen) > 2:
            raise KeyboardInterrupt  # what the window's cancel button does through `progress`

    with pytest.raises(KeyboardInterrupt):
        archive.export_week(ctx.uow, manager, "SH01", W47, tmp_path / "out", progress=progress)
    assert list((tmp_path / "out").iterdir()) == []
    assert seen[0][1] > 0
