"""The director's week: records, what is missing, sign-off and the two copies to send.

Nothing is read until the manager asks: the week list when the page is first shown, a
week's records when the manager opens it (on a worker, through the session). Export and
sign-off run in the background with a progress dialog and show the result they return.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from counter_app.documents import archive_labels as L
from counter_app.domain import clock
from counter_app.domain.archive_weeks import IsoWeek, parse_week
from counter_app.errors import CounterError
from counter_app.i18n import _
from counter_app.services.archive import ExportResult, WeekView
from counter_app.services.permissions import Action
from ui import ops
from ui.changes import Area
from ui.session import UiSession

COLUMNS = ("编号", "姓名", "电话", "来店日期", "本周事项", "下次服务", "缺项")
RED = QColor("#b00020")
STATE = {"none": "未导出", "open": "未签核", "signed": "已签核"}


class WeekReview(QWidget):
    """Pick a week, read its records and what is missing, export, sign off."""

    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.view: WeekView | None = None
        self.last_export: list[Path] = []
        # Replaceable in tests: the questions a person answers.
        self.confirm: Callable[[str], bool] = self._ask
        self.choose_folder: Callable[[], str] = self._folder

        layout = QVBoxLayout(self)
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("周次：")))
        self.week_box = QComboBox()
        self.week_box.setEditable(True)
        self.week_box.setMinimumWidth(260)
        bar.addWidget(self.week_box)
        self.open_button = QPushButton(_("打开"))
        self.open_button.clicked.connect(self.open_selected)
        bar.addWidget(self.open_button)
        bar.addStretch(1)
        self.export_button = QPushButton(_("导出两联（PDF + XLSX）…"))
        self.export_button.clicked.connect(self.export)
        self.sign_button = QPushButton(_("签核本周"))
        self.sign_button.setStyleSheet("QPushButton{font-weight:bold;}")
        self.sign_button.clicked.connect(self.sign)
        bar.addWidget(self.export_button)
        bar.addWidget(self.sign_button)
        layout.addLayout(bar)

        self.status = QLabel()
        self.status.setObjectName("archive_status")
        self.status.setStyleSheet("font-size:15px;")
        self.missing = QLabel()
        self.missing.setWordWrap(True)
        layout.addWidget(self.status)
        layout.addWidget(self.missing)

        split = QSplitter(Qt.Orientation.Vertical)
        self.table = QTableWidget(0, len(COLUMNS))
        self.table.setObjectName("archive_records")
        self.table.setHorizontalHeaderLabels([_(c) for c in COLUMNS])
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setSectionResizeMode(4, QHeaderView.ResizeMode.Stretch)
        self.table.itemSelectionChanged.connect(self.show_detail)
        self.detail = QTextBrowser()
        split.addWidget(self.table)
        split.addWidget(self.detail)
        split.setSizes([420, 200])
        layout.addWidget(split, 1)
        self.files = QLabel()
        self.files.setObjectName("archive_files")
        self.files.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.files.setStyleSheet("color:#555555;")
        layout.addWidget(self.files)

    # --- weeks -----------------------------------------------------------------------------

    def fill_weeks(self, keep: str | None = None) -> None:
        """The week picker: this week and the eight before, with their state; `keep` stays chosen."""
        actor = self.session.actor
        ok, states = self.session.call(self, lambda c: c.archive.weeks(actor))
        if not ok:
            return
        self.week_box.clear()
        for st in states:
            text = f"{st.week.key}  {st.week.monday.isoformat()} – {st.week.sunday.isoformat()}  {_(STATE[st.status])}"
            self.week_box.addItem(text, st.week.key)
        index = self.week_box.findData(keep) if keep else -1
        if index < 0:
            index = 1 if len(states) > 1 else 0  # last week: the one to sign
        self.week_box.setCurrentIndex(index)

    def selected_week(self) -> IsoWeek:
        data = self.week_box.currentData()
        text = self.week_box.currentText()
        if data and text.startswith(str(data)):
            return parse_week(str(data))
        return parse_week(text.split()[0] if text.strip() else "")

    def open_selected(self) -> None:
        try:  # reading the box is the GUI thread's work; only the review goes to the worker
            week = self.selected_week()
        except CounterError as exc:
            ops.show_error(self, exc)
            return
        self.open_week(week)

    def open_week(self, week: IsoWeek | str) -> None:
        actor = self.session.actor
        ok, view = self.session.call(self, lambda c: c.archive.review(actor, week))
        if ok:
            self.show_view(view)

    # --- showing ---------------------------------------------------------------------------

    def show_view(self, view: WeekView) -> None:
        self.view = view
        t = view.totals
        wk = view.week
        if view.signed and view.signed_at:
            state = _("已签核：{name}，{at}。本周已锁定，之后补录的内容进入下一周的补录。", name=view.signed_by,
                      at=view.signed_at.strftime("%Y-%m-%d %H:%M"))
        elif view.status == "open":
            state = _("未签核（已编号，可继续补充）")
        else:
            state = _("未签核（导出或签核时编号）")
        self.status.setText(_("{week}（{first} 至 {last}）：{n} 条记录。{state}", week=wk.key,
                              first=wk.monday.isoformat(), last=wk.sunday.isoformat(), n=t["records"], state=state))
        parts = [f"{L.label(L.MISSING, k)} {v}" for k, v in t["missing"].items() if v]
        self.missing.setText(_("缺项：{items}", items="，".join(parts)) if parts else _("缺项：无"))
        self.missing.setStyleSheet("color:#b00020;" if parts else "color:#2e7d32;")
        self.table.setRowCount(len(view.records))
        for row, r in enumerate(view.records):
            c = r.content
            acts = "；".join(L.activity_text(a) for a in c.get("activities", []))
            values = [r.number or _("（未编号）"), c.get("name", ""), c.get("phone", ""), "、".join(c.get("visits", [])),
                      acts, L.next_text(c.get("next_service", {})), "、".join(L.missing_text(m) for m in r.missing)]
            if r.addendum_for:
                values[0] += f"（{_('补录')} {r.addendum_for}）"
            for col, value in enumerate(values):
                item = QTableWidgetItem(value)
                if r.missing and col == 6 or r.void:
                    item.setForeground(QBrush(RED))
                self.table.setItem(row, col, item)
        self.table.resizeColumnsToContents()
        self.table.setColumnWidth(4, min(self.table.columnWidth(4), 420))
        self.detail.clear()
        self.files.clear()
        has_records = bool(view.records)
        manager = self.session.actor.may(Action.ARCHIVE)
        ended = clock.now() >= wk.end
        self.export_button.setEnabled(has_records and manager)
        self.sign_button.setEnabled(has_records and manager and not view.signed and ended)
        self.sign_button.setToolTip("" if ended else _("本周还没有结束，结束后才能签核。"))
        if not has_records:
            self.missing.setText(_("本周没有客户记录。"))
            self.missing.setStyleSheet("color:#666666;")

    def show_detail(self) -> None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows or self.view is None:
            return
        r = self.view.records[rows[0].row()]
        c = r.content
        e = html.escape

        def block(title: str, items: list[str]) -> str:
            if not items:
                return ""
            return f"<p><b>{e(title)}</b></p><ul>" + "".join(f"<li>{e(i)}</li>" for i in items) + "</ul>"

        parts = [f"<h3>{e(r.number or _('（未编号）'))}　{e(c.get('name', ''))}　{e(c.get('phone', ''))}</h3>",
                 f"<p>{e(_('地址'))}：{e(c.get('address', '') or _('（未登记）'))}</p>",
                 block(_("本周事项"), [f"{a['at']} {L.activity_text(a)}" for a in c.get("activities", [])]),
                 block(_("保养维修项目"), list(c.get("maintenance", []))),
                 f"<p>{e(_('希望的服务'))}：{e(c.get('preferences', ''))}</p>" if c.get("preferences") else "",
                 block(_("在本店的维修保养记录"), [L.history_text(h) for h in c.get("history", [])]),
                 f"<p>{e(_('下次服务'))}：{e(L.next_text(c.get('next_service', {})))}</p>",
                 f"<p style='color:#777'>{e(_('内部备注'))}：{e(c.get('internal_note', ''))}</p>"
                 if c.get("internal_note") else "",
                 block(_("缺项"), [L.missing_text(m) for m in r.missing])]
        self.detail.setHtml("".join(parts))

    # --- export and sign-off ----------------------------------------------------------------

    def _ask(self, text: str) -> bool:
        answer = QMessageBox.question(self, _("签核每周客户档案"), text)
        return answer == QMessageBox.StandardButton.Yes

    def _folder(self) -> str:
        return QFileDialog.getExistingDirectory(self, _("选择导出目录"))

    def export(self) -> None:
        if self.view is None:
            return
        folder = self.choose_folder()
        if not folder:
            return
        counter, actor, week = self.session.counter, self.session.actor, self.view.week

        def work(progress: ops.Progress, cancel: threading.Event) -> ExportResult:
            return counter.archive.export(actor, week, Path(folder), progress=progress)

        def done(result: Any) -> None:
            self.last_export = list(result.paths)
            self.show_view(result.view)  # with the numbers just given
            self.show_files(_("已导出："), result.paths)
            self.session.data_changed.emit(Area.ARCHIVE)

        ops.run_in_background(self, _("正在导出 {week} …", week=week.key), work, done)

    def sign(self) -> None:
        view = self.view
        if view is None:
            return
        t = view.totals
        text = _("签核 {week}：{n} 条记录，有缺项的 {m} 条。签核后本周锁定，不能再改。确定签核吗？",
                 week=view.week.key, n=t["records"], m=t["records_with_missing"])
        if not self.confirm(text):
            return
        counter, actor, week = self.session.counter, self.session.actor, view.week

        def work(progress: ops.Progress, cancel: threading.Event) -> ExportResult:
            return counter.archive.sign(actor, week, progress=progress)

        def done(result: Any) -> None:
            self.last_export = list(result.paths)
            self.show_view(result.view)
            self.show_files(_("已签核，文件已存档："), result.paths)
            self.session.data_changed.emit(Area.ARCHIVE)

        ops.run_in_background(self, _("正在签核 {week} …", week=week.key), work, done)

    def show_files(self, head: str, paths: list[Path]) -> None:
        self.files.setText(head + "\n" + "\n".join(str(p) for p in paths))

    def chosen_key(self) -> str | None:
        data = self.week_box.currentData()
        return str(data) if data else None
