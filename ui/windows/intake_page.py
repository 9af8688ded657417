"""Work area: 到店收件 — find the sale, check the piece field by field, note its condition.

Thin over `counter.intake`: the live check uses the core's own rules with what one look-up
read, saving is one call. The parts live in `ui/windows/intake/`.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from counter_app.domain import clock
from counter_app.domain.policy import PolicyValues
from counter_app.domain.verification import ItemRecord, VerificationResult, evaluate
from counter_app.errors import InputError
from counter_app.i18n import _
from counter_app.services.actions.intake import IntakeDraft, IntakeView
from ui.changes import Area
from ui.models.verification_model import EDITABLE, VerificationModel
from ui.session import UiSession
from ui.windows.drafts_prompt import DraftKeeper, register_opener
from ui.windows.intake.actions import ActionsPanel, HeadOfficePanel
from ui.windows.intake.brought import BroughtPanel
from ui.windows.intake.common import error_label, input_refusal
from ui.windows.intake.common import show_error as show_field_error
from ui.windows.intake.comparison import ComparisonTable, PhotoPanel
from ui.windows.intake.condition import ConditionPanel
from ui.windows.intake.eligibility import EligibilityPanel, RetestPanel
from ui.windows.intake.lookup_bar import LookupBar

if TYPE_CHECKING:
    from counter_app.services.counter import Counter


class IntakePage(QWidget):
    slip_requested = Signal(int)  # intake id
    quote_requested = Signal(int)  # intake id; `quote_kind` says trade_in or return

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("page_intake")
        self.session = session
        self.intake_id: int | None = None
        self.quote_kind = ""
        self.result: VerificationResult | None = None
        self._found = False  # a sale on record, or head office's confirmation
        self._policy = PolicyValues()
        self._policy_version = 0
        self._confirmation: dict[str, str] = {}
        self._mirrored_weight = ""

        self.lookup = LookupBar(session)
        self.head_office = HeadOfficePanel()
        self.head_office.hide()
        self.item_label = QLabel()
        self.item_label.setObjectName("item_label")
        self.item_label.setStyleSheet("font-size:15px;font-weight:bold;")
        self.model = VerificationModel(self)
        self.table = ComparisonTable(self.model)
        self.table_error = error_label()
        self.table_error.setObjectName("table_error")
        self.photo = PhotoPanel()
        self.retest = RetestPanel()
        self.eligibility = EligibilityPanel()
        self.condition = ConditionPanel()
        self.brought = BroughtPanel()
        self.outcome_bar = ActionsPanel()

        body = QWidget()
        layout = QVBoxLayout(body)
        layout.addWidget(self.lookup)
        layout.addWidget(self.head_office)
        layout.addWidget(self.item_label)
        columns = QHBoxLayout()
        left = QVBoxLayout()
        left.addWidget(self.table)
        left.addWidget(self.table_error)
        left.addWidget(self.condition)
        columns.addLayout(left, 3)
        right = QVBoxLayout()
        right.addWidget(self.photo)
        right.addWidget(self.retest)
        right.addWidget(self.eligibility)
        right.addWidget(self.brought)
        right.addStretch(1)
        columns.addLayout(right, 2)
        layout.addLayout(columns)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setWidget(body)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(scroll, 1)
        outer.addWidget(self.outcome_bar)  # always in view, below the scrolling part
        self.table.setMinimumHeight(self.table.verticalHeader().defaultSectionSize() * 11 + 8)

        self.lookup.lookup_requested.connect(self.look_up)
        self.lookup.receipt_edit.textEdited.connect(self._lookup_text_changed)
        self.lookup.product_edit.textEdited.connect(self._lookup_text_changed)
        self.head_office.confirmed.connect(self._go_with_confirmation)
        self.model.observed_changed.connect(self._changed)
        self.table.column_done.connect(self.condition.weight.setFocus)
        self.condition.weight.returnPressed.connect(self.condition.notes.setFocus)
        for edit in (self.retest.code, self.retest.color, self.retest.clarity):
            edit.textEdited.connect(lambda _t: self._changed())
        self.retest.quality_report.toggled.connect(lambda _c: self._changed())
        self.outcome_bar.save_clicked.connect(self.save)
        self.outcome_bar.slip_clicked.connect(self.request_slip)
        self.outcome_bar.trade_in_clicked.connect(lambda: self.request_quote("trade_in"))
        self.outcome_bar.return_clicked.connect(lambda: self.request_quote("return"))
        self.outcome_bar.maintenance_clicked.connect(self.maintenance_done)
        self.outcome_bar.new_clicked.connect(self.new_intake)
        self.recheck()
        self.keeper = DraftKeeper(session, "intake", self.draft_data, self)
        self.outcome_bar.new_clicked.connect(self.keeper.done)  # started over on purpose

    # --- look-up ------------------------------------------------------------------------
    def look_up(self, receipt_no: str, product_code: str) -> bool:
        self.intake_id = None
        self._confirmation = {}
        actor = self.session.actor
        ok, found = self.session.call(self, lambda c: c.intake.look_up(actor, receipt_no, product_code), quiet=True)
        if not ok:
            self.lookup.set_error(str(found))
            return False
        if found.record is None:  # not in the shared records: head office may vouch for the sale
            self.lookup.set_error(found.missing)
            self._found = False
            self.model.set_record(None, self._policy)
            self.item_label.setText("")
            self.photo.show_record_photo("")
            self.head_office.show()
            self.lookup.receipt_edit.setFocus()
            self.lookup.receipt_edit.selectAll()
            return False
        self.lookup.set_error("")
        self.head_office.hide()
        self._found = True
        self._policy, self._policy_version = found.policy, found.policy_version
        self.model.set_record(found.record, found.policy, receipt_no, product_code)
        self._show_item(found.record)
        self.table.start_editing()
        return True

    def _lookup_text_changed(self) -> None:
        """Another receipt or product typed: the check shown no longer applies until Enter."""
        if not self._found:
            return
        self._found = False
        self._confirmation = {}
        self.intake_id = None
        self.model.set_record(None, self._policy)
        self.item_label.setText(_("请按 Enter 查找新的销售单 / 货号。"))
        self.photo.show_record_photo("")

    def _go_with_confirmation(self) -> None:
        receipt = self.lookup.receipt_edit.text().strip()
        product = self.lookup.product_edit.text().strip()
        if not receipt or not product:
            self.head_office.error.setText(_("请先填写销售单号和货号。"))
            self.head_office.error.show()
            return
        ok, policy = self.session.call(self, lambda c: c.policy.show())
        if not ok:
            return
        values = policy.values
        self._policy, self._policy_version = values, policy.version
        self._confirmation = self.head_office.confirmation()
        self._found = True
        self.intake_id = None
        self.lookup.set_error("")
        self.model.set_record(None, values, receipt, product)
        self.item_label.setText(_("总部已确认：{who}（{ref}）— 仅可维修", who=self._confirmation["who"],
                                  ref=self._confirmation["reference"]))
        self.table.start_editing()

    def _show_item(self, record: ItemRecord) -> None:
        other = _("（{store} 售出，其他门店）", store=record.store_code) if record.other_store else ""
        kind = _("定制") if record.custom_made else ""
        self.item_label.setText(_("{desc} ｜ 销售日 {sold} ｜ ¥{price} {kind}{other}", desc=record.description,
                                  sold=record.sold_on.isoformat(), price=record.price, kind=kind, other=other))
        self.photo.show_record_photo(record.photo_path)

    # --- live check ---------------------------------------------------------------------
    def _changed(self) -> None:
        """A change to the check after saving makes it a new intake (the saved one stays as it was)."""
        self._mirror_weight()
        if self.intake_id is not None:
            self.intake_id = None
            self.outcome_bar.status.clear()
        self.recheck()

    def recheck(self) -> None:
        """Re-evaluate with the core's rules after every keystroke (no database needed)."""
        errors = self.model.errors()
        show_field_error(self.table_error, "\n".join(errors.values()))
        if not self._found:
            self.result = None
            self.eligibility.clear()
            self._enable_actions()
            return
        try:
            self.result = evaluate(
                self.model.record, self.model.observed(), clock.today(), self._policy, self._policy_version,
                retest=self.retest.retest(), quality_report=self.retest.quality_report.isChecked(),
                receipt_no=self.lookup.receipt_edit.text(), product_code=self.lookup.product_edit.text(),
                head_office=self._confirmation or None,
            )
        except InputError as exc:
            self.result = None
            show_field_error(self.table_error, str(exc))
            self.eligibility.clear()
        else:
            self.eligibility.show_result(self.result.verdict, self.result.eligibility)
        self._enable_actions()

    def _mirror_weight(self) -> None:
        """The weight typed in the table is the intake weight too, unless the clerk typed another."""
        weighed = self.model.observed_text("weight_g").strip()
        current = self.condition.weight.text().strip()
        if current in ("", self._mirrored_weight) and weighed != current:
            self.condition.weight.setText(weighed)
            self.condition.weight_value(report=True)
            self._mirrored_weight = weighed

    def _enable_actions(self) -> None:
        ready = self._found and self.result is not None
        a = self.outcome_bar
        a.save_button.setEnabled(ready and self.intake_id is None)
        a.slip_button.setEnabled(ready and self.eligibility.ok("repair"))
        a.trade_in_button.setEnabled(ready and self.eligibility.ok("trade_in"))
        a.return_button.setEnabled(ready and any(self.eligibility.ok(k)
                                                 for k in ("return", "exchange", "quality_return")))
        a.maintenance_button.setEnabled(ready)

    # --- saving -------------------------------------------------------------------------
    def _collect(self) -> IntakeDraft | None:
        """Everything the clerk entered, or None with messages beside the bad fields."""
        problems = False
        if self.model.errors():
            problems = True
        if self.retest.incomplete():
            self.retest.retest()
            problems = True
        try:
            weight = self.condition.weight_value()
            show_field_error(self.condition.weight_error, "")
        except InputError as exc:
            show_field_error(self.condition.weight_error, str(exc))
            problems = True
            weight = None
        try:
            defects = self.condition.unmentioned_defects()
            self.condition.show_defects_error("")
        except InputError as exc:
            self.condition.show_defects_error(str(exc))
            problems = True
            defects = []
        if problems:
            self.outcome_bar.set_error(_("请先改正红字标出的内容，未保存。"))
            return None
        self.outcome_bar.set_error("")
        return IntakeDraft(
            receipt_no=self.lookup.receipt_edit.text(),
            product_code=self.lookup.product_edit.text(),
            observed=self.model.observed(),
            retest=self.retest.retest(),
            condition=self.condition.condition(),
            unmentioned_defects=defects,
            brought=self.brought.brought(),
            weight_g=weight,
            notes=self.outcome_bar.notes.text(),
            head_office_confirmation=self._confirmation or None,
            photo_path=self.photo.attached_path,
            quality_report=self.retest.quality_report.isChecked(),
        )

    def save(self, outcome: str = "") -> int | None:
        """Save this intake (once); returns its id, or None when something must be fixed first."""
        if self.intake_id is not None:
            if outcome:
                self._set_outcome(outcome)
            return self.intake_id
        if not self._found:
            self.lookup.set_error(_("请先查找销售单和货号。"))
            return None
        draft = self._collect()
        if draft is None:
            return None
        actor = self.session.actor
        saved = self._submit(lambda c: c.intake.save(actor, draft, outcome))
        if saved is None:
            return None
        self.intake_id = saved.id
        self.keeper.done()
        at = saved.created_at or clock.now()
        self.outcome_bar.status.setText(_("已保存收件 #{id}（{who}，{at}）", id=saved.id, who=actor.name,
                                      at=at.strftime("%H:%M")))
        self._enable_actions()
        return self.intake_id

    def _submit(self, fn: Callable[[Counter], IntakeView]) -> IntakeView | None:
        """One save of what was typed. A refusal of an input goes beside its field; any other
        refusal (the database) is shown and the typed values are kept as a draft."""
        ok, out = self.session.call(self, lambda c: input_refusal(lambda: fn(c)))
        if not ok:
            self.keeper.save_now()  # the database refused: keep what was typed
            return None
        if isinstance(out, InputError):
            self._show_input_error(out)
            return None
        self.session.data_changed.emit(Area.INTAKES)  # only once it was stored, not on a refusal
        return out

    def _show_input_error(self, exc: InputError) -> None:
        if exc.field == "intake_weight":
            show_field_error(self.condition.weight_error, str(exc))
        elif exc.field == "defects":
            self.condition.show_defects_error(str(exc))
        elif exc.field in ("receipt", "product"):
            self.lookup.set_error(str(exc))
        else:
            self.outcome_bar.set_error(str(exc))

    def _set_outcome(self, outcome: str) -> None:
        assert self.intake_id is not None
        actor, intake_id = self.session.actor, self.intake_id
        ok, out = self.session.call(self, lambda c: c.intake.set_outcome(actor, intake_id, outcome),
                                    changes=[Area.INTAKES], quiet=True)
        if not ok:
            self.outcome_bar.set_error(str(out))

    # --- what follows -------------------------------------------------------------------
    def _switch_to(self, key: str) -> None:
        window = self.window()
        if window is not self and hasattr(window, "show_page"):
            window.show_page(key)

    def request_slip(self) -> None:
        intake_id = self.save("slip")
        if intake_id is None:
            return
        self.slip_requested.emit(intake_id)
        self._switch_to("slips")

    def request_quote(self, kind: str) -> None:
        intake_id = self.save("quote")
        if intake_id is None:
            return
        self.quote_kind = kind
        self.quote_requested.emit(intake_id)
        self._switch_to("quotes")

    def maintenance_done(self) -> None:
        works = self.outcome_bar.chosen_works()
        if not works:
            self.outcome_bar.set_error(_("请至少选一项保养：清洗、整形、牢固度检查。"))
            return
        note, actor = self.outcome_bar.notes.text(), self.session.actor
        if self.intake_id is not None:  # saved already: close it
            intake_id = self.intake_id
            ok, out = self.session.call(
                self, lambda c: c.intake.close_with_maintenance(actor, works, note, intake_id=intake_id),
                changes=[Area.INTAKES], quiet=True)
            if not ok:
                self.outcome_bar.set_error(str(out))
                return
            done: IntakeView = out
        else:  # stored and closed in one step
            if not self._found:
                self.lookup.set_error(_("请先查找销售单和货号。"))
                return
            draft = self._collect()
            if draft is None:
                return
            maintained = self._submit(lambda c: c.intake.close_with_maintenance(actor, works, note, draft=draft))
            if maintained is None:
                return
            done = maintained
            self.intake_id = done.id
            self.keeper.done()
            self._enable_actions()
        self.outcome_bar.set_error("")
        self.outcome_bar.status.setText(_("收件 #{id}：店内免费保养已完成并结束。", id=done.id))

    def new_intake(self) -> None:
        self.intake_id = None
        self._found = False
        self._confirmation = {}
        self.result = None
        self.quote_kind = ""
        self._mirrored_weight = ""
        self.model.clear()
        self.lookup.clear()
        self.head_office.clear()
        self.head_office.hide()
        self.item_label.clear()
        self.photo.clear()
        self.retest.clear()
        self.condition.clear()
        self.brought.clear()
        self.outcome_bar.clear()
        self.recheck()
        self.lookup.receipt_edit.setFocus()

    # --- drafts -------------------------------------------------------------------------
    def draft_data(self) -> dict[str, Any] | None:
        """What the clerk typed, as plain texts; None when there is nothing or it is saved."""
        if self.intake_id is not None:
            return None
        c = self.condition
        defects = []
        for row in range(c.defects.rowCount()):
            item, combo = c.defects.item(row, 0), c.defects.cellWidget(row, 1)
            if item is not None and item.text().strip():
                defects.append([item.text(), combo.currentData() if isinstance(combo, QComboBox) else ""])
        data: dict[str, Any] = {
            "receipt_no": self.lookup.receipt_edit.text(), "product_code": self.lookup.product_edit.text(),
            "observed": {f: self.model.observed_text(f) for f in EDITABLE},
            "retest": [self.retest.code.text(), self.retest.color.text(), self.retest.clarity.text()],
            "quality_report": self.retest.quality_report.isChecked(),
            "damage": self.condition.condition()["damage"], "condition_notes": c.notes.text(),
            "weight": c.weight.text(), "defects": defects,
            "brought": [k for k, ticked in self.brought.brought().items() if ticked],
            "notes": self.outcome_bar.notes.text(),
        }
        texts = [data["receipt_no"], data["product_code"], *data["observed"].values(), *data["retest"],
                 data["condition_notes"], data["weight"], data["notes"]]
        if not any(t.strip() for t in texts) and not (defects or data["damage"] or data["brought"]):
            return None
        return data

    def restore_draft(self, data: dict[str, Any]) -> None:
        """Fill the page back from a draft: look the sale up again, then the typed values."""
        self.new_intake()
        receipt, product = data.get("receipt_no", ""), data.get("product_code", "")
        self.lookup.receipt_edit.setText(receipt)
        self.lookup.product_edit.setText(product)
        if receipt.strip() and product.strip():
            self.look_up(receipt.strip(), product.strip())
        for field, text in (data.get("observed") or {}).items():
            if field in EDITABLE and text:
                self.model.set_observed_text(field, text)
        for edit, text in zip((self.retest.code, self.retest.color, self.retest.clarity),
                              data.get("retest") or [], strict=False):
            edit.setText(text)
        self.retest.quality_report.setChecked(bool(data.get("quality_report")))
        for code in data.get("damage") or []:
            if code in self.condition.damage:
                self.condition.damage[code].setChecked(True)
        self.condition.notes.setText(data.get("condition_notes", ""))
        self.condition.weight.setText(data.get("weight", ""))
        self.condition.weight_value(report=True)
        for defect, decision in data.get("defects") or []:
            self.condition.add_defect(defect, decision)
        for code in data.get("brought") or []:
            if code in self.brought.boxes:
                self.brought.boxes[code].setChecked(True)
        self.outcome_bar.notes.setText(data.get("notes", ""))
        self.recheck()


def open_draft(window: QWidget, data: dict[str, Any]) -> None:
    page = window.show_page("intake") if hasattr(window, "show_page") else None
    if isinstance(page, IntakePage):
        page.restore_draft(data)


register_opener("intake", open_draft)


def create_page(session: UiSession) -> QWidget:
    return IntakePage(session)
