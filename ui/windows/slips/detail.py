"""One slip: what it says, its timeline (维修记录) and the next steps it allows."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import slip_rules as rules
from counter_app.i18n import _
from counter_app.services.actions.slips import SlipView
from counter_app.services.permissions import Action
from ui.changes import Area
from ui.models.slip_models import TimelineModel
from ui.session import UiSession
from ui.windows.slips.common import print_slip
from ui.windows.slips.dialogs import NotifyDialog, QuoteDialog


class SlipDetail(QWidget):
    pickup_requested = Signal(str)
    lost_requested = Signal(str)

    def __init__(self, session: UiSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.number: str | None = None
        self.info: SlipView | None = None
        self.setObjectName("slip_detail")
        layout = QVBoxLayout(self)
        self.title = QLabel(_("选择一张维修单"))
        self.title.setObjectName("detail_title")
        self.title.setStyleSheet("font-size:18px;")
        layout.addWidget(self.title)
        form = QFormLayout()
        self.fields: dict[str, QLabel] = {}
        for key, label in (("customer", "顾客"), ("item", "饰品"), ("works", "维修项目"), ("fees", "费用"),
                           ("weights", "重量"), ("dates", "日期"), ("notes", "备注"), ("flags", "提示")):
            value = QLabel()
            value.setWordWrap(True)
            value.setObjectName(f"detail_{key}")
            self.fields[key] = value
            form.addRow(_(label), value)
        layout.addLayout(form)
        self.timeline = TimelineModel()
        view = self.timeline_view = QTableView()
        view.setObjectName("timeline")
        view.setModel(self.timeline)
        view.verticalHeader().hide()
        for col in range(3):
            view.horizontalHeader().setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)
        view.horizontalHeader().setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        view.setWordWrap(True)
        view.setEditTriggers(QTableView.EditTrigger.NoEditTriggers)
        layout.addWidget(view, 1)

        row = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        for key, label in (("print", "打印"), ("send", "送厂"), ("back", "回店"), ("notify", "通知顾客"),
                           ("quote", "工厂报价"), ("pickup", "取件"), ("lost", "遗失"), ("cancel", "取消"),
                           ("void", "作废")):
            b = QPushButton(_(label))
            b.setObjectName(f"action_{key}")
            b.clicked.connect(lambda _c=False, k=key: self.act(k))
            row.addWidget(b)
            self.buttons[key] = b
        row.addStretch(1)
        layout.addLayout(row)
        self.show_slip(None)

    def show_slip(self, number: str | None) -> None:
        self.number = number
        if number is None:
            self.title.setText(_("选择一张维修单"))
            for f in self.fields.values():
                f.setText("")
            self.timeline.set_rows([])
            for b in self.buttons.values():
                b.setEnabled(False)
            return

        ok, details = self.session.call(self, lambda c: c.slips.show(number))
        if not ok:
            return
        info: SlipView = details.slip
        self.info = info
        self.title.setText(f"{info.number}  ·  {info.status_label}")
        item = info.item
        self.fields["customer"].setText(f"{info.customer}  {info.phone}")
        self.fields["item"].setText(f"{info.product_code} {info.description}  {item.get('metal', '')}  "
                                    f"{item.get('certificate_issuer', '')} {item.get('certificate_number', '')}")
        self.fields["works"].setText("、".join(w["label"] for w in info.works))
        self.fields["fees"].setText(_("邮寄费 ¥{s}  维修费 ¥{r}  订金 ¥{d}  已付 ¥{p}  余额 ¥{b}", s=info.shipping_fee,
                                      r=info.repair_fee, d=info.deposit, p=info.paid, b=info.balance))
        self.fields["weights"].setText(_("收件 {a}  回店 {b}  取件 {c}", a=info.intake_weight_g or "—",
                                         b=info.return_weight_g or "—", c=info.pickup_weight_g or "—"))
        self.fields["dates"].setText(_("收件 {a}  承诺 {b}", a=(info.created_at or "")[:16], b=info.promised_on or "—"))
        self.fields["notes"].setText("  ".join(x for x in (info.note, _("内部：") + info.internal_note
                                                           if info.internal_note else "") if x))
        flags = []
        if info.overdue:
            flags.append(_("已过承诺日期"))
        if info.unrepaired:
            flags.append(_("未维修退回"))
        if info.lost_reported:
            flags.append(_("已挂失"))
        if info.voided:
            flags.append(_("已作废：{r}", r=info.void_reason))
        self.fields["flags"].setText("、".join(flags))
        self.fields["flags"].setStyleSheet("color:#c00000;")
        self.timeline.set_rows(list(details.timeline))
        self.timeline_view.resizeRowsToContents()
        status = info.status
        allowed = rules.allowed_next(status, unrepaired=info.unrepaired)
        live = not info.voided
        self.buttons["print"].setEnabled(True)
        self.buttons["send"].setEnabled(live and rules.SENT in allowed)
        self.buttons["back"].setEnabled(live and rules.BACK in allowed)
        self.buttons["notify"].setEnabled(live and status not in rules.FINAL)
        self.buttons["quote"].setEnabled(live and status in (rules.RECEIVED, rules.SENT)
                                         and any(w["kind"] in (rules.FACTORY_PAID, rules.DAMAGE) for w in info.works))
        self.buttons["pickup"].setEnabled(live and status == rules.NOTIFIED)
        self.buttons["lost"].setEnabled(live and status not in rules.FINAL and not info.lost_reported)
        self.buttons["cancel"].setEnabled(live and rules.CANCELLED in allowed)
        self.buttons["void"].setEnabled(live and self.session.actor.may(Action.VOID_SLIP))

    def act(self, key: str) -> None:
        number = self.number
        if number is None:
            return
        actor = self.session.actor
        call = self.session.call
        if key == "print":
            print_slip(self, self.session, number)
        elif key == "send":
            call(self, lambda c: c.slips.send_batch(actor, [number], print_list=False), changes=[Area.SLIPS])
        elif key == "back":
            grams, ok = QInputDialog.getText(self, _("回店"), _("回店称重（克）："))
            if ok:
                info = self.info
                if info is not None and info.unrepaired and info.status == rules.RECEIVED:
                    call(self, lambda c: c.slips.return_unrepaired(actor, number), changes=[Area.SLIPS])
                else:
                    call(self, lambda c: c.slips.receive_batch(actor, [number], {number: grams or None},
                                                               print_list=False), changes=[Area.SLIPS])
        elif key == "notify":
            NotifyDialog(self.session, number, self).exec()
        elif key == "quote":
            QuoteDialog(self.session, number, self).exec()
        elif key == "pickup":
            self.pickup_requested.emit(number)
        elif key == "lost":
            self.lost_requested.emit(number)
        elif key in ("cancel", "void"):
            reason, ok = QInputDialog.getText(self, _("原因"), _("请写明原因："))
            if ok:
                if key == "cancel":
                    call(self, lambda c: c.slips.cancel(actor, number, reason), changes=[Area.SLIPS])
                else:
                    call(self, lambda c: c.slips.void(actor, number, reason), changes=[Area.SLIPS])
        self.show_slip(number)
