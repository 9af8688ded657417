"""The slip windows driven like a clerk: intake to printed PDF, batches, notification, pickup."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.domain import clock
from counter_app.printing.codes import qr_payload
from counter_app.services import slip_settings, slip_status, slips
from tests.factories import World
from ui import printing
from ui.session import UiSession
from ui.windows.slips.batch import BatchDialog
from ui.windows.slips.dialogs import NotifyDialog
from ui.windows.slips.editor import SlipEditor, open_slip_editor
from ui.windows.slips_page import SlipsPage


@pytest.fixture
def session(ctx: AppContext, world: World) -> UiSession:
    return UiSession(ctx, world.clerk)


@pytest.fixture
def page(qtbot: QtBot, session: UiSession, monkeypatch: pytest.MonkeyPatch) -> SlipsPage:
    monkeypatch.setattr(printing, "has_printer", lambda: False)  # the counter PC has no printer here
    p = SlipsPage(session)
    qtbot.addWidget(p)
    p.resize(1280, 760)
    p.show()
    return p


def sign(qtbot: QtBot, pad) -> None:  # type: ignore[no-untyped-def]
    qtbot.mousePress(pad, Qt.MouseButton.LeftButton, pos=QPoint(40, 60))
    for x in range(50, 260, 15):
        qtbot.mouseMove(pad, QPoint(x, 60 + (x % 30)))
    qtbot.mouseRelease(pad, Qt.MouseButton.LeftButton, pos=QPoint(270, 70))


def pdf_text(path: Path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def test_resize_ring_through_the_window(page: SlipsPage, qtbot: QtBot, ctx: AppContext) -> None:
    """Take in a ring for resizing, print the slip, batch it out and back, notify, hand it over."""
    qtbot.mouseClick(page.tool_buttons["new"], Qt.MouseButton.LeftButton)
    editor = page.last_dialog
    assert isinstance(editor, SlipEditor)
    qtbot.keyClicks(editor.receipt_edit, "R20261118001")
    qtbot.keyClicks(editor.product_edit, "dr0001")
    qtbot.keyClicks(editor.weight_edit, "3.25")
    editor.work_boxes["resize"].setChecked(True)
    qtbot.keyClicks(editor.shipping_edit, "20")
    qtbot.keyClicks(editor.deposit_edit, "20")
    editor.note_edit.setText("改到 12 号")  # typed through the input method
    editor.internal_edit.setText("顾客很急")
    qtbot.mouseClick(editor.save_print_button, Qt.MouseButton.LeftButton)
    number = editor.saved_number
    assert number == "SH01-2026-000001"
    pdf = Path(editor.printed_path)
    assert pdf.exists() and pdf.parent.name == "prints"
    text = pdf_text(pdf)
    assert number in text and "顾客联" in text and "存根联" in text and "改手寸" in text
    assert text.count("顾客很急") == 1  # store copy only
    boxes = [b for b in printing._messages if str(pdf) in b.text()]
    assert boxes, "the clerk is told where the PDF is"
    assert page.list.current_number() == number
    assert page.detail.title.text().startswith(number)

    qtbot.mouseClick(page.tool_buttons["send"], Qt.MouseButton.LeftButton)
    send = page.last_dialog
    assert isinstance(send, BatchDialog) and send.numbers() == [number]
    qtbot.mouseClick(send.ok_button, Qt.MouseButton.LeftButton)
    assert send.result_batch == "SH01-B2026-0001" and Path(send.pdf_path).exists()

    page.detail.show_slip(None)
    qtbot.mouseClick(page.tool_buttons["receive"], Qt.MouseButton.LeftButton)
    back = page.last_dialog
    assert isinstance(back, BatchDialog)
    qtbot.keyClicks(back.scan, number)
    qtbot.keyClick(back.scan, Qt.Key.Key_Return)
    back.set_weight(number, "3.262")
    qtbot.mouseClick(back.ok_button, Qt.MouseButton.LeftButton)
    assert back.result_batch == "SH01-B2026-0002" and back.warnings == []

    notify = NotifyDialog(page.session, number, page)
    qtbot.addWidget(notify)
    assert "张晓明" in notify.text.toPlainText() and number in notify.text.toPlainText()
    notify.channel.setCurrentIndex(notify.channel.findData("sms"))
    notify.save()
    page.list.select(number)
    assert "已通知" in page.detail.title.text()
    assert page.detail.buttons["pickup"].isEnabled()

    qtbot.mouseClick(page.tool_buttons["pickup"], Qt.MouseButton.LeftButton)
    pickup = page.last_dialog
    qtbot.keyClicks(pickup.scan, qr_payload(number))
    qtbot.keyClick(pickup.scan, Qt.Key.Key_Return)
    assert "张晓明" in pickup.summary.text() and "138****5678" in pickup.summary.text()
    qtbot.mouseClick(pickup.ok_button, Qt.MouseButton.LeftButton)
    assert "核对" in pickup.message.text()  # customer not confirmed yet
    pickup.confirm_customer.setChecked(True)
    qtbot.mouseClick(pickup.ok_button, Qt.MouseButton.LeftButton)
    assert "签名" in pickup.message.text()
    sign(qtbot, pickup.pad)
    assert not pickup.pad.is_empty()
    qtbot.keyClicks(pickup.weight, "3.262")
    qtbot.mouseClick(pickup.ok_button, Qt.MouseButton.LeftButton)
    assert pickup.result() == pickup.DialogCode.Accepted, pickup.message.text()

    with ctx.uow.read() as s:
        slip = slips.get(s, number)
        assert slip.status.value == "collected"
        assert slip.signature_png is not None and slip.signature_png.startswith(b"\x89PNG")
    page.list.select(number)
    assert "已取件" in page.detail.title.text()
    kinds = [e.kind for e in page.detail.timeline.rows]
    assert kinds == ["status", "print", "status", "status", "status", "status"]


def test_pickup_with_a_balance_is_refused_in_the_dialog(page: SlipsPage, qtbot: QtBot, ctx: AppContext,
                                                       world: World) -> None:
    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261117002", "DR0002", "4.1")
        number = slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["solder"], shipping_fee="30")).number
        s.commit()
    for step in ("sent", "back", "notified"):
        with ctx.uow.write() as s:
            slip_status.change_status(s, world.clerk, number, step)
            s.commit()
    dialog = page.open_pickup(number)
    assert dialog.pay.text() == "30.00"
    dialog.pay.clear()
    dialog.confirm_customer.setChecked(True)
    sign(qtbot, dialog.pad)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert "尚欠" in dialog.message.text()
    assert not dialog.override.isEnabled()  # a clerk cannot override


def test_lost_slip_dialog_then_pickup(page: SlipsPage, qtbot: QtBot, ctx: AppContext, world: World) -> None:
    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        number = slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["resize"])).number
        s.commit()
    for step in ("sent", "back", "notified"):
        with ctx.uow.write() as s:
            slip_status.change_status(s, world.clerk, number, step)
            s.commit()
    lost = page.open_lost(number)
    qtbot.keyClicks(lost.id_last4, "123X")
    qtbot.keyClicks(lost.phone, "13812345678")
    qtbot.mouseClick(lost.findChild(type(page.tool_buttons["new"]), "lost_confirm"), Qt.MouseButton.LeftButton)
    assert "总部" in lost.message.text()
    lost.approved_by.setText("赵敏")
    qtbot.keyClicks(lost.approval_ref, "HQ-2026-01")
    qtbot.mouseClick(lost.findChild(type(page.tool_buttons["new"]), "lost_confirm"), Qt.MouseButton.LeftButton)
    pickup = page.last_dialog
    assert pickup is not lost and pickup.via_lost
    # the found paper slip is refused at the normal pickup
    normal = page.open_pickup(qr_payload(number))
    assert "挂失" in normal.summary.text()
    pickup.confirm_customer.setChecked(True)
    sign(qtbot, pickup.pad)
    qtbot.mouseClick(pickup.ok_button, Qt.MouseButton.LeftButton)
    assert pickup.result() == pickup.DialogCode.Accepted, pickup.message.text()


def test_editor_opens_from_a_saved_intake(qtbot: QtBot, session: UiSession, ctx: AppContext, world: World) -> None:
    from counter_app.domain.verification import Observed
    from counter_app.services import intake as intake_service

    with ctx.uow.write() as s:
        row = intake_service.save_intake(
            s, world.clerk, receipt_no="R20261118001", product_code="DR0001", observed=Observed(),
            condition={"damage": ["bent"], "notes": ""}, unmentioned_defects=[{"defect": "刮伤", "decision": "refuse"}],
            brought={"receipt": True}, weight_g="3.25", outcome="slip")
        intake_id = row.id
        s.commit()
    editor = open_slip_editor(session, intake_id, None)
    qtbot.addWidget(editor)
    assert "DR0001" in editor.item_label.text()
    assert editor.weight_edit.text() == "3.250"
    assert "变形" in editor.damaged_edit.text()
    assert editor.defects.rowCount() == 1
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert "维修项目" in editor.error_label.text()
    editor.work_boxes["solder"].setChecked(True)
    qtbot.mouseClick(editor.save_button, Qt.MouseButton.LeftButton)
    assert editor.saved_number == "SH01-2026-000001"
    with ctx.uow.read() as s:
        slip = slips.get(s, editor.saved_number)
        assert slip.intake_id == intake_id and slip.unmentioned_defects[0]["decision"] == "refuse"


def test_list_filters_and_overdue_in_red(page: SlipsPage, ctx: AppContext, world: World) -> None:
    import datetime as dt

    from counter_app.data.models import RepairSlip
    from ui.models.slip_models import OVERDUE

    with ctx.uow.write() as s:
        a = slips.create(s, world.clerk, slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.2").id,
                         slips.SlipDraft(works=["resize"], note="加急")).number
        b = slips.create(s, world.clerk, slips.intake_from_receipt(s, world.clerk, "R20261117002", "DR0002", "4.1").id,
                         slips.SlipDraft(works=["refurbish"])).number
        s.get(RepairSlip, slips.get(s, b).id).promised_on = clock.today() - dt.timedelta(days=1)
        s.commit()
    page.list.reload()
    assert page.list.model.rowCount() == 2
    red_row = next(r for r in range(2) if page.list.model.number_at(r) == b)
    idx = page.list.model.index(red_row, 0)
    assert page.list.model.data(idx, Qt.ItemDataRole.ForegroundRole).color() == OVERDUE
    page.list.search.setText("4321")  # phone tail of 曾丽华
    page.list.reload()
    assert [page.list.model.number_at(r) for r in range(page.list.model.rowCount())] == [b]
    page.list.search.setText("加急")
    page.list.reload()
    assert [page.list.model.number_at(r) for r in range(page.list.model.rowCount())] == [a]
    page.list.search.clear()
    page.list.overdue.setChecked(True)
    assert [page.list.model.number_at(r) for r in range(page.list.model.rowCount())] == [b]


def test_settings_tab_saves_paper_and_templates(qtbot: QtBot, session: UiSession, ctx: AppContext,
                                                world: World) -> None:
    from ui.windows.settings.slip_tab import create_tab

    clerks = create_tab(session)  # store-wide settings are the manager's: a clerk sees them greyed out
    qtbot.addWidget(clerks)
    assert not clerks.save_button.isEnabled() and not clerks.paper.isEnabled()  # type: ignore[attr-defined]
    tab = create_tab(UiSession(ctx, world.manager))
    qtbot.addWidget(tab)
    tab.paper.setCurrentIndex(tab.paper.findData("80mm"))
    tab.templates["back"].setPlainText("{name}，{number} 已回店")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    with ctx.uow.read() as s:
        assert slip_settings.paper_size(s) == "80mm"
        assert slip_settings.templates(s)["back"] == "{name}，{number} 已回店"


def test_signature_pad_png(qtbot: QtBot) -> None:
    from ui.widgets.signature_pad import SignaturePad

    pad = SignaturePad()
    qtbot.addWidget(pad)
    pad.show()
    assert pad.is_empty()
    sign(qtbot, pad)
    assert not pad.is_empty() and pad.png_bytes().startswith(b"\x89PNG")
    pad.clear()
    assert pad.is_empty()


def test_intake_page_hands_the_intake_to_the_slip_editor(qtbot: QtBot, session: UiSession, ctx: AppContext,
                                                         world: World) -> None:
    from counter_app.domain.verification import Observed
    from counter_app.services import intake as intake_service
    from ui.main_window import MainWindow

    with ctx.uow.write() as s:
        intake_id = intake_service.save_intake(
            s, world.clerk, receipt_no="R20261118001", product_code="DR0001", observed=Observed(), condition={},
            unmentioned_defects=[], brought={"receipt": True}, weight_g="3.25", outcome="slip").id
        s.commit()
    window = MainWindow(session)
    qtbot.addWidget(window)
    window.pages["intake"].slip_requested.emit(intake_id)
    editor = window.pages["slips"].last_dialog
    assert isinstance(editor, SlipEditor) and editor.intake_id == intake_id
    assert "DR0001" in editor.item_label.text()


def test_printing_path_paints_each_page_at_its_own_size(qtbot: QtBot, ctx: AppContext, world: World,
                                                        tmp_path: Path) -> None:
    """The printer path without a physical printer: Qt's PDF printer stands in for it."""
    from pypdf import PdfReader
    from PySide6.QtCore import QMarginsF
    from PySide6.QtGui import QPageLayout
    from PySide6.QtPrintSupport import QPrinter

    from counter_app.services import slip_print

    with ctx.uow.write() as s:
        intake = slips.intake_from_receipt(s, world.clerk, "R20261118001", "DR0001", "3.25")
        number = slips.create(s, world.clerk, intake.id, slips.SlipDraft(works=["resize"])).number
        pdf, _ = slip_print.print_slip(s, world.clerk, number, "80mm")
        s.commit()
    source = tmp_path / "slip.pdf"
    source.write_bytes(pdf)
    pages = printing.rasterise(source, 100)
    assert len(pages) == 2
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    printer.setPageMargins(QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter)
    printing.paint_pages(printer, pages, 100)
    printed = PdfReader(str(tmp_path / "printed.pdf")).pages
    assert len(printed) == 2
    assert all(round(float(p.mediabox.width) / 72 * 25.4) == 80 for p in printed)
