"""Drafts of the counter forms: what the clerk typed is kept, comes back after a restart, and
is no longer offered once the form is saved."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from PySide6.QtCore import QDate
from PySide6.QtWidgets import QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import Draft
from counter_app.errors import DatabaseProblem
from counter_app.services import drafts, slips
from counter_app.services import intake as intake_service
from tests.factories import TODAY, World
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.windows import drafts_prompt, intake_page, quotes_page
from ui.windows.drafts_prompt import offer_drafts, register_opener
from ui.windows.intake_page import IntakePage
from ui.windows.quotes_page import QuotesPage
from ui.windows.slips import editor as slip_editor
from ui.windows.slips.editor import SlipEditor


@pytest.fixture(autouse=True)
def quiet_and_openers(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, name, lambda *a, **k: QMessageBox.StandardButton.Ok)
    # other tests put their own openers in the shared registry: use the forms' own
    for form, module in (("intake", intake_page), ("slip", slip_editor), ("quote", quotes_page)):
        register_opener(form, module.open_draft)


def start(qtbot: QtBot, ctx: AppContext, world: World) -> MainWindow:
    window = MainWindow(UiSession(ctx, world.clerk))
    qtbot.addWidget(window)
    window.show()
    return window


def stored(ctx: AppContext, world: World, form: str) -> list[dict[str, Any]]:
    with ctx.uow.read() as s:
        return [d.data for d in drafts.pending(s, world.clerk, form)]


def restart_and_restore(qtbot: QtBot, ctx: AppContext, world: World) -> MainWindow:
    """A new main window (the next start), and the clerk picks the draft offered."""
    window = start(qtbot, ctx, world)
    dialog = offer_drafts(window, window.session)
    assert dialog is not None and dialog.list.count() == 1
    dialog.restore_selected()
    return window


# --- intake ---------------------------------------------------------------------------------

def fill_intake(page: IntakePage) -> None:
    page.lookup.receipt_edit.setText("R20261118001")
    page.lookup.product_edit.setText("DR0001")
    page.look_up("R20261118001", "DR0001")
    page.model.set_observed_text("certificate_issuer", "GIA")
    page.model.set_observed_text("certificate_no", "2141438171")
    page.condition.damage["scratches"].setChecked(True)
    page.condition.notes.setText("戒圈内侧划痕")
    page.condition.weight.setText("3.25")
    page.condition.add_defect("主石松动", "repair")
    page.brought.boxes["certificate"].setChecked(True)
    page.outcome_bar.notes.setText("顾客下午来取")


def test_intake_draft_comes_back_and_is_finished_by_saving(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    window = start(qtbot, ctx, world)
    page = window.show_page("intake")
    assert isinstance(page, IntakePage)
    assert page.keeper.save_now() is False  # an empty form leaves no draft
    fill_intake(page)
    assert page.keeper.save_now()
    [data] = stored(ctx, world, "intake")
    assert data["receipt_no"] == "R20261118001" and data["observed"]["certificate_no"] == "2141438171"
    assert data["condition_notes"] == "戒圈内侧划痕" and data["weight"] == "3.25"
    assert data["defects"] == [["主石松动", "repair"]] and data["notes"] == "顾客下午来取"
    page.keeper.timer.stop()  # the program "crashes" here

    later = restart_and_restore(qtbot, ctx, world)
    assert later.current_key() == "intake"
    again = later.pages["intake"]
    assert isinstance(again, IntakePage)
    assert again.lookup.receipt_edit.text() == "R20261118001"
    assert "18K金钻石戒指" in again.item_label.text()  # the sale was looked up again
    assert again.model.observed_text("certificate_no") == "2141438171"
    assert again.model.status("certificate_no") == "match"
    assert again.condition.damage["scratches"].isChecked()
    assert again.condition.notes.text() == "戒圈内侧划痕" and again.condition.weight.text() == "3.25"
    assert again.condition.unmentioned_defects() == [{"defect": "主石松动", "decision": "repair"}]
    assert again.brought.boxes["certificate"].isChecked()
    assert again.outcome_bar.notes.text() == "顾客下午来取"
    assert stored(ctx, world, "intake") == []  # the offered draft was taken

    assert again.keeper.save_now()
    assert len(stored(ctx, world, "intake")) == 1
    assert again.save() is not None
    assert stored(ctx, world, "intake") == []
    assert again.keeper.save_now() is False  # a saved intake is no draft
    assert offer_drafts(later, UiSession(ctx, world.clerk)) is None


def test_intake_save_refused_keeps_the_draft_and_the_text(qtbot: QtBot, ctx: AppContext, world: World,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    window = start(qtbot, ctx, world)
    page = window.show_page("intake")
    assert isinstance(page, IntakePage)
    fill_intake(page)

    def busy(*_a: Any, **_k: Any) -> Any:
        raise DatabaseProblem("数据库正忙。")

    monkeypatch.setattr(intake_service, "save_intake", busy)
    assert page.save() is None
    [data] = stored(ctx, world, "intake")
    assert data["notes"] == "顾客下午来取"
    assert page.outcome_bar.notes.text() == "顾客下午来取"


# --- slip -----------------------------------------------------------------------------------

def test_slip_draft_comes_back_and_is_finished_by_saving(qtbot: QtBot, ctx: AppContext, world: World,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    window = start(qtbot, ctx, world)
    slips_page: Any = window.show_page("slips")
    editor = slips_page.open_editor()
    assert isinstance(editor, SlipEditor)
    editor.receipt_edit.setText("R20261118001")
    editor.product_edit.setText("DR0001")
    editor.weight_edit.setText("3.25")
    editor.work_boxes["resize"].setChecked(True)
    editor.shipping_edit.setText("20")
    editor.note_edit.setText("改到 12 号")
    editor.internal_edit.setText("顾客很急")
    editor.promised_edit.setDate(QDate(2026, 12, 8))
    editor.add_defect("链扣变形", "repair")

    def busy(*_a: Any, **_k: Any) -> Any:
        raise DatabaseProblem("数据库正忙。")

    monkeypatch.setattr(slips, "create", busy)
    assert editor.save() is None  # refused: the draft is written at once, the text stays
    assert "数据库正忙" in editor.error_label.text() and editor.note_edit.text() == "改到 12 号"
    [data] = stored(ctx, world, "slip")
    assert data["works"] == ["resize"] and data["note"] == "改到 12 号" and data["promised"] == "2026-12-08"
    assert data["defects"] == [["链扣变形", "repair"]] and data["receipt"] == "R20261118001"
    monkeypatch.undo()
    editor.keeper.timer.stop()  # the program "crashes" here

    later = restart_and_restore(qtbot, ctx, world)
    assert later.current_key() == "slips"
    again = later.pages["slips"].last_dialog  # type: ignore[attr-defined]
    assert isinstance(again, SlipEditor) and again.isVisible()
    assert again.receipt_edit.text() == "R20261118001" and again.product_edit.text() == "DR0001"
    assert again.chosen_works() == ["resize"] and again.weight_edit.text() == "3.25"
    assert again.note_edit.text() == "改到 12 号" and again.internal_edit.text() == "顾客很急"
    assert again.promised_edit.date() == QDate(2026, 12, 8)
    assert [d.defect for d in again.draft().defects] == ["链扣变形"]

    assert again.keeper.save_now()
    assert again.save() == "SH01-2026-000001"
    assert stored(ctx, world, "slip") == []
    with ctx.uow.read() as s:
        assert all(d.done for d in s.scalars(select(Draft)))


def test_cancelled_slip_leaves_no_draft(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    window = start(qtbot, ctx, world)
    editor = window.show_page("slips").open_editor()  # type: ignore[attr-defined]
    editor.note_edit.setText("先不修了")
    assert editor.keeper.save_now()
    editor.reject()
    assert stored(ctx, world, "slip") == []


# --- quote ----------------------------------------------------------------------------------

def test_quote_draft_comes_back_and_is_finished_by_saving(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    window = start(qtbot, ctx, world)
    page = window.show_page("quotes")
    assert isinstance(page, QuotesPage)
    page.old.on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    page.set_kind("trade_in")
    page.old.receipt.setText("R20261118001")
    page.old.product.setText("DR0001")
    page.verify.fields["cert_issuer"].setText("GIA")
    page.verify.fields["cert_no"].setText("2141438171")
    page.pieces.add_piece("NR1", "新款钻戒", Decimal("14080"))
    assert page.keeper.save_now()
    [data] = stored(ctx, world, "quote")
    assert data["kind"] == "trade_in" and data["receipt"] == "R20261118001"
    assert data["observed"]["cert_no"] == "2141438171" and data["pieces"][0][:2] == ["NR1", "新款钻戒"]
    page.keeper.timer.stop()  # the program "crashes" here

    later = restart_and_restore(qtbot, ctx, world)
    assert later.current_key() == "quotes"
    again = later.pages["quotes"]
    assert isinstance(again, QuotesPage)
    assert again.kind() == "trade_in" and again.old.product.text() == "DR0001"
    assert again.verify.fields["cert_no"].text() == "2141438171"
    assert [(p.product_code, p.description, p.price) for p in again.pieces.pieces()] == [
        ("NR1", "新款钻戒", Decimal("14080.00"))]
    assert again.result.verdict.text().startswith("可以办理")

    assert again.keeper.save_now()
    assert again.save() is not None
    assert stored(ctx, world, "quote") == []
    assert again.keeper.save_now() is False
    assert drafts_prompt.pending_drafts(UiSession(ctx, world.clerk)) == []


def test_quote_save_refused_keeps_the_draft_and_the_text(qtbot: QtBot, ctx: AppContext, world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    window = start(qtbot, ctx, world)
    page = window.show_page("quotes")
    assert isinstance(page, QuotesPage)
    page.old.on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    page.set_kind("trade_in")
    page.old.receipt.setText("R20261118001")
    page.old.product.setText("DR0001")
    page.verify.fields["cert_issuer"].setText("GIA")
    page.verify.fields["cert_no"].setText("2141438171")
    page.pieces.add_piece("NR1", "新款钻戒", Decimal("14080"))

    def busy(*_a: Any, **_k: Any) -> Any:
        raise DatabaseProblem("数据库正忙。")

    monkeypatch.setattr(quotes_page.quotes, "save", busy)
    assert page.save() is None
    [data] = stored(ctx, world, "quote")
    assert data["observed"]["cert_no"] == "2141438171"
    assert page.verify.fields["cert_no"].text() == "2141438171" and page.saved_number is None
