"""Drafts in the windows: forms keep what the clerk typed, and the next start offers it back.

A form area uses `DraftKeeper(session, form_name, collect)` (it saves every few minutes and
when a save failed) and registers how to reopen its drafts with `register_opener`. At start,
`offer_drafts` lists the signed-in clerk's unfinished drafts. When the program ends (closed,
stopped by the system, the user logging off) `keep_open_drafts` saves every form that is
still open, and from then on closing a form no longer finishes its draft.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from counter_app.i18n import _
from counter_app.services.drafts import DraftInfo
from ui.session import UiSession

DRAFT_INTERVAL_MS = 2 * 60_000
FORM_TITLES: dict[str, str] = {"slip": "维修单", "quote": "报价单", "intake": "收件", "customer": "客户档案",
                               "call": "来电记录", "complaint": "投诉"}
_OPENERS: dict[str, Callable[[QWidget, dict[str, Any]], None]] = {}
_KEEPERS: weakref.WeakSet[DraftKeeper] = weakref.WeakSet()


def register_opener(form: str, opener: Callable[[QWidget, dict[str, Any]], None]) -> None:
    """How to reopen a draft of `form`: `opener(main_window, data)` fills the form."""
    _OPENERS[form] = opener


class DraftKeeper(QObject):
    """Saves `collect()` as a draft of `form` every couple of minutes while the form has content."""

    def __init__(self, session: UiSession, form: str, collect: Callable[[], dict[str, Any] | None],
                 parent: QObject | None = None, interval_ms: int = DRAFT_INTERVAL_MS) -> None:
        super().__init__(parent)
        self.session = session
        self.form = form
        self.collect = collect
        self.draft_id: int | None = None
        self.ending = False  # the program is ending: what is open stays a draft
        self.timer = QTimer(self)
        self.timer.timeout.connect(self.save_now)
        self.timer.start(interval_ms)
        _KEEPERS.add(self)

    def save_now(self) -> bool:
        data = self.collect()
        if not data:
            return False
        actor, form, draft_id = self.session.actor, self.form, self.draft_id
        ok, saved = self.session.call(None, lambda c: c.drafts.save(actor, form, data, draft_id), quiet=True)
        if not ok:
            return False  # a full or read-only disk: the text stays on screen, nothing else to do
        self.draft_id = saved
        return True

    def done(self) -> None:
        """The form was saved or abandoned on purpose: its draft is no longer offered."""
        if self.draft_id is not None and not self.ending:
            actor, draft_id = self.session.actor, self.draft_id
            self.session.call(None, lambda c: c.drafts.finish(actor, draft_id), quiet=True)
            self.draft_id = None


def keep_open_drafts(session: UiSession) -> int:
    """The program ends: save each form of `session` still open (its keeper still ticking) as a
    draft, and keep it from being finished by windows closing. Returns the drafts saved."""
    saved = 0
    for keeper in list(_KEEPERS):
        if not shiboken6.isValid(keeper) or keeper.ending or keeper.session is not session:
            continue
        keeper.ending = True
        if keeper.timer.isActive():
            keeper.timer.stop()
            saved += keeper.save_now()
    return saved


class DraftsDialog(QDialog):
    def __init__(self, session: UiSession, pending: list[DraftInfo], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.setWindowTitle(_("未完成的草稿"))
        self.list = QListWidget()
        self.list.setObjectName("drafts")
        for d in pending:
            title = _(FORM_TITLES.get(d.form, d.form))
            item = QListWidgetItem(_("{form}（保存于 {at}）{note}", form=title, at=d.saved_at.replace("T", " "),
                                     note=f" {d.note}" if d.note else ""))
            item.setData(256, d)
            self.list.addItem(item)
        self.list.setCurrentRow(0)
        self.restore_button = QPushButton(_("恢复"))
        self.restore_button.setObjectName("restore_draft")
        self.discard_button = QPushButton(_("丢弃"))
        self.discard_button.setObjectName("discard_draft")
        self.restore_button.clicked.connect(self.restore_selected)
        self.discard_button.clicked.connect(self.discard_selected)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(_("稍后再说"))
        buttons.rejected.connect(self.reject)
        buttons.addButton(self.restore_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.discard_button, QDialogButtonBox.ButtonRole.ActionRole)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(_("上次没有保存完的内容（程序意外关闭时自动保存）：")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.opened: list[DraftInfo] = []

    def _current(self) -> DraftInfo | None:
        item = self.list.currentItem()
        return item.data(256) if item else None

    def _remove_current(self) -> None:
        self.list.takeItem(self.list.currentRow())
        if self.list.count() == 0:
            self.accept()

    def restore_selected(self) -> None:
        d = self._current()
        if d is None:
            return
        opener = _OPENERS.get(d.form)
        if opener is not None:
            opener(self.parentWidget() or self, d.data)
        self.opened.append(d)
        self._finish(d)
        self._remove_current()

    def discard_selected(self) -> None:
        d = self._current()
        if d is None:
            return
        if self._finish(d):
            self._remove_current()

    def _finish(self, d: DraftInfo) -> bool:
        actor = self.session.actor
        ok, _done = self.session.call(self, lambda c: c.drafts.finish(actor, d.id))
        return bool(ok)


def pending_drafts(session: UiSession) -> list[DraftInfo]:
    """The signed-in staff member's unfinished drafts ([] when they cannot be read now)."""
    actor = session.actor
    ok, found = session.call(None, lambda c: c.drafts.pending(actor), quiet=True)
    return list(found) if ok else []


def offer_drafts(window: QWidget, session: UiSession) -> DraftsDialog | None:
    """At start: offer the signed-in staff member's unfinished drafts (non-blocking)."""
    pending = pending_drafts(session)
    if not pending:
        return None
    dialog = DraftsDialog(session, pending, window)
    dialog.open()
    return dialog
