"""import-sales: POS exports in every encoding and layout, all-or-nothing checks, re-imports."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.data.models import (
    AuditEntry,
    Certificate,
    Customer,
    SalesReceipt,
    SoldItem,
    Store,
)
from counter_app.services.context import Actor
from counter_app.services.sales_import import ImportResult, import_sales
from tests.factories import TODAY, World
from tests.integration.sales_files import ZH_HEADER, ZH_ROWS, with_header, write_csv, write_xlsx

EN_HEADER = ["receipt_no", "sold_at", "store_code", "customer_name", "customer_phone", "product_code",
             "description", "category", "metal", "fineness", "weight_g", "price", "certificate_issuer",
             "certificate_no", "engraving", "stone_carat", "stone_color", "stone_clarity", "stone_cut",
             "custom_made", "invoice_no"]


def run(ctx: AppContext, actor: Actor, path: Path, store: str | None = None) -> ImportResult:
    return import_sales(ctx.uow, actor, path, store_code=store, today=TODAY)


def counts(ctx: AppContext) -> dict[str, int]:
    with ctx.uow.read() as s:
        return {m.__tablename__: s.scalar(select(func.count()).select_from(m)) or 0
                for m in (SalesReceipt, SoldItem, Certificate, Customer, Store, AuditEntry)}


def assert_standard_file_imported(ctx: AppContext, world: World, result: ImportResult) -> None:
    assert result.errors == [], [e.text() for e in result.errors]
    assert (result.imported, result.skipped, result.receipts_created) == (4, 0, 3)
    with ctx.uow.read() as s:
        def receipt(no: str) -> SalesReceipt:
            return s.scalars(select(SalesReceipt).where(SalesReceipt.receipt_no == no)).one()

        first = receipt("S26110301")
        assert first.sold_on == dt.date(2026, 11, 3)
        assert first.customer_id == world.customer_ids["zhang"]  # matched by phone, +86 taken off
        assert first.invoice_no == "F001"
        ring, chain = first.items
        assert (ring.product_code, ring.price, ring.weight_g) == ("DR9001", Decimal("12800.00"), Decimal("3.250"))
        assert ring.certificate is not None
        assert (ring.certificate.issuer, ring.certificate.number) == ("GIA", "2200000001")
        assert (ring.certificate.carat, ring.certificate.color, ring.certificate.cut) == (
            Decimal("0.300"), "G", "EX")
        assert ring.engraving == "GIA 2200000001" and not ring.custom_made
        assert (chain.price, chain.weight_g, chain.line_no) == (Decimal("6200.00"), Decimal("10.500"), 2)
        assert chain.description == "足金项链" and chain.metal == "足金"
        pendant = receipt("S26110502")
        assert pendant.items[0].custom_made
        new = s.get(Customer, pendant.customer_id)
        assert new is not None
        assert (new.name, new.phone, new.phone_reversed) == ("单雪梅", "13911112222", "22221111931")
        assert "shanxuemei" in new.name_pinyin.split() and "dxm" in new.name_initials.split()
        assert receipt("S26110603").customer_id is None
    assert result.customers_created == 1 and result.customers_matched == 1
    assert result.receipts_without_customer == 1


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gbk"])
def test_csv_in_every_encoding(ctx: AppContext, world: World, manager: Actor, tmp_path: Path,
                               encoding: str) -> None:
    path = write_csv(tmp_path / f"sales-{encoding}.csv", ZH_HEADER, ZH_ROWS, encoding=encoding)
    if encoding == "gbk":
        assert not path.read_bytes().startswith(b"\xef\xbb\xbf")
        with pytest.raises(UnicodeDecodeError):
            path.read_bytes().decode("utf-8")
    result = run(ctx, manager, path)
    assert_standard_file_imported(ctx, world, result)


def test_xlsx_with_real_dates_numbers_title_row_and_english_headers_shuffled(
    ctx: AppContext, world: World, manager: Actor, tmp_path: Path
) -> None:
    order = list(reversed(EN_HEADER))
    rows = with_header(ZH_ROWS, EN_HEADER, order)
    date_col, price_col, phone_col = order.index("sold_at"), order.index("price"), order.index("customer_phone")
    weight_col = order.index("weight_g")
    rows[0][date_col] = dt.datetime(2026, 11, 3)  # a real date cell
    rows[0][price_col] = 12800  # a number cell
    rows[0][weight_col] = 3.25
    rows[1][date_col] = dt.date(2026, 11, 3)
    rows[2][phone_col] = 13911112222  # a phone typed as a number
    rows[2][price_col] = 8800.0
    header = ["Sold At " if h == "sold_at" else "RECEIPT NO" if h == "receipt_no" else h for h in order]
    path = write_xlsx(tmp_path / "sales.xlsx", header, rows, title="门店销售明细 2026年11月")
    result = run(ctx, manager, path)
    assert result.source is not None and result.source.kind == "xlsx"
    assert_standard_file_imported(ctx, world, result)


def test_lenient_headers_and_tab_separated_utf16(ctx: AppContext, world: World, manager: Actor,
                                                 tmp_path: Path) -> None:
    header = [" 销售单号 ", "销售日期", "门店代码", "姓名", "手机号码", "货号", "品名", "品类", "材质", "成色",
              "重量（克）", "售价 (元)", "鉴定机构", "证书编号", "字印", "主石重量(ct)", "颜色", "净度", "切工",
              "是否定制", "发票号码"]
    path = write_csv(tmp_path / "sales.txt", header, ZH_ROWS, encoding="utf-16", delimiter="\t")
    assert_standard_file_imported(ctx, world, run(ctx, manager, path))


def test_yen_sign_and_thousands_separator(ctx: AppContext, world: World, manager: Actor, tmp_path: Path) -> None:
    rows = [_row(price="¥12,800.50"), _row(product="A2", price=" １２８００ 元")]
    assert run(ctx, manager, write_csv(tmp_path / "s.csv", HEADER, rows)).imported == 2
    with ctx.uow.read() as s:
        assert set(s.scalars(select(SoldItem.price).where(SoldItem.product_code.in_(["A1", "A2"])))) == {
            Decimal("12800.50"), Decimal("12800.00")}


def test_importing_the_same_file_twice_adds_nothing(ctx: AppContext, world: World, manager: Actor,
                                                     tmp_path: Path) -> None:
    path = write_csv(tmp_path / "sales.csv", ZH_HEADER, ZH_ROWS)
    assert run(ctx, manager, path).imported == 4
    before = counts(ctx)
    again = run(ctx, manager, path)
    assert again.errors == []
    assert (again.imported, again.skipped, again.receipts_skipped) == (0, 4, 3)
    assert counts(ctx) == before


def test_a_file_overlapping_an_earlier_import_adds_only_the_new_receipts(
    ctx: AppContext, world: World, manager: Actor, tmp_path: Path
) -> None:
    run(ctx, manager, write_csv(tmp_path / "a.csv", ZH_HEADER, ZH_ROWS[:2]))
    result = run(ctx, manager, write_csv(tmp_path / "b.csv", ZH_HEADER, ZH_ROWS))
    assert result.errors == []
    assert (result.imported, result.skipped) == (2, 2)


def test_one_audit_entry_per_import_with_file_hash_and_counts(ctx: AppContext, world: World,
                                                              manager: Actor, tmp_path: Path) -> None:
    before = counts(ctx)["audit_log"]
    result = run(ctx, manager, write_csv(tmp_path / "sales.csv", ZH_HEADER, ZH_ROWS))
    with ctx.uow.read() as s:
        entries = list(s.execute(select(AuditEntry.entity, AuditEntry.staff_id, AuditEntry.after)
                                 .where(AuditEntry.id > before)))
    assert [e.entity for e in entries] == ["sales_import"]
    entity, staff_id, after = entries[0]
    assert staff_id == manager.staff_id
    assert after["sha256"] == result.sha256 and len(result.sha256) == 64
    assert (after["file"], after["imported"], after["customers_created"]) == ("sales.csv", 4, 1)


def test_store_from_option_and_unknown_store_created(ctx: AppContext, world: World, manager: Actor,
                                                     tmp_path: Path) -> None:
    header = ["销售单号", "销售日期", "门店", "货号", "售价"]
    rows = [["T1", "2026-11-01", "", "A1", "100"], ["T2", "2026-11-01", "ＧＺ０２", "A2", "200"]]
    result = run(ctx, manager, write_csv(tmp_path / "s.csv", header, rows), store="BJ01")
    assert result.errors == [] and result.stores_created == ["GZ02"]
    with ctx.uow.read() as s:
        codes = dict(s.execute(select(SalesReceipt.receipt_no, Store.code).join(Store)).all())
        gz_name = s.scalars(select(Store.name).where(Store.code == "GZ02")).one()
    assert codes["T1"] == "BJ01" and codes["T2"] == "GZ02" and gz_name == "GZ02"


def test_existing_certificate_without_item_is_reused(ctx: AppContext, world: World, manager: Actor,
                                                    tmp_path: Path) -> None:
    with ctx.uow.write() as s:
        s.add(Certificate(issuer="IGI", number="LG700000001", carat=Decimal("0.500")))
        s.commit()
    header = ["销售单号", "销售日期", "门店", "货号", "售价", "证书机构", "证书号", "主石重量"]
    rows = [["T1", "2026-11-01", "SH01", "A1", "30000", "ＩＧＩ", "lg700000001", "0.5"]]
    result = run(ctx, manager, write_csv(tmp_path / "s.csv", header, rows))
    assert result.errors == [] and result.certificates_reused == 1 and result.certificates_created == 0


# --- bad rows: each is reported with row, column and reason, and nothing is written ----------

GOOD = ["T1", "2026-11-01", "SH01", "13800000001", "A1", "100", "2.5", "", "", "", ""]
HEADER = ["销售单号", "销售日期", "门店", "手机", "货号", "售价", "重量(g)", "主石重量", "证书机构", "证书号",
          "定制"]


def _row(**changes: str) -> list[str]:
    row = list(GOOD)
    names = {"receipt": 0, "date": 1, "store": 2, "phone": 3, "product": 4, "price": 5, "weight": 6,
             "carat": 7, "issuer": 8, "cert": 9, "custom": 10}
    for key, value in changes.items():
        row[names[key]] = value
    return row


BAD_CASES = {
    "empty receipt": ([_row(receipt="")], 3, "销售单号", "不能为空"),
    "empty product": ([_row(product="")], 3, "货号", "不能为空"),
    "empty price": ([_row(price="")], 3, "售价", "不能为空"),
    "bad date": ([_row(date="2026-02-30")], 3, "销售日期", "不是日期 '2026-02-30'"),
    "words for a date": ([_row(date="上周")], 3, "销售日期", "不是日期"),
    "future date": ([_row(date="2026-11-26")], 3, "销售日期", "日期在未来"),
    "bad money": ([_row(price="abc")], 3, "售价", "不是金额 'abc'"),
    "negative price": ([_row(price="-100")], 3, "售价", "售价必须大于 0"),
    "zero price": ([_row(price="0.00")], 3, "售价", "售价必须大于 0"),
    "zero weight": ([_row(weight="0")], 3, "重量(g)", "重量应大于 0 克"),
    "huge weight": ([_row(weight="2500")], 3, "重量(g)", "不超过 2000 克"),
    "bad weight": ([_row(weight="3,5g?")], 3, "重量(g)", "不是数字"),
    "bad carat": ([_row(carat="abc")], 3, "主石重量", "不是数字"),
    "negative carat": ([_row(carat="-0.3")], 3, "主石重量", "主石重量应大于 0"),
    "bad phone": ([_row(phone="1380000")], 3, "手机", "不是手机号"),
    "bad custom flag": ([_row(custom="maybe")], 3, "定制", "是/否"),
    "issuer without number": ([_row(issuer="GIA")], 3, "证书号", "没有证书号"),
    "receipt rows disagree on date": ([_row(product="A0"), _row(date="2026-11-02")], 3, "销售日期",
                                      "与同一销售单 T1 的第 3 行不一致"),
    "receipt rows disagree on store": ([_row(product="A0"), _row(store="BJ01")], 3, "门店", "不一致"),
    "receipt rows disagree on customer": ([_row(product="A0"), _row(phone="13800000002")], 3, "手机", "不一致"),
    "same product twice": ([_row(), _row(price="200")], 3, "货号", "货号 A1 在同一销售单 T1 里重复（第 3 行已有）"),
    "receipt on record with other content": ([_row(receipt="R20261118001", date="2026-11-18", phone="13812345678")], 3, "货号",
                                             "销售单 R20261118001 已在数据库里，但没有货号 A1"),
    "receipt on record with another date": ([_row(receipt="R20261118001", product="DR0001")], 3, "销售日期",
                                            "已在数据库里，内容不同"),
    "certificate of another item": ([_row(issuer="GIA", cert="2141438171")], 3, "证书号",
                                    "证书 GIA 2141438171 已登记在另一件货品上（销售单 R20261118001，货号 DR0001）"),
    "same certificate twice in the file": ([_row(product="A0", issuer="IGI", cert="X1"),
                                            _row(issuer="IGI", cert="x1")], 3, "证书号", "已用于另一件货品"),
    "no store": ([_row(store="")], 3, "门店", "没有门店"),
}


@pytest.mark.parametrize("case", list(BAD_CASES))
def test_bad_row_is_reported_and_nothing_is_written(ctx: AppContext, world: World, manager: Actor,
                                                    tmp_path: Path, case: str) -> None:
    bad_rows, row_no, column, reason = BAD_CASES[case]
    good_first = ["G1", "2026-11-01", "SH01", "13800000009", "G1", "100", "", "", "", "", ""]
    path = write_csv(tmp_path / "bad.csv", HEADER, [good_first, *bad_rows])
    before = counts(ctx)
    result = run(ctx, manager, path)
    assert counts(ctx) == before  # not even the good row, nor a customer, store or audit entry
    assert result.imported == 0
    assert any(e.row == row_no + len(bad_rows) - 1 and e.column == column and reason in e.message
               for e in result.errors), [e.text() for e in result.errors]


def test_message_names_the_spreadsheet_row_and_the_column_as_written(
    ctx: AppContext, world: World, manager: Actor, tmp_path: Path
) -> None:
    rows = [list(GOOD) for _ in range(6)]
    for i, row in enumerate(rows):
        row[0] = f"T{i}"
    rows[5][5] = "abc"  # the 7th line of the sheet: header is row 1
    result = run(ctx, manager, write_csv(tmp_path / "bad.csv", HEADER, rows))
    assert [e.text() for e in result.errors] == ["第 7 行 售价: 不是金额 'abc'"]
    assert result.errors[0].as_dict() == {"row": 7, "column": "售价", "message": "不是金额 'abc'",
                                          "text": "第 7 行 售价: 不是金额 'abc'"}


def test_every_bad_row_is_reported_not_just_the_first(ctx: AppContext, world: World, manager: Actor,
                                                      tmp_path: Path) -> None:
    rows = [_row(receipt=f"T{i}", price="abc" if i % 2 else "100") for i in range(10)]
    result = run(ctx, manager, write_csv(tmp_path / "bad.csv", HEADER, rows))
    assert [e.row for e in result.errors] == [3, 5, 7, 9, 11]


def test_missing_required_columns_are_named(ctx: AppContext, world: World, manager: Actor,
                                            tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", ["单号", "货号", "品名"], [["T1", "A1", "戒指"]])
    before = counts(ctx)
    result = run(ctx, manager, path)
    assert counts(ctx) == before
    missing = {e.column for e in result.errors}
    assert {"销售日期", "售价", "门店"} <= missing and all(e.row == 1 for e in result.errors)


def test_empty_and_unreadable_files(ctx: AppContext, world: World, manager: Actor, tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert run(ctx, manager, empty).errors
    header_only = write_csv(tmp_path / "h.csv", HEADER, [])
    result = run(ctx, manager, header_only)
    assert result.errors == [] and result.imported == 0 and result.warnings
    from counter_app.errors import InputError

    with pytest.raises(InputError, match="找不到文件"):
        run(ctx, manager, tmp_path / "missing.csv")
    fake = tmp_path / "fake.xlsx"
    fake.write_bytes(b"not a workbook")
    with pytest.raises(InputError, match="XLSX"):
        run(ctx, manager, fake)


def test_twenty_thousand_rows_import_in_seconds(ctx: AppContext, world: World, manager: Actor,
                                                tmp_path: Path) -> None:
    rows = []
    for i in range(20_000):
        r = i // 2  # two items per receipt, 10,000 receipts, 5,000 customers
        cert = ["GIA", f"9{i:09d}"] if i % 4 == 0 else ["", ""]
        name = "张王李赵刘陈杨黄周吴"[r % 10] + "晓丽建国华明"[r % 6] + "红伟芳敏静强"[(r // 60) % 6]
        rows.append([f"B{r:06d}", "2026-10-01", ("SH01", "BJ01")[r % 2], f"139{r % 5000:08d}", f"P{i:06d}",
                     f"{1000 + i % 900}.00", "3.5", "0.3", *cert, "否", name])
    path = write_csv(tmp_path / "big.csv", [*HEADER, "顾客姓名"], rows, encoding="gbk")
    result = run(ctx, manager, path)
    assert result.errors == [], [e.text() for e in result.errors[:5]]
    assert (result.imported, result.receipts_created, result.customers_created) == (20_000, 10_000, 5_000)
    assert result.seconds < 60, result.seconds  # ~4 s measured on a 2-core machine; generous for CI
    print(f"20,000 rows: {result.seconds:.1f} s")
    again = run(ctx, manager, path)
    assert (again.imported, again.skipped) == (0, 20_000)


def test_title_line_blank_lines_and_a_total_line_keep_row_numbers(ctx: AppContext, world: World,
                                                                 manager: Actor, tmp_path: Path) -> None:
    path = tmp_path / "pos.csv"
    body = [",".join(HEADER), ",".join(_row(receipt="T1")), "", ",".join(_row(receipt="T2", price="abc")),
            "合计,,,,,100"]
    path.write_text("门店销售明细，2026年11月\n" + "\n".join(body) + "\n", encoding="utf-8")
    result = run(ctx, manager, path)
    assert [e.text() for e in result.errors] == ["第 5 行 售价: 不是金额 'abc'"]
    good = tmp_path / "good.csv"
    good.write_text(path.read_text(encoding="utf-8").replace("abc", "120"), encoding="utf-8")
    result = run(ctx, manager, good)
    assert result.errors == [] and result.imported == 2
    assert any("合计" in w and "6" in w for w in result.warnings)


def test_xlsx_blank_rows_count_in_row_numbers(ctx: AppContext, world: World, manager: Actor,
                                              tmp_path: Path) -> None:
    rows: list[list[object]] = [_row(receipt="T1"), [], [], _row(receipt="T2", date="昨天")]
    result = run(ctx, manager, write_xlsx(tmp_path / "gap.xlsx", HEADER, rows))
    assert [(e.row, e.column) for e in result.errors] == [(5, "销售日期")]
