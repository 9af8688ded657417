"""The comparison table (record | observed | result) and the item photo beside it.

Typing in the observed column re-checks the row on every keystroke; Enter moves to the
next row, so the clerk fills the column without touching the mouse.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QAbstractItemModel, QModelIndex, QPersistentModelIndex, Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QAbstractItemDelegate,
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from counter_app.domain.verification import FIELDS
from counter_app.i18n import _
from ui.models.verification_model import COL_OBSERVED, EDITABLE, VerificationModel
from ui.windows.intake.common import error_label, show_error

Index = QModelIndex | QPersistentModelIndex


class LiveDelegate(QStyledItemDelegate):
    """An editor that hands every keystroke to the model, so the row re-checks as typed."""

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem, index: Index) -> QWidget:
        editor = QLineEdit(parent)
        editor.textEdited.connect(lambda _text, e=editor: self.commitData.emit(e))
        return editor

    def setEditorData(self, editor: QWidget, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        text = str(index.data(Qt.ItemDataRole.EditRole) or "")
        if editor.text() != text:
            editor.setText(text)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel, index: Index) -> None:
        assert isinstance(editor, QLineEdit)
        model.setData(index, editor.text(), Qt.ItemDataRole.EditRole)


class ComparisonTable(QTableView):
    column_done = Signal()  # Enter on the last row: the page moves on to the condition

    def __init__(self, model: VerificationModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("comparison")
        self.setModel(model)
        self.setItemDelegateForColumn(COL_OBSERVED, LiveDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.AnyKeyPressed
                             | QAbstractItemView.EditTrigger.DoubleClicked
                             | QAbstractItemView.EditTrigger.EditKeyPressed
                             | QAbstractItemView.EditTrigger.CurrentChanged)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.ResizeToContents)
        self.setTabKeyNavigation(False)  # Tab leaves the table; Enter goes down the observed column

    def start_editing(self, field: str = EDITABLE[0]) -> None:
        index = self.model().index(FIELDS.index(field), COL_OBSERVED)
        self.setFocus()
        self.setCurrentIndex(index)  # opens the editor through the CurrentChanged trigger
        if self.indexWidget(index) is None:
            self.edit(index)

    def closeEditor(self, editor: QWidget, hint: QAbstractItemDelegate.EndEditHint) -> None:
        super().closeEditor(editor, QAbstractItemDelegate.EndEditHint.NoHint)
        if hint == QAbstractItemDelegate.EndEditHint.SubmitModelCache:  # Enter: next row
            row = self.currentIndex().row() + 1
            if row < len(FIELDS):
                self.start_editing(FIELDS[row])
            else:
                self.column_done.emit()


class PhotoPanel(QWidget):
    """The photo on record beside one the clerk attaches now."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.attached_path = ""
        self.record_photo = QLabel(_("无存档照片"))
        self.record_photo.setObjectName("record_photo")
        self.now_photo = QLabel(_("未附照片"))
        self.now_photo.setObjectName("now_photo")
        for label in (self.record_photo, self.now_photo):
            label.setFixedSize(120, 120)
            label.setAlignment(Qt.AlignmentFlag.AlignCenter)
            label.setStyleSheet("border:1px solid #ccc;background:#fafafa;")
        self.attach_button = QPushButton(_("现在附照片…"))
        self.attach_button.clicked.connect(self.choose_photo)
        self.error = error_label()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        for title, label in ((_("存档照片"), self.record_photo), (_("本次照片"), self.now_photo)):
            box = QVBoxLayout()
            box.addWidget(QLabel(title))
            box.addWidget(label)
            row.addLayout(box)
        layout.addLayout(row)
        row.addWidget(self.attach_button)
        layout.addWidget(self.error)

    def show_record_photo(self, path: str) -> None:
        self._show(self.record_photo, path, _("无存档照片"))

    def attach(self, path: str) -> None:
        if path and not Path(path).is_file():
            show_error(self.error, _("找不到照片文件：{path}", path=path))
            return
        show_error(self.error, "")
        self.attached_path = path
        self._show(self.now_photo, path, _("未附照片"))

    def choose_photo(self) -> None:
        path, _filter = QFileDialog.getOpenFileName(self, _("选择货品照片"), "",
                                                    _("图片 (*.png *.jpg *.jpeg *.bmp)"))
        if path:
            self.attach(path)

    def clear(self) -> None:
        self.attached_path = ""
        self._show(self.record_photo, "", _("无存档照片"))
        self._show(self.now_photo, "", _("未附照片"))
        show_error(self.error, "")

    @staticmethod
    def _show(label: QLabel, path: str, empty: str) -> None:
        pix = QPixmap(path) if path and Path(path).is_file() else QPixmap()
        if pix.isNull():
            label.setPixmap(QPixmap())
            label.setText(empty if not path else _("照片打不开"))
        else:
            label.setPixmap(pix.scaled(label.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                       Qt.TransformationMode.SmoothTransformation))
