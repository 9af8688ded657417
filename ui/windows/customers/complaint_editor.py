"""Record a complaint or praise, or work an open one: steps, cause, resolution. FAQ at hand."""

from __future__ import annotations

import datetime as dt
import html

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import clock
from counter_app.i18n import _
from counter_app.services import complaints
from counter_app.services.complaints import ComplaintRow
from ui.changes import Area
from ui.qdates import to_datetime
from ui.session import UiSession

STEP_CHOICES = ("apology", "repeat_back", "compensation", "reply_promised", "follow_up", "cause", "manager_reply",
                "escalated", "note")


def faq_html() -> str:
    parts = [f"<h3>{html.escape(_('常见投诉案例及应对'))}</h3>"]
    for item in complaints.FAQ:
        parts.append(f"<p><b>{html.escape(_(item['case']))}</b></p><ul>")
        for words, why in item["avoid"]:
            parts.append(f"<li style='color:#c0392b'>{html.escape(_('不要说：'))}{html.escape(_(words))}"
                         f"<br/><small>{html.escape(_(why))}</small></li>")
        parts.append(f"</ul><p style='color:#1e7b34'>{html.escape(_('应该：'))}{html.escape(_(item['say']))}</p>")
    return "".join(parts)


class ComplaintEditor(QDialog):
    """New (customer_id given) or existing (complaint_id given)."""

    def __init__(self, session: UiSession, customer_id: int | None = None, complaint_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.customer_id = customer_id
        self.complaint_id = complaint_id
        self.setWindowTitle(_("顾客投诉"))
        self.resize(960, 560)
        left = QVBoxLayout()
        self.header = QLabel()
        self.header.setWordWrap(True)
        left.addWidget(self.header)
        if complaint_id is None:
            form = QFormLayout()
            self.what = QPlainTextEdit()
            self.what.setObjectName("complaint_what")
            self.place = QLineEdit(_("柜台"))
            self.people = QLineEdit()
            self.praise = QCheckBox(_("这是表扬"))
            self.coupon = QLineEdit()
            self.coupon.setPlaceholderText(_("赠送代金券金额，如 5"))
            form.addRow(_("经过"), self.what)
            form.addRow(_("地点"), self.place)
            form.addRow(_("人员"), self.people)
            form.addRow(self.praise)
            form.addRow(_("代金券"), self.coupon)
            left.addLayout(form)
            save = QPushButton(_("记录"))
            save.setObjectName("complaint_save")
            save.clicked.connect(self.save_new)
            left.addWidget(save)
        else:
            self.steps = QListWidget()
            self.steps.setObjectName("complaint_steps")
            left.addWidget(self.steps, 1)
            form = QFormLayout()
            self.step = QComboBox()
            for code in STEP_CHOICES:
                self.step.addItem(_(complaints.STEPS[code]), code)
            self.step_text = QLineEdit()
            self.cause = QComboBox()
            self.cause.addItem("—", "")
            for code, label in complaints.CAUSES.items():
                self.cause.addItem(_(label), code)
            self.promised = QDateTimeEdit(QDateTime(clock.now() + dt.timedelta(hours=6)))
            self.promised.setDisplayFormat("yyyy-MM-dd HH:mm")
            self.unclear = QCheckBox(_("责任不明（事不过三）"))
            form.addRow(_("步骤"), self.step)
            form.addRow(_("内容"), self.step_text)
            form.addRow(_("原因"), self.cause)
            form.addRow(_("承诺答复时间"), self.promised)
            form.addRow(self.unclear)
            left.addLayout(form)
            row = QHBoxLayout()
            add = QPushButton(_("记录步骤"))
            add.clicked.connect(self.add_step)
            resolve = QPushButton(_("已解决"))
            resolve.clicked.connect(self.resolve)
            row.addWidget(add)
            row.addWidget(resolve)
            left.addLayout(row)
            self._load()
        faq = QTextBrowser()
        faq.setObjectName("complaint_faq")
        faq.setHtml(faq_html())
        layout = QHBoxLayout(self)
        layout.addLayout(left, 3)
        layout.addWidget(faq, 2)

    def _load(self) -> None:
        assert self.complaint_id is not None
        complaint_id = self.complaint_id
        ok, row = self.session.call(self, lambda c: c.complaints.show(complaint_id))
        if ok:
            self._show(row)

    def _show(self, row: ComplaintRow) -> None:
        state = _("已解决") if row.resolved_at else (row.level_text or _("处理中"))
        self.header.setText(f"<b>{row.number}</b>  {row.customer_name}  {row.received_at:%Y-%m-%d %H:%M}  "
                            f"{html.escape(state)}<br/>{html.escape(row.what)}<br/>"
                            + _("处理时限：{a}；最迟：{b}", a=f"{row.clock.handle_by:%m-%d %H:%M}",
                                b=f"{row.clock.latest_by:%m-%d %H:%M}"))
        self.steps.clear()
        for st in row.steps:
            label = _(complaints.STEPS.get(st.get("step", ""), st.get("step", "")))
            self.steps.addItem(f"{str(st.get('at', '')).replace('T', ' ')}  {label}  {st.get('by', '')}  {st.get('text', '')}")

    def save_new(self) -> None:
        actor = self.session.actor
        kind = "praise" if self.praise.isChecked() else "complaint"
        cid, what, place, people = self.customer_id, self.what.toPlainText(), self.place.text(), self.people.text()
        coupon = self.coupon.text() or None
        ok, _made = self.session.call(
            self, lambda c: c.complaints.record(actor, cid, what, place=place, people=people, kind=kind, coupon=coupon),
            changes=[Area.COMPLAINTS])
        if ok:
            self.accept()

    def add_step(self) -> None:
        actor = self.session.actor
        complaint_id = self.complaint_id or 0
        step = self.step.currentData()
        promised = to_datetime(self.promised.dateTime()) if step == "reply_promised" else None
        text, cause = self.step_text.text(), self.cause.currentData() or ""
        unclear = True if self.unclear.isChecked() else None
        ok, row = self.session.call(
            self, lambda c: c.complaints.add_step(actor, complaint_id, step, text, promised_by=promised,
                                                  compensation=text, cause=cause, responsibility_unclear=unclear),
            changes=[Area.COMPLAINTS])
        if ok:
            self.step_text.clear()
            self._show(row)

    def resolve(self) -> None:
        actor = self.session.actor
        complaint_id = self.complaint_id or 0
        text = self.step_text.text()
        unclear = True if self.unclear.isChecked() else None
        ok, row = self.session.call(
            self, lambda c: c.complaints.resolve(actor, complaint_id, text, responsibility_unclear=unclear),
            changes=[Area.COMPLAINTS])
        if ok:
            self._show(row)
