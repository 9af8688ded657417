"""The quote page driven like a clerk: type, see the calculation, save, accept, print; settings tabs."""

from __future__ import annotations

import json
import shutil
import subprocess
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QMessageBox, QTabWidget
from pytestqt.qtbot import QtBot

from counter_app.bootstrap import AppContext
from counter_app.cli import main
from counter_app.services import metal_prices, policy, quotes
from tests.factories import TODAY, World
from ui.main_window import MainWindow
from ui.session import UiSession
from ui.widgets.money_edit import MoneyEdit
from ui.windows.quotes_page import QuotesPage, open_quote_for_intake
from ui.windows.settings.policy_tab import PolicyTab
from ui.windows.settings.prices_tab import PricesTab


@pytest.fixture(autouse=True)
def no_message_boxes(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    shown: list[str] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda _p, _t, text, *a, **k: shown.append(text))
    return shown


def make_window(qtbot: QtBot, ctx: AppContext, actor) -> MainWindow:  # type: ignore[no-untyped-def]
    w = MainWindow(UiSession(ctx, actor))
    qtbot.addWidget(w)
    w.show()
    return w


@pytest.fixture
def window(qtbot: QtBot, ctx: AppContext, world: World) -> MainWindow:
    return make_window(qtbot, ctx, world.clerk)


def quotes_page(window: MainWindow) -> QuotesPage:
    page = window.show_page("quotes")
    assert isinstance(page, QuotesPage)
    page.old.on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    return page


def add_piece(qtbot: QtBot, page: QuotesPage, code: str, price: str) -> None:
    qtbot.keyClicks(page.pieces.code, code)
    qtbot.keyClicks(page.pieces.price, price)
    qtbot.mouseClick(page.pieces.add_button, Qt.MouseButton.LeftButton)


def pdf_text(path: Path) -> str:
    if shutil.which("pdftotext"):
        return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True,
                              check=True).stdout
    from pypdf import PdfReader

    return "\n".join(p.extract_text() for p in PdfReader(str(path)).pages)


def cli_json(ctx: AppContext, capsys: pytest.CaptureFixture[str], *args: str) -> dict[str, object]:
    capsys.readouterr()
    assert main([*args, "--db", ctx.url, "--on", TODAY.isoformat(), "--json"]) == 0
    data: dict[str, object] = json.loads(capsys.readouterr().out)
    return data


