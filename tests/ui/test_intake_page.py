"""The intake window driven by keyboard as a clerk with a scanner would."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from counter_app.bootstrap import AppContext
from counter_app.data.models import Intake
from counter_app.domain.verification import FIELDS
from tests.factories import World
from ui.main_window import MainWindow
from ui.models.verification_model import COL_OBSERVED, COL_STATUS, COLOURS, STATUS_ROLE
from ui.session import UiSession
from ui.windows.intake_page import IntakePage


@pytest.fixture
def page(qtbot: QtBot, ctx: AppContext, world: World) -> IntakePage:
    p = IntakePage(UiSession(ctx, world.clerk))
    qtbot.addWidget(p)
    p.resize(1280, 900)
    p.show()
    qtbot.waitExposed(p)
    return p


def type_text(widget: QWidget, text: str) -> None:
    """Key presses carrying each character, as a keyboard or input method delivers them (any script)."""
    for ch in text:
        for kind in (QEvent.Type.KeyPress, QEvent.Type.KeyRelease):
            QApplication.sendEvent(widget, QKeyEvent(kind, 0, Qt.KeyboardModifier.NoModifier, ch))


def scan(qtbot: QtBot, edit: QLineEdit, code: str) -> None:
    """A barcode scanner: the characters, then Enter."""
    type_text(edit, code)
    qtbot.keyClick(edit, Qt.Key.Key_Return)


def editor(page: IntakePage, field: str) -> QLineEdit:
    index = page.model.index(FIELDS.index(field), COL_OBSERVED)
    w = page.table.indexWidget(index)
    assert isinstance(w, QLineEdit), f"no editor open on {field}"
    return w


def type_row(qtbot: QtBot, page: IntakePage, field: str, text: str) -> None:
    type_text(editor(page, field), text)
    qtbot.keyClick(editor(page, field), Qt.Key.Key_Return)
    QApplication.processEvents()  # the view closes the editor and opens the next one queued


def scan_item(qtbot: QtBot, page: IntakePage, receipt: str, product: str) -> None:
    scan(qtbot, page.lookup.receipt_edit, receipt)
    assert page.lookup.product_edit.hasFocus() or page.focusWidget() is page.lookup.product_edit
    scan(qtbot, page.lookup.product_edit, product)


def test_scan_wrong_certificate_marks_row_and_blocks_trade_in(qtbot: QtBot, page: IntakePage) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    assert page.lookup.error.isHidden()
    assert "18K金钻石戒指" in page.item_label.text()
    # the cursor waits in the observed column; Enter moves down row by row
    type_row(qtbot, page, "certificate_issuer", "ＧＩＡ")
    type_row(qtbot, page, "certificate_no", "2141438000")
    row = FIELDS.index("certificate_no")
    assert page.model.status("certificate_no") == "mismatch"
    assert page.model.index(row, COL_STATUS).data(STATUS_ROLE) == "mismatch"
    brush = page.model.index(row, COL_OBSERVED).data(Qt.ItemDataRole.BackgroundRole)
    assert brush.color() == COLOURS["mismatch"]
    assert page.model.status("certificate_issuer") == "match"
    assert page.model.index(FIELDS.index("certificate_issuer"), 0).data(
        Qt.ItemDataRole.BackgroundRole).color() == COLOURS["match"]
    assert page.model.status("carat") == "missing"
    assert page.model.index(FIELDS.index("carat"), 0).data(
        Qt.ItemDataRole.BackgroundRole).color() == COLOURS["missing"]
    assert not page.eligibility.ok("trade_in")
    assert page.eligibility.lines["trade_in"].text().startswith("✗ 以旧换新：证书号与记录不符")
    assert not page.outcome_bar.trade_in_button.isEnabled()
    assert page.eligibility.ok("repair") and page.outcome_bar.slip_button.isEnabled()


def test_live_status_while_typing_and_correct_number_offers_trade_in(qtbot: QtBot, page: IntakePage) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    type_row(qtbot, page, "certificate_issuer", "gia")
    edit = editor(page, "certificate_no")
    type_text(edit, "214143817")
    assert page.model.status("certificate_no") == "mismatch"  # before Enter, as typed
    type_text(edit, "1")
    assert page.model.status("certificate_no") == "match"
    assert page.eligibility.ok("trade_in") and page.outcome_bar.trade_in_button.isEnabled()


def test_window_and_cli_rules_agree_on_weight_edge(qtbot: QtBot, page: IntakePage) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    page.model.set_observed_text("weight_g", "3.27")
    assert page.model.status("weight_g") == "match"
    page.model.set_observed_text("weight_g", "3.271")
    assert page.model.status("weight_g") == "mismatch"
    page.model.set_observed_text("weight_g", "3.2x")
    assert page.model.status("weight_g") == "invalid"
    assert page.table_error.isVisible() and "重量" in page.table_error.text()


def test_bad_intake_weight_saves_nothing_until_fixed(qtbot: QtBot, page: IntakePage, ctx: AppContext,
                                                    world: World) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    type_row(qtbot, page, "certificate_issuer", "GIA")
    page.condition.damage["scratches"].setChecked(True)
    type_text(page.condition.weight, "-3")
    assert page.condition.weight_error.isVisible()
    qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        assert s.scalars(select(Intake)).all() == []
    assert page.outcome_bar.error.isVisible()
    page.condition.weight.clear()
    type_text(page.condition.weight, "３.２５")
    assert page.condition.weight_error.isHidden()
    page.brought.boxes["certificate"].setChecked(True)
    qtbot.keyClick(page.outcome_bar.save_button, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    if page.intake_id is None:  # shortcut delivery depends on the window being active
        qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    assert page.intake_id is not None
    with ctx.uow.read() as s:
        row = s.scalars(select(Intake)).one()
        assert row.created_by_id == world.clerk.staff_id and row.created_at is not None
        assert str(row.weight_g) == "3.250"
        assert row.condition["damage"] == ["scratches"]
        assert row.brought["certificate"] is True
        assert row.verification["fields"][2]["status"] == "match"
    assert "已保存收件" in page.outcome_bar.status.text() and "王芳" in page.outcome_bar.status.text()
    assert not page.outcome_bar.save_button.isEnabled()  # saved once; a change makes a new intake


def test_unmentioned_defect_needs_customer_decision(qtbot: QtBot, page: IntakePage, ctx: AppContext) -> None:
    scan_item(qtbot, page, "R20261117002", "DR0002")
    page.condition.add_defect("松石")
    qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    assert page.intake_id is None and "松石" in page.condition.defects_error.text()
    combo = page.condition.defects.cellWidget(0, 1)
    combo.setCurrentIndex(combo.findData("refuse"))
    qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        assert s.scalars(select(Intake)).one().unmentioned_defects == [{"defect": "松石", "decision": "refuse"}]


def test_look_up_by_customer_phone_tail(qtbot: QtBot, page: IntakePage) -> None:
    scan(qtbot, page.lookup.customer_edit, "5678")
    assert page.lookup.results.count() == 2
    assert "张晓明" in page.lookup.results.item(0).text()
    codes = [page.lookup.results.item(i).text() for i in range(2)]
    row = next(i for i, t in enumerate(codes) if "DR0001" in t)
    page.lookup.results.setCurrentRow(row)
    qtbot.keyClick(page.lookup.results, Qt.Key.Key_Return)
    assert page.lookup.receipt_edit.text() == "R20261118001" and page.lookup.product_edit.text() == "DR0001"
    assert page.model.record is not None and page.model.record.product_code == "DR0001"


def test_unknown_receipt_then_head_office_confirmation(qtbot: QtBot, page: IntakePage, ctx: AppContext) -> None:
    scan_item(qtbot, page, "GZ0099", "XX1")
    assert "没有销售单 GZ0099" in page.lookup.error.text() and page.lookup.error.isVisible()
    assert page.head_office.isVisible() and not page.outcome_bar.save_button.isEnabled()
    qtbot.mouseClick(page.head_office.go_button, Qt.MouseButton.LeftButton)
    assert page.head_office.error.isVisible()  # who and reference first
    type_text(page.head_office.who, "总部刘洋")
    scan(qtbot, page.head_office.reference, "HO-88")
    assert page.eligibility.ok("repair") and not page.eligibility.ok("trade_in")
    qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        row = s.scalars(select(Intake)).one()
        assert row.sold_item_id is None and row.head_office_confirmation["reference"] == "HO-88"


def test_slip_and_quote_signals_carry_the_saved_intake(qtbot: QtBot, page: IntakePage, ctx: AppContext) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    type_row(qtbot, page, "certificate_issuer", "GIA")
    type_row(qtbot, page, "certificate_no", "2141438171")
    with qtbot.waitSignal(page.slip_requested, timeout=2000) as sig:
        qtbot.mouseClick(page.outcome_bar.slip_button, Qt.MouseButton.LeftButton)
    intake_id = sig.args[0]
    with ctx.uow.read() as s:
        assert s.get(Intake, intake_id).outcome == "slip"
    with qtbot.waitSignal(page.quote_requested, timeout=2000) as sig:
        qtbot.mouseClick(page.outcome_bar.trade_in_button, Qt.MouseButton.LeftButton)
    assert sig.args == [intake_id] and page.quote_kind == "trade_in"
    with ctx.uow.read() as s:
        assert s.get(Intake, intake_id).outcome == "quote"


def test_in_store_maintenance_closes_the_intake(qtbot: QtBot, page: IntakePage, ctx: AppContext) -> None:
    scan_item(qtbot, page, "R20250101004", "DR0003")  # sold in Beijing, served in Shanghai
    assert "其他门店" in page.item_label.text()
    assert page.eligibility.lines["repair"].text() == "✓ 维修服务：其他门店售出，可维修，顾客付邮费"
    qtbot.mouseClick(page.outcome_bar.maintenance_button, Qt.MouseButton.LeftButton)
    assert page.intake_id is None and "请至少选一项保养" in page.outcome_bar.error.text()
    page.outcome_bar.works["cleaning"].setChecked(True)
    page.outcome_bar.works["prong_check"].setChecked(True)
    qtbot.mouseClick(page.outcome_bar.maintenance_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        row = s.scalars(select(Intake)).one()
        assert row.outcome == "maintenance" and row.condition["maintenance"]["works"] == ["cleaning", "prong_check"]
        assert row.other_store
    assert "已完成" in page.outcome_bar.status.text()
    qtbot.mouseClick(page.outcome_bar.new_button, Qt.MouseButton.LeftButton)
    assert page.lookup.receipt_edit.text() == "" and page.model.record is None


def test_large_stone_retest_offers_trade_in(qtbot: QtBot, page: IntakePage) -> None:
    scan_item(qtbot, page, "R20261117002", "DR0002")
    type_row(qtbot, page, "certificate_issuer", "NGTC")
    type_row(qtbot, page, "certificate_no", "N2026110301")
    assert not page.eligibility.ok("trade_in") and "复检" in page.eligibility.lines["trade_in"].text()
    type_text(page.retest.code, "N2026110301")
    type_text(page.retest.color, "F")
    assert page.retest.error.isVisible()  # clarity still missing
    type_text(page.retest.clarity, "VVS2")
    assert page.eligibility.ok("trade_in") and page.outcome_bar.trade_in_button.isEnabled()


def test_main_window_switches_to_slips_on_request(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    w = MainWindow(UiSession(ctx, world.clerk))
    qtbot.addWidget(w)
    w.show()
    page = w.show_page("intake")
    assert isinstance(page, IntakePage)
    scan(qtbot, page.lookup.receipt_edit, "R20261118001")
    scan(qtbot, page.lookup.product_edit, "DR0001")
    qtbot.mouseClick(page.outcome_bar.slip_button, Qt.MouseButton.LeftButton)
    assert w.current_key() == "slips"


def test_whole_column_by_keyboard_then_weight_and_photo(qtbot: QtBot, page: IntakePage, ctx: AppContext,
                                                        tmp_path) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QColor, QPixmap

    scan_item(qtbot, page, "R20261118001", "DR0001")
    seen = {"certificate_issuer": "GIA", "certificate_no": "2141438171", "engraving": "GIA2141438171",
            "weight_g": "3.26", "carat": "0.30", "color": "G", "clarity": "VS1", "cut": "EX"}
    for field, text in seen.items():
        type_row(qtbot, page, field, text)
    assert [page.model.status(f) for f in FIELDS] == ["match"] * len(FIELDS)
    assert page.eligibility.verdict.text() == "核对结论：相符"
    assert page.condition.weight.hasFocus() or QApplication.focusWidget() is page.condition.weight
    photo = tmp_path / "ring.png"
    pix = QPixmap(40, 40)
    pix.fill(QColor("gold"))
    assert pix.save(str(photo))
    page.photo.attach(str(photo))
    assert not page.photo.now_photo.pixmap().isNull()
    assert page.condition.weight.text() == "3.26"  # the weight typed in the table is offered
    qtbot.mouseClick(page.outcome_bar.save_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        row = s.scalars(select(Intake)).one()
        assert row.photo_path == str(photo) and row.verification["verdict"] == "match"
        assert str(row.weight_g) == "3.260"


def test_typing_another_receipt_needs_a_new_look_up(qtbot: QtBot, page: IntakePage) -> None:
    scan_item(qtbot, page, "R20261118001", "DR0001")
    assert page.outcome_bar.save_button.isEnabled()
    page.lookup.product_edit.setFocus()
    type_text(page.lookup.product_edit, "X")
    assert not page.outcome_bar.save_button.isEnabled() and page.model.record is None
    assert "Enter" in page.item_label.text()
