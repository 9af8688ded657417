"""Settings tab: slip paper size (A5 / 80 mm roll) and the message template of each status."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain import slip_rules as rules
from counter_app.i18n import _
from counter_app.services.permissions import Action
from ui.changes import Area
from ui.session import UiSession


class SlipSettingsTab(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("slip_settings_tab")
        layout = QVBoxLayout(self)
        paper = QGroupBox(_("维修单纸张"))
        pf = QFormLayout(paper)
        self.paper = QComboBox()
        self.paper.setObjectName("paper_size")
        self.paper.addItem(_("A5（两联各一页）"), "a5")
        self.paper.addItem(_("80 毫米热敏小票"), "80mm")
        pf.addRow(_("纸张"), self.paper)
        layout.addWidget(paper)
        box = QGroupBox(_("通知模板"))
        tf = QFormLayout(box)
        tf.addRow(QLabel(_("可用占位符：{name} 顾客姓名、{number} 维修单号、{store} 门店、{phone} 门店电话")))
        self.templates: dict[str, QPlainTextEdit] = {}
        for status in rules.STATUSES:
            edit = QPlainTextEdit()
            edit.setObjectName(f"template_{status}")
            edit.setMaximumHeight(64)
            self.templates[status] = edit
            tf.addRow(rules.status_label(status), edit)
        layout.addWidget(box)
        self.message = QLabel()
        self.message.setObjectName("slip_settings_message")
        self.save_button = QPushButton(_("保存"))
        self.save_button.setObjectName("slip_settings_save")
        self.save_button.clicked.connect(self.save)
        layout.addWidget(self.message)
        layout.addWidget(self.save_button)
        layout.addStretch(1)
        allowed = session.actor.may(Action.CHANGE_STORE_SETTINGS)
        for w in (self.paper, self.save_button, *self.templates.values()):
            w.setEnabled(allowed)
        if not allowed:
            self.message.setText(_("只有店长可以修改维修单纸张和通知模板。"))
        self.load()

    def load(self) -> None:
        ok, data = self.session.call(self, lambda c: c.slip_settings.show())
        if not ok:
            return
        size, templates = data
        self.paper.setCurrentIndex(max(0, self.paper.findData(size)))
        for status, edit in self.templates.items():
            edit.setPlainText(templates.get(status, ""))

    def save(self) -> None:
        actor = self.session.actor
        paper = self.paper.currentData()
        changes = {status: edit.toPlainText() for status, edit in self.templates.items()}
        ok, _r = self.session.call(self, lambda c: c.slip_settings.save(actor, paper, changes),
                                   changes=[Area.SETTINGS])
        if ok:
            self.message.setText(_("已保存。"))


def create_tab(session: UiSession) -> QWidget:
    return SlipSettingsTab(session)
