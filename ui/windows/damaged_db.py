"""At start: a damaged database file was set aside; offer the newest valid backup."""

from __future__ import annotations

from PySide6.QtWidgets import QMessageBox, QWidget

from counter_app.i18n import _
from counter_app.services.integrity import StartCheck


def damaged_box(result: StartCheck, parent: QWidget | None = None) -> QMessageBox:
    box = QMessageBox(parent)
    box.setIcon(QMessageBox.Icon.Critical)
    box.setWindowTitle(_("数据库已损坏"))
    box.setText(result.message)
    box.setObjectName("damaged_db")
    if result.backup is not None:
        restore = box.addButton(_("从 {when} 的备份恢复", when=result.backup.taken_at.strftime("%Y-%m-%d %H:%M")),
                                QMessageBox.ButtonRole.AcceptRole)
        restore.setObjectName("restore_backup")
        box.setDefaultButton(restore)
    quit_button = box.addButton(_("退出"), QMessageBox.ButtonRole.RejectRole)
    quit_button.setObjectName("quit")
    return box


def ask_restore(result: StartCheck, parent: QWidget | None = None) -> bool:
    """True when the manager chose to continue from the offered backup."""
    box = damaged_box(result, parent)
    box.exec()
    clicked = box.clickedButton()
    return result.backup is not None and clicked is not None and clicked.objectName() == "restore_backup"