def test_trade_in_of_the_ring_against_two_pieces(qtbot: QtBot, window: MainWindow, ctx: AppContext, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str]) -> None:
    page = quotes_page(window)
    qtbot.mouseClick(page.kind_buttons["trade_in"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.old.receipt, "R20261118001")
    page.old.product.insert("ＤＲ０００１")  # full-width, as a scanner in the wrong input mode types
    assert "18K金钻石戒指" in page.old.info.text() and "¥12,800.00" in page.old.info.text()
    assert "证书" in page.result.reasons.text()  # nothing checked yet: trade-in blocked, says why
    qtbot.keyClicks(page.verify.fields["cert_issuer"], "GIA")
    qtbot.keyClicks(page.verify.fields["cert_no"], "2141438171")
    qtbot.keyClicks(page.verify.fields["carat"], "0.30")
    add_piece(qtbot, page, "NR1001", "9000")
    assert "新品须不低于 ¥14,080.00" in page.result.reasons.text()  # what would fix it
    assert "还差 ¥5,080.00" in page.result.reasons.text()
    add_piece(qtbot, page, "NP2002", "5,079.99")
    assert "还差 ¥0.01" in page.result.reasons.text()
    page.pieces.table.item(1, 2).setText("5080")  # the clerk corrects the price in the table
    assert page.result.verdict.text().startswith("可以办理")
    assert page.result.reasons.text() == ""
    model = page.result.model
    assert [model.data(model.index(r, 2)) for r in range(model.rowCount())] == ["¥12,800.00", "¥9,000.00",
                                                                               "¥5,080.00"]
    assert "顾客应补差价：¥1,280.00" in page.result.totals.text()
    assert "新品最低价格：¥14,080.00" in page.result.totals.text()
    assert "政策版本 1" in page.result.policy.text() and "110%" in page.result.policy.text()

    assert not page.print_button.isEnabled()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    number = page.saved_number
    assert number == "SH01-Q2026-000001" and number in page.saved_label.text()
    assert page.recent_model.rowCount() == 1
    qtbot.mouseClick(page.accept_button, Qt.MouseButton.LeftButton)
    target = tmp_path / "trade_in.pdf"
    page.ask_pdf_path = lambda _no: str(target)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    text = pdf_text(target)
    for words in ("以旧换新结算单", "顾客联", "门店存根联", "NR1001", "NP2002", "¥1,280.00", "顾客已确认", "顾客签字"):
        assert words in text, words

    with ctx.uow.read() as s:
        q = quotes.get(s, number)
        assert (q.credit, q.new_total, q.to_pay, q.status, q.print_count) == (
            Decimal("12800.00"), Decimal("14080.00"), Decimal("1280.00"), "accepted", 1)
    data = cli_json(ctx, capsys, "quote", "trade-in", "--receipt", "R20261118001", "--product", "DR0001",
                    "--cert-issuer", "GIA", "--cert-no", "2141438171", "--carat", "0.30",
                    "--new-price", "9000", "--new-price", "5080")
    assert (data["credit"], data["minimum_new_price"], data["to_pay"], data["allowed"]) == (
        "12800.00", "14080.00", "1280.00", True)


def test_by_weight_gold_exchange(qtbot: QtBot, ctx: AppContext, world: World, tmp_path: Path,
                                 capsys: pytest.CaptureFixture[str]) -> None:
    boss = make_window(qtbot, ctx, world.manager)
    settings = boss.show_page("settings")
    tabs = settings.findChild(QTabWidget, "settings_tabs")
    prices = next(tabs.widget(i) for i in range(tabs.count()) if isinstance(tabs.widget(i), PricesTab))
    prices.day.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    prices.buy.insert("５６０")  # full-width digits from a Chinese input method
    qtbot.keyClicks(prices.sell, "620.00")
    qtbot.mouseClick(prices.enter, Qt.MouseButton.LeftButton)
    assert prices.table.rowCount() == 1 and prices.table.item(0, 1).text() == "¥560.00"
    assert prices.table.item(0, 3).text() == "李强"

    page = quotes_page(boss)
    qtbot.mouseClick(page.kind_buttons["metal"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.metal.weight, "10.00")
    assert "¥5,600.00" in page.result.totals.text()
    assert "本店应付顾客：¥5,600.00" in page.result.totals.text()
    qtbot.keyClicks(page.metal.new_weight, "13.5")
    qtbot.keyClicks(page.metal.labour_per_g, "15")
    assert page.result.verdict.text().startswith("可以办理")
    assert "顾客应补差价：¥2,972.50" in page.result.totals.text()  # 13.5 × 620 + 13.5 × 15 − 10 × 560
    assert "足金999 回收 ¥560.00/克" in page.result.policy.text()
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    number = page.saved_number
    assert number
    target = tmp_path / "metal.pdf"
    page.ask_pdf_path = lambda _no: str(target)
    qtbot.mouseClick(page.print_button, Qt.MouseButton.LeftButton)
    text = pdf_text(target)
    assert "按克重以旧换新结算单" in text and "¥2,972.50" in text and "所用当日金价" in text

    data = cli_json(ctx, capsys, "quote", "metal", "--metal", "gold", "--fineness", "999", "--weight", "10.00",
                    "--new-weight", "13.5", "--labour-per-g", "15")
    assert (data["credit"], data["new_price"], data["to_pay"]) == ("5600.00", "8572.50", "2972.50")
    with ctx.uow.read() as s:
        assert str(quotes.get(s, number).to_pay) == data["to_pay"]


def test_missing_prices_and_bad_input_are_shown_not_raised(qtbot: QtBot, window: MainWindow) -> None:
    page = quotes_page(window)
    page.set_kind("metal")
    qtbot.keyClicks(page.metal.weight, "10")
    assert "2026-11-25" in page.result.reasons.text() and "足金999" in page.result.reasons.text()
    assert not page.save_button.isEnabled()
    page.metal.weight.setText("abc")
    assert "旧料重量" in page.result.reasons.text()
    page.set_kind("return")
    qtbot.keyClicks(page.old.receipt, "R404")
    qtbot.keyClicks(page.old.product, "DR0001")
    assert "没有销售单" in page.result.reasons.text()


def test_return_with_as_sold_ticks(qtbot: QtBot, window: MainWindow) -> None:
    page = quotes_page(window)
    page.set_kind("return")
    qtbot.keyClicks(page.old.receipt, "R20261118001")
    qtbot.keyClicks(page.old.product, "DR0001")
    assert "还缺：外包装" in page.result.reasons.text()
    qtbot.mouseClick(page.as_sold.all_button, Qt.MouseButton.LeftButton)
    assert page.result.verdict.text().startswith("可以办理") and "应退顾客：¥12,800.00" in page.result.totals.text()
    page.as_sold.boxes["gifts"].setChecked(False)
    assert "还缺：赠品" in page.result.reasons.text()


def test_open_from_an_intake(qtbot: QtBot, window: MainWindow, world: World) -> None:
    from counter_app.domain.verification import Observed
    from counter_app.services import intake

    with world.ctx.uow.write() as s:
        row = intake.save_intake(s, world.clerk, receipt_no="R20261118001", product_code="DR0001",
                                 observed=Observed(cert_issuer="GIA", cert_no="2141438171"), condition={},
                                 unmentioned_defects=[], brought={"receipt": True, "certificate": True},
                                 weight_g=None, on=TODAY)
        s.commit()
        intake_id = row.id
    window.show_page("home")
    page = open_quote_for_intake(window.session, intake_id)
    assert page is not None and window.current_key() == "quotes"
    page.old.on.setDate(QDate(TODAY.year, TODAY.month, TODAY.day))
    assert page.old.receipt.text() == "R20261118001" and page.verify.fields["cert_no"].text() == "2141438171"
    assert f"收件记录 {intake_id}" in page.intake_label.text()
    page.pieces.add_piece("NR1", "", Decimal("14080"))
    assert page.result.verdict.text().startswith("可以办理")
    assert page.save() is not None
    with world.ctx.uow.read() as s:
        assert quotes.get(s, page.saved_number or "").intake_id == intake_id


def test_policy_tab_makes_a_new_version(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    boss = make_window(qtbot, ctx, world.manager)
    tab = PolicyTab(boss.session)
    qtbot.addWidget(tab)
    tab.set_value("trade_in_min_ratio", "1.20")
    tab.note.insert("总部通知")
    qtbot.mouseClick(tab.save_button, Qt.MouseButton.LeftButton)
    assert "版本 2" in tab.message.text() and "版本 2" in tab.version_label.text()
    assert tab.history.rowCount() == 2 and tab.history.item(0, 2).text() == "李强"
    with ctx.uow.read() as s:
        row, values = policy.current(s)
        assert row.version == 2 and values.trade_in_min_ratio == Decimal("1.20") and row.note == "总部通知"


def test_policy_and_prices_tabs_are_read_only_for_a_clerk(qtbot: QtBot, ctx: AppContext, world: World) -> None:
    w = make_window(qtbot, ctx, world.clerk)
    tab = PolicyTab(w.session)
    prices = PricesTab(w.session)
    qtbot.addWidget(tab)
    qtbot.addWidget(prices)
    assert not tab.save_button.isEnabled() and not prices.enter.isEnabled()
    assert not (tab.table.item(0, 1).flags() & Qt.ItemFlag.ItemIsEditable)
    with ctx.uow.read() as s:
        assert metal_prices.board(s, TODAY) == {}


@pytest.mark.parametrize(("typed", "value", "shown"), [
    ("１２３４．５", Decimal("1234.50"), "¥1,234.50"),
    ("¥1,234.5", Decimal("1234.50"), "¥1,234.50"),
    ("0.005", Decimal("0.01"), "¥0.01"),
])
def test_money_edit(qtbot: QtBot, typed: str, value: Decimal, shown: str) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    edit.insert(typed)  # QTest cannot type full-width characters as key events
    assert edit.value() == value
    edit.editingFinished.emit()
    assert edit.text() == shown


def test_money_edit_marks_letters(qtbot: QtBot) -> None:
    edit = MoneyEdit()
    qtbot.addWidget(edit)
    qtbot.keyClicks(edit, "12a")
    assert not edit.is_valid() and edit.safe_value() is None and "fde8e8" in edit.styleSheet()


def test_intake_page_signal_opens_the_quote(qtbot: QtBot, window: MainWindow, world: World) -> None:
    from counter_app.domain.verification import Observed
    from counter_app.services import intake

    with world.ctx.uow.write() as s:
        row = intake.save_intake(s, world.clerk, receipt_no="R20261118001", product_code="DR0001",
                                 observed=Observed(), condition={}, unmentioned_defects=[],
                                 brought={"receipt": True, "outer_packaging": True}, weight_g=None, on=TODAY)
        s.commit()
        intake_id = row.id
    intake_page = window.pages["intake"]
    qtbot.waitUntil(lambda: window.pages["quotes"]._intake_wired)  # type: ignore[attr-defined]
    intake_page.quote_kind = "return"  # type: ignore[attr-defined]
    intake_page.quote_requested.emit(intake_id)  # type: ignore[attr-defined]
    page = window.pages["quotes"]
    assert isinstance(page, QuotesPage)
    assert window.current_key() == "quotes" and page.kind() == "return"
    assert page.as_sold.boxes["receipt"].isChecked() and page.as_sold.boxes["packaging"].isChecked()
    assert not page.as_sold.boxes["gifts"].isChecked() and "赠品" in page.result.reasons.text()


def test_receipt_lookup_lists_its_items(qtbot: QtBot, window: MainWindow) -> None:
    page = quotes_page(window)
    qtbot.keyClicks(page.old.receipt, "R20261118001")
    assert "DR0001 18K金钻石戒指" in page.old.info.text() and "GN0001 足金项链" in page.old.info.text()


def test_typing_a_new_price_asks_the_database_nothing(qtbot: QtBot, window: MainWindow, ctx: AppContext) -> None:
    """Once the sale and the checks are read, each keystroke in a price reprices from them."""
    from sqlalchemy import event

    page = quotes_page(window)
    qtbot.mouseClick(page.kind_buttons["trade_in"], Qt.MouseButton.LeftButton)
    qtbot.keyClicks(page.old.receipt, "R20261118001")
    qtbot.keyClicks(page.old.product, "DR0001")
    qtbot.keyClicks(page.verify.fields["cert_issuer"], "GIA")
    qtbot.keyClicks(page.verify.fields["cert_no"], "2141438171")
    add_piece(qtbot, page, "NR1001", "9000")
    statements: list[str] = []

    def count(_conn, _cursor, statement, *_a) -> None:  # type: ignore[no-untyped-def]
        statements.append(statement)

    event.listen(ctx.engine, "before_cursor_execute", count)
    try:
        qtbot.keyClicks(page.pieces.price, "5080")  # four keystrokes, each recalculated
        page.pieces.table.item(0, 2).setText("9100")
        assert "还差 ¥4,980.00" in page.result.reasons.text()
    finally:
        event.remove(ctx.engine, "before_cursor_execute", count)
    assert statements == []
    qtbot.keyClicks(page.verify.fields["carat"], "0.30")  # an observed value: checked against the record again
    assert page.result.verdict.text()
