"""The audit trail: append-only in the database, hash-chained, browsable and exportable."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import load_workbook
from sqlalchemy import select, text
from sqlalchemy.exc import DBAPIError

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.data.models import AuditEntry
from counter_app.errors import PermissionDenied
from counter_app.services import audit, policy
from counter_app.services.context import Actor
from tests.factories import World


def _some_entries(ctx: AppContext, manager: Actor, n: int = 3) -> None:
    for i in range(n):
        with ctx.uow.write() as s:
            policy.set_values(s, manager, {"return_days": 7 + i}, note=f"第 {i} 次")
            s.commit()


@pytest.mark.parametrize("sql", ["UPDATE audit_log SET summary = 'x'", "DELETE FROM audit_log"])
def test_database_refuses_to_change_or_delete_audit_rows(ctx: AppContext, world: World, manager: Actor,
                                                         sql: str) -> None:
    _some_entries(ctx, manager, 1)
    with ctx.engine.connect() as conn:
        with pytest.raises(DBAPIError, match="append-only"):
            conn.execute(text(sql))
        conn.rollback()
    with ctx.uow.read() as s:
        assert s.scalar(select(text("count(*)")).select_from(AuditEntry)) >= 1


def _tamper(ctx: AppContext, entry_id: int) -> None:
    """What someone with a database shell could do: drop the guard, then edit a row."""
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_update" + ("" if ctx.engine.dialect.name == "sqlite"
                                                                   else " ON audit_log"))
        conn.execute(text("UPDATE audit_log SET summary = '没有改过' WHERE id = :i"), {"i": entry_id})


def test_check_finds_an_entry_edited_behind_the_programs_back(ctx: AppContext, world: World, manager: Actor,
                                                              capsys: pytest.CaptureFixture[str]) -> None:
    _some_entries(ctx, manager, 3)
    assert main(["check", "--db", ctx.url]) == 0
    capsys.readouterr()
    with ctx.uow.read() as s:
        victim = s.scalars(select(AuditEntry.id).order_by(AuditEntry.id.desc()).offset(1).limit(1)).one()
    _tamper(ctx, victim)
    code = main(["check", "--db", ctx.url])
    err = capsys.readouterr().err
    assert code != 0
    assert f"#{victim}" in err and "改动" in err
    assert "audit_log_no_update" in err


def test_check_finds_a_deleted_entry_by_the_broken_link(ctx: AppContext, world: World, manager: Actor,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    _some_entries(ctx, manager, 3)
    with ctx.uow.read() as s:
        ids = list(s.scalars(select(AuditEntry.id).order_by(AuditEntry.id)))
    with ctx.engine.begin() as conn:
        conn.exec_driver_sql("DROP TRIGGER audit_log_no_delete" + ("" if ctx.engine.dialect.name == "sqlite"
                                                                   else " ON audit_log"))
        conn.execute(text("DELETE FROM audit_log WHERE id = :i"), {"i": ids[-2]})
    assert main(["check", "--db", ctx.url, "--json"]) == 1
    report = json.loads(capsys.readouterr().out)
    assert not report["ok"]
    assert any(f"#{ids[-1]}" in p and "链接" in p for p in report["problems"])


def test_chain_links_every_entry_to_the_previous(ctx: AppContext, world: World, manager: Actor) -> None:
    _some_entries(ctx, manager, 4)
    with ctx.uow.read() as s:
        rows = list(s.scalars(select(AuditEntry).order_by(AuditEntry.id)))
        assert list(audit.verify_chain(s)) == []
        for prev, cur in zip(rows, rows[1:], strict=False):
            assert cur.prev_hash == prev.hash and len(cur.hash) == 64


def test_only_managers_browse_the_audit_trail(ctx: AppContext, world: World, clerk: Actor, manager: Actor) -> None:
    _some_entries(ctx, manager, 2)
    with ctx.uow.read() as s:
        with pytest.raises(PermissionDenied):
            audit.query(s, clerk)
        found = audit.query(s, manager, action="update", entity="policy")
        assert len(found) == 2 and found[0].id > found[1].id


def test_cli_audit_since_json_and_safe_export(ctx: AppContext, world: World, manager: Actor, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    with ctx.uow.write() as s:
        audit.record(s, manager, "create", "customer", "77", '=HYPERLINK("http://evil.example","点我")')
        s.commit()
    assert main(["audit", "--since", "2000-01-01", "--json", "--db", ctx.url]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert rows[0]["summary"].startswith("=HYPERLINK")  # stored verbatim
    assert main(["audit", "--since", "2999-01-01", "--json", "--db", ctx.url]) == 0
    assert json.loads(capsys.readouterr().out) == []
    assert main(["audit", "--since", "2026-13-01", "--db", ctx.url]) == 1
    assert "--since" in capsys.readouterr().err

    xlsx = tmp_path / "audit.xlsx"
    assert main(["audit", "--since", "2000-01-01", "--export", str(xlsx), "--db", ctx.url]) == 0
    ws = load_workbook(xlsx).active
    summaries = [c.value for c in ws["G"]]
    assert "'=HYPERLINK(\"http://evil.example\",\"点我\")" in summaries
    assert all(not (isinstance(v, str) and v.startswith("=")) for row in ws.iter_rows(values_only=True) for v in row)
    csv_file = tmp_path / "audit.csv"
    assert main(["audit", "--export", str(csv_file), "--db", ctx.url]) == 0
    with csv_file.open(encoding="utf-8-sig") as fh:
        cells = [c for row in csv.reader(fh) for c in row]
    assert not any(c.startswith("=") for c in cells)
    with ctx.uow.read() as s:
        exports = [e.summary for e in s.scalars(select(AuditEntry).where(AuditEntry.action == "export"))]
    assert len(exports) == 2 and "audit.xlsx" in exports[0]
