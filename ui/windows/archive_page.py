"""Work area: 每周客户档案. The director's week (review, sign-off, the two copies) and head office's summaries.

The page reads nothing until it is shown to a manager (the week list), and a week's records
only when the manager opens that week. It follows only the archive's own notices (a sign-off,
an export, a restore), not every save elsewhere.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QLabel, QTabWidget, QVBoxLayout, QWidget

from counter_app.i18n import _
from counter_app.services.permissions import Action
from ui.changes import Area, concerns
from ui.session import UiSession
from ui.windows.archive.summary_panel import SummaryPanel
from ui.windows.archive.week_review import WeekReview


class ArchivePage(QWidget):
    def __init__(self, session: UiSession) -> None:
        super().__init__()
        self.session = session
        self.setObjectName("page_archive")
        self.weeks_stale = True  # the week list is read when the page is next shown
        layout = QVBoxLayout(self)
        self.notice = QLabel(_("每周客户档案和总部汇总只有店长（或其代理人）可以查看。"))
        self.notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.tabs = QTabWidget()
        self.review = WeekReview(session)
        self.summary = SummaryPanel(session)
        self.tabs.addTab(self.review, _("每周档案"))
        self.tabs.addTab(self.summary, _("总部汇总"))
        layout.addWidget(self.notice)
        layout.addWidget(self.tabs, 1)
        session.actor_changed.connect(self.apply_actor)
        session.data_changed.connect(self._changed)
        self.apply_actor()

    def apply_actor(self) -> None:
        manager = self.session.actor.may(Action.ARCHIVE)
        self.notice.setVisible(not manager)
        self.tabs.setVisible(manager)
        self.weeks_stale = True
        if self.isVisible():
            self.ensure_weeks()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.ensure_weeks()

    def ensure_weeks(self) -> None:
        """Read the week list if it is out of date (managers only)."""
        if self.weeks_stale and self.session.actor.may(Action.ARCHIVE):
            self.weeks_stale = False
            self.review.fill_weeks(self.review.chosen_key())

    def _changed(self, area: str) -> None:
        if not concerns(area, Area.ARCHIVE):
            return  # a save elsewhere: what is shown stays until the manager opens a week again
        self.weeks_stale = True
        if self.isVisible():
            self.ensure_weeks()

    def focus_ref(self, ref: str) -> None:
        """Opened from the start page: show the week it named."""
        if ref and self.session.actor.may(Action.ARCHIVE):
            self.ensure_weeks()
            index = self.review.week_box.findData(ref)
            if index >= 0:
                self.review.week_box.setCurrentIndex(index)
            self.tabs.setCurrentWidget(self.review)
            self.review.open_week(ref)


def create_page(session: UiSession) -> QWidget:
    return ArchivePage(session)
