"""Work area: 退换货 / 以旧换新. Price a return, exchange, trade-in or by-weight trade as the
clerk types, save it, have the customer accept it, and print the statement."""

from __future__ import annotations

import weakref
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSplitter,
    QTableView,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.money import format_money
from counter_app.domain.pricing import EXCHANGE, METAL, RETURN, TRADE_IN, kind_label
from counter_app.errors import CounterError, InputError
from counter_app.i18n import _
from counter_app.paths import user_data_dir
from counter_app.services import quotes
from counter_app.services.actions.quotes import QuoteView
from counter_app.services.metal_prices import normalise
from ui.changes import Area, concerns
from ui.models.quote_models import QuotesModel
from ui.session import UiSession
from ui.windows.drafts_prompt import DraftKeeper, register_opener
from ui.windows.quotes.inputs import AsSoldBox, MetalBox, OldItemBox, PiecesBox, VerifyBox
from ui.windows.quotes.result_view import ResultView

_pages: weakref.WeakValueDictionary[int, QuotesPage] = weakref.WeakValueDictionary()


class QuotesPage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.setObjectName("page_quotes")
        self.session = session
        self.intake_id: int | None = None
        self.saved_number: str | None = None
        self.last: quotes.Priced | None = None
        # Where to write a statement; a test or a kiosk set-up may replace the question.
        self.ask_pdf_path: Callable[[str], str | None] = self._ask_pdf_path

        self.kind_group = QButtonGroup(self)
        kinds = QHBoxLayout()
        self.kind_buttons: dict[str, QRadioButton] = {}
        for kind in (RETURN, EXCHANGE, TRADE_IN, METAL):
            b = QRadioButton(kind_label(kind))
            b.setObjectName(f"kind_{kind}")
            self.kind_group.addButton(b)
            self.kind_buttons[kind] = b
            kinds.addWidget(b)
        kinds.addStretch(1)
        self.kind_buttons[TRADE_IN].setChecked(True)

        self.old = OldItemBox()
        self.as_sold = AsSoldBox()
        self.verify = VerifyBox()
        self.pieces = PiecesBox()
        self.metal = MetalBox()
        self.intake_label = QLabel()
        self.intake_label.setObjectName("quote_intake")

        left = QWidget()
        lv = QVBoxLayout(left)
        lv.addLayout(kinds)
        lv.addWidget(self.intake_label)
        for w in (self.old, self.as_sold, self.verify, self.pieces, self.metal):
            lv.addWidget(w)
        lv.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(left)

        self.result = ResultView()
        self.save_button = QPushButton(_("保存报价"))
        self.save_button.setObjectName("save_quote")
        self.accept_button = QPushButton(_("顾客确认"))
        self.accept_button.setObjectName("accept_quote")
        self.print_button = QPushButton(_("打印结算单"))
        self.print_button.setObjectName("print_quote")
        self.new_button = QPushButton(_("新报价"))
        self.new_button.setObjectName("new_quote")
        self.saved_label = QLabel()
        self.saved_label.setObjectName("quote_saved")
        buttons = QHBoxLayout()
        for button in (self.save_button, self.accept_button, self.print_button, self.new_button):
            buttons.addWidget(button)
        self.recent_model = QuotesModel()
        self.recent = QTableView()
        self.recent.setObjectName("recent_quotes")
        self.recent.setModel(self.recent_model)
        self.recent.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.recent.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.recent.verticalHeader().hide()
        self.recent.setMaximumHeight(170)
        self.recent.horizontalHeader().setStretchLastSection(True)

        right = QWidget()
        rv = QVBoxLayout(right)
        rv.addWidget(self.result, 1)
        rv.addLayout(buttons)
        rv.addWidget(self.saved_label)
        rv.addWidget(QLabel(_("最近的报价单（双击打开）")))
        rv.addWidget(self.recent)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        splitter.addWidget(scroll)
        splitter.addWidget(right)
        splitter.setSizes([560, 640])
        layout = QVBoxLayout(self)
        layout.addWidget(splitter)

        self.kind_group.buttonToggled.connect(lambda _b, on: self._kind_changed() if on else None)
        for box in (self.old, self.as_sold, self.verify, self.pieces, self.metal):
            box.changed.connect(self.recalculate)
        self.save_button.clicked.connect(self.save)
        self.accept_button.clicked.connect(self.accept)
        self.print_button.clicked.connect(self.print_statement)
        self.new_button.clicked.connect(self.reset)
        self.recent.doubleClicked.connect(self._open_recent)
        self._base: quotes.Priced | None = None  # the last pricing, with what it read
        session.data_changed.connect(self._on_data_changed)
        session.actor_changed.connect(self._forget_lookups)
        _pages[id(session)] = self
        self._intake_wired = False
        self._kind_changed()
        self.refresh_recent()
        self.keeper = DraftKeeper(session, "quote", self.draft_data, self)
        self.new_button.clicked.connect(self.keeper.done)  # started over on purpose
        # Once the main window holds the page. Queued last: a call above may let the GUI run its
        # timers while it waits, and then the page would still be on its own.
        QTimer.singleShot(0, self._wire_intake_page)

    def _wire_intake_page(self) -> None:
        """Follow the intake page's "start a quote" (its `quote_requested(intake_id)` signal)."""
        if self._intake_wired:
            return
        intake_page = self.window().findChild(QWidget, "page_intake")
        signal = getattr(intake_page, "quote_requested", None)
        if intake_page is None or signal is None:
            return
        self._intake_wired = True

        def follow(intake_id: int) -> None:
            kind = getattr(intake_page, "quote_kind", "") or TRADE_IN
            window = self.window()
            if hasattr(window, "show_page"):
                window.show_page("quotes")
            self.open_quote_for_intake(intake_id, kind if kind in (RETURN, EXCHANGE, TRADE_IN, METAL) else TRADE_IN)

        signal.connect(follow)

    def showEvent(self, event: Any) -> None:
        self._wire_intake_page()
        super().showEvent(event)

    # --- state -----------------------------------------------------------------------------

    def kind(self) -> str:
        return next(k for k, b in self.kind_buttons.items() if b.isChecked())

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)

    def _kind_changed(self) -> None:
        kind = self.kind()
        self.as_sold.setVisible(kind in (RETURN, EXCHANGE))
        self.verify.setVisible(kind == TRADE_IN)
        self.pieces.setVisible(kind in (EXCHANGE, TRADE_IN))
        self.metal.setVisible(kind == METAL)
        self.old.setTitle(_("旧饰品（销售单，可不填）") if kind == METAL else _("旧饰品（销售单）"))
        self.recalculate()

    def request(self) -> quotes.QuoteRequest:
        """What is on the screen as a quote request; InputError names a field that is wrong."""
        kind = self.kind()
        req = quotes.QuoteRequest(kind=kind, on=self.old.day(), receipt_no=self.old.receipt.text(),
                                  product_code=self.old.product.text(), intake_id=self.intake_id)
        if kind in (RETURN, EXCHANGE):
            req.as_sold = self.as_sold.value()
            req.quality_report = self.as_sold.quality.isChecked()
        if kind in (EXCHANGE, TRADE_IN):
            try:
                req.new_pieces = self.pieces.pieces()
            except ValueError as exc:
                raise InputError(str(exc), field="new_price") from None
        if kind == TRADE_IN:
            from counter_app.domain.verification import parse_carat, parse_weight

            obs = self.verify.observed()
            parse_weight(obs["weight_g"], "weight_g")
            parse_carat(obs["carat"], "carat")
            req.observed = obs
            req.retest = self.verify.retest_value()
        if kind == METAL:
            m = self.metal
            req.metal, req.fineness = m.metal.currentData(), m.fineness.currentData()
            req.weight = quotes.weight_input(m.weight.text(), "weight", _("旧料重量"))
            req.new_weight = quotes.weight_input(m.new_weight.text(), "new_weight", _("新品重量"))
            if m.labour.text().strip():
                req.labour_per_piece = quotes.money_input(m.labour.text(), "labour", _("工费"))
            if m.labour_per_g.text().strip():
                req.labour_per_g = quotes.money_input(m.labour_per_g.text(), "labour_per_g", _("每克工费"))
        return req

    def recalculate(self) -> None:
        """Price what is on the screen now; called on every change."""
        self.last = None
        self.saved_number = None
        self.saved_label.clear()
        kind = self.kind()
        has_item = bool(self.old.receipt.text().strip() and self.old.product.text().strip())
        try:
            if kind != METAL and not has_item:
                raise InputError(_("请输入销售单号和货号。"), field="receipt")
            if kind == METAL and not self.metal.weight.text().strip():
                raise InputError(_("请填写旧料重量（克）。"), field="weight")
            req = self.request()
            # A new price typed or a box ticked reprices from what was read; only a new receipt,
            # product, day or observed value asks the database again.
            priced = quotes.reprice(self._base, req)
        except CounterError as exc:
            self._cannot_price(str(exc))
            return
        if priced is None:
            actor = self.session.actor
            ok, out = self.session.call(self, lambda c: c.quotes.price(actor, req), quiet=True)
            if not ok:
                self._cannot_price(str(out))
                return
            priced = out
        self._base = priced
        self.last = priced
        self.result.show_result(priced.result, priced.policy.as_dict(), priced.policy_version)
        sold = priced.inputs.get("sold")
        if sold:
            self.old.info.setText(_("{desc}  {sold} 售出  原价 {price}{custom}", desc=sold.get("description", ""),
                                    sold=sold["sold_on"], price=format_money(Decimal(sold["price"])),
                                    custom=_("（定制）") if sold.get("custom_made") else ""))
        else:
            self.old.info.clear()
        self._update_buttons()

    def _cannot_price(self, why: str) -> None:
        self.result.show_message(why)
        self.old.info.setText(self._receipt_items_text())
        self._update_buttons()

    def _receipt_items_text(self) -> str:
        """With only the receipt typed, what it holds, so the clerk can pick the product code."""
        receipt = self.old.receipt.text().strip()
        if not receipt or self.old.product.text().strip():
            return ""
        actor = self.session.actor
        ok, found = self.session.call(self, lambda c: c.quotes.receipt_items(actor, receipt), quiet=True)
        items = [f"{it.product_code} {it.description}" for it in found] if ok else []
        return _("这张销售单上有：{items}", items="；".join(items)) if items else ""

    def _update_buttons(self) -> None:
        self.save_button.setEnabled(self.last is not None and self.saved_number is None)
        saved = self.saved_number is not None
        self.print_button.setEnabled(saved)
        self.accept_button.setEnabled(saved and self.last is not None and self.last.result.allowed)

    # --- actions ---------------------------------------------------------------------------

    def save(self) -> str | None:
        if self.last is None:
            return None
        req = self.last.request
        actor = self.session.actor
        changes = [Area.QUOTES] + ([Area.INTAKES] if req.intake_id is not None else [])
        ok, saved = self.session.call(self, lambda c: c.quotes.save(actor, req), changes=changes)
        if not ok:
            self.keeper.save_now()  # the database refused: keep what was typed
            return None
        self.keeper.done()
        number = saved.number
        self.saved_number = number
        self.saved_label.setText(_("已保存报价单 {no}", no=number))
        self._update_buttons()
        return str(number)

    def accept(self) -> bool:
        if not self.saved_number:
            return False
        number = self.saved_number
        actor = self.session.actor
        ok, _r = self.session.call(self, lambda c: c.quotes.accept(actor, number), changes=[Area.QUOTES])
        if ok:
            self.saved_label.setText(_("报价单 {no} 已由顾客确认。", no=number))
            self.accept_button.setEnabled(False)
        return bool(ok)

    def print_statement(self) -> Path | None:
        if not self.saved_number:
            return None
        number = self.saved_number
        target = self.ask_pdf_path(number)
        if not target:
            return None
        path = Path(target)
        actor = self.session.actor
        ok, _r = self.session.call(self, lambda c: c.quotes.print_statement(actor, number, path))
        if not ok:
            return None
        self.saved_label.setText(_("已打印结算单：{p}", p=path))
        return path

    def _ask_pdf_path(self, number: str) -> str | None:
        folder = user_data_dir() / "statements"
        folder.mkdir(parents=True, exist_ok=True)
        name, _filter = QFileDialog.getSaveFileName(self, _("保存结算单"), str(folder / f"{number}.pdf"), "PDF (*.pdf)")
        return name or None

    def reset(self) -> None:
        self.intake_id = None
        self.intake_label.clear()
        for w in (self.old.receipt, self.old.product, self.metal.weight, self.metal.new_weight, self.metal.labour,
                  self.metal.labour_per_g, *self.verify.fields.values(), *self.verify.retest.values()):
            w.blockSignals(True)
            w.clear()
            w.blockSignals(False)
        for box in self.as_sold.boxes.values():
            box.setChecked(False)
        self.as_sold.quality.setChecked(False)
        self.pieces.clear_pieces()
        self.recalculate()
        self.old.receipt.setFocus()

    # --- from an intake or a saved quote -----------------------------------------------------

    def open_quote_for_intake(self, intake_id: int, kind: str = TRADE_IN) -> bool:
        """Fill the page from a checked intake (the intake page's `quote_requested`)."""
        actor = self.session.actor
        ok, req = self.session.call(self, lambda c: c.quotes.intake_request(actor, intake_id, kind))
        if not ok:
            return False
        self.reset()
        self.intake_id = intake_id
        self.intake_label.setText(_("来自收件记录 {id}", id=intake_id))
        self._fill(req)
        return True

    def _fill(self, req: quotes.QuoteRequest) -> None:
        self.set_kind(req.kind)
        self.old.receipt.setText(req.receipt_no)
        self.old.product.setText(req.product_code)
        self.as_sold.set_value(req.as_sold)
        self.as_sold.quality.setChecked(req.quality_report)
        self.verify.set_values(req.observed, req.retest)
        if req.metal:
            try:
                self.metal.set_metal(*normalise(req.metal, req.fineness))
            except CounterError:
                pass
        if req.weight is not None:
            self.metal.weight.setText(f"{req.weight:f}")
        for p in req.new_pieces:
            self.pieces.add_piece(p.product_code, p.description, p.price)
        self.recalculate()

    def open_saved(self, number: str) -> None:
        """Show a saved quote as it was priced (its stored inputs, policy and prices)."""
        ok, view = self.session.call(self, lambda c: c.quotes.show(number))
        if not ok:
            return
        self.show_saved(view)

    def show_saved(self, view: QuoteView) -> None:
        self.result.show_result(view.result, view.policy_values, view.policy_version)
        self.saved_number = view.number
        self.last = None
        self.saved_label.setText(_("报价单 {no}（{status}）", no=view.number, status=view.status))
        self.print_button.setEnabled(True)
        self.save_button.setEnabled(False)
        self.accept_button.setEnabled(view.status == "draft" and view.result.allowed)

    # --- drafts ------------------------------------------------------------------------------

    def draft_data(self) -> dict[str, Any] | None:
        """What the clerk typed, as plain texts; None when there is nothing or it is saved."""
        if self.saved_number is not None:
            return None
        texts = {"receipt": self.old.receipt.text(), "product": self.old.product.text(),
                 "metal_weight": self.metal.weight.text(), "new_weight": self.metal.new_weight.text(),
                 "labour": self.metal.labour.text(), "labour_per_g": self.metal.labour_per_g.text()}
        observed = {k: e.text() for k, e in self.verify.fields.items()}
        retest = {k: e.text() for k, e in self.verify.retest.items()}
        pieces = [[cell.text() if (cell := self.pieces.table.item(r, c)) else "" for c in range(3)]
                  for r in range(self.pieces.table.rowCount())]
        if not any(v.strip() for v in (*texts.values(), *observed.values(), *retest.values())) and not pieces:
            return None
        return {"kind": self.kind(), "intake_id": self.intake_id, "on": self.old.day().isoformat(), **texts,
                "as_sold": {k: b.isChecked() for k, b in self.as_sold.boxes.items()},
                "quality_report": self.as_sold.quality.isChecked(), "observed": observed, "retest": retest,
                "metal": self.metal.metal.currentData(), "fineness": self.metal.fineness.currentData(),
                "pieces": pieces}

    def restore_draft(self, data: dict[str, Any]) -> None:
        """Fill the page back from a draft and price it again (today's prices and policy)."""
        self.reset()
        self.set_kind(data.get("kind") or TRADE_IN)
        self.intake_id = data.get("intake_id")
        if self.intake_id:
            self.intake_label.setText(_("来自收件记录 {id}", id=self.intake_id))
        if data.get("on"):
            self.old.on.setDate(QDate.fromString(data["on"], "yyyy-MM-dd"))
        self.old.receipt.setText(data.get("receipt", ""))
        self.old.product.setText(data.get("product", ""))
        for k, ticked in (data.get("as_sold") or {}).items():
            if k in self.as_sold.boxes:
                self.as_sold.boxes[k].setChecked(bool(ticked))
        self.as_sold.quality.setChecked(bool(data.get("quality_report")))
        self.verify.set_values(data.get("observed") or {}, data.get("retest") or {})
        if data.get("metal"):
            self.metal.set_metal(data["metal"], data.get("fineness") or "")
        self.metal.weight.setText(data.get("metal_weight", ""))
        self.metal.new_weight.setText(data.get("new_weight", ""))
        self.metal.labour.setText(data.get("labour", ""))
        self.metal.labour_per_g.setText(data.get("labour_per_g", ""))
        for code, name, price in data.get("pieces") or []:
            self.pieces.add_piece(code, name, Decimal(0))
            self.pieces.table.setItem(self.pieces.table.rowCount() - 1, 2, QTableWidgetItem(price))  # as typed
        self.recalculate()

    def _open_recent(self, index: Any) -> None:
        self.open_saved(self.recent_model.row(index.row()).number)

    def refresh_recent(self) -> None:
        actor = self.session.actor
        ok, rows = self.session.call(self, lambda c: c.quotes.recent(actor), quiet=True)
        if not ok:
            return
        self.recent_model.set_rows(rows)
        self.recent.resizeColumnsToContents()

    def _forget_lookups(self) -> None:
        self._base = None

    def _on_data_changed(self, area: str) -> None:
        if area != Area.QUOTES:
            self._base = None  # a sale, a price or the policy may have changed
        if concerns(area, Area.QUOTES, Area.PRICES, Area.POLICY):
            self.refresh_recent()
            if area != Area.QUOTES and self.saved_number is None:
                self.recalculate()


def open_quote_for_intake(session: UiSession, intake_id: int, kind: str = TRADE_IN) -> QuotesPage | None:
    """Open the quote page of this running program on a checked intake and bring it forward."""
    page = _pages.get(id(session))
    if page is None:
        return None
    window = page.window()
    if hasattr(window, "show_page"):
        window.show_page("quotes")
    page.open_quote_for_intake(intake_id, kind)
    return page


def open_draft(window: QWidget, data: dict[str, Any]) -> None:
    page = window.show_page("quotes") if hasattr(window, "show_page") else None
    if isinstance(page, QuotesPage):
        page.restore_draft(data)


register_opener("quote", open_draft)


def create_page(session: UiSession) -> QWidget:
    return QuotesPage(session)
