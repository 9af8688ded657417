"""A signature pad: the customer signs with the mouse, a pen or a finger; the strokes are
painted into a QImage, so what is saved as PNG is exactly what was seen."""

from __future__ import annotations

from PySide6.QtCore import QBuffer, QByteArray, QEvent, QIODevice, QPointF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QImage,
    QMouseEvent,
    QPainter,
    QPaintEvent,
    QPen,
    QResizeEvent,
    QTabletEvent,
    QTouchEvent,
)
from PySide6.QtWidgets import QSizePolicy, QWidget

from counter_app.i18n import _


class SignaturePad(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("signature_pad")
        self.setMinimumSize(QSize(360, 140))
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAttribute(Qt.WidgetAttribute.WA_AcceptTouchEvents, True)
        self.setAttribute(Qt.WidgetAttribute.WA_StaticContents, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self._image = QImage(self.minimumSize(), QImage.Format.Format_ARGB32)
        self._image.fill(Qt.GlobalColor.white)
        self._last: QPointF | None = None
        self._strokes = 0
        self._pen = QPen(QColor("#10205a"), 2.4, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap,
                         Qt.PenJoinStyle.RoundJoin)

    # --- what the pickup screen asks --------------------------------------------------------

    def is_empty(self) -> bool:
        return self._strokes == 0

    def clear(self) -> None:
        self._image.fill(Qt.GlobalColor.white)
        self._strokes = 0
        self._last = None
        self.update()
        self.changed.emit()

    def image(self) -> QImage:
        return self._image.copy()

    def png_bytes(self) -> bytes:
        data = QByteArray()
        buf = QBuffer(data)
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        # PySide6 6.12 stubs type the format as bytes, yet at run time only a str is taken (bytes: ValueError)
        self._image.save(buf, "PNG")  # type: ignore[call-overload]
        buf.close()
        return bytes(data.data())

    # --- drawing ---------------------------------------------------------------------------------

    def _begin(self, pos: QPointF) -> None:
        self._last = pos
        self._line_to(pos + QPointF(0.1, 0.1))

    def _line_to(self, pos: QPointF, pressure: float = 1.0) -> None:
        if self._last is None:
            self._last = pos
            return
        painter = QPainter(self._image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pen = QPen(self._pen)
        pen.setWidthF(max(1.2, self._pen.widthF() * (0.5 + pressure)))
        painter.setPen(pen)
        painter.drawLine(self._last, pos)
        painter.end()
        self._last = pos
        self.update()

    def _end(self) -> None:
        if self._last is not None:
            self._strokes += 1
            self.changed.emit()
        self._last = None

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._begin(event.position())

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._line_to(event.position())

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._line_to(event.position())
            self._end()

    def tabletEvent(self, event: QTabletEvent) -> None:
        kind = event.type()
        if kind == QTabletEvent.Type.TabletPress:
            self._begin(event.position())
        elif kind == QTabletEvent.Type.TabletMove and self._last is not None:
            self._line_to(event.position(), event.pressure())
        elif kind == QTabletEvent.Type.TabletRelease:
            self._end()
        event.accept()

    def event(self, event: QEvent) -> bool:
        if isinstance(event, QTouchEvent):
            points = event.points()
            if points:
                pos = points[0].position()
                if event.type() == QTouchEvent.Type.TouchBegin:
                    self._begin(pos)
                elif event.type() == QTouchEvent.Type.TouchUpdate:
                    self._line_to(pos, points[0].pressure() or 1.0)
                elif event.type() in (QTouchEvent.Type.TouchEnd, QTouchEvent.Type.TouchCancel):
                    self._end()
            event.accept()
            return True
        return super().event(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        size = event.size()
        if size.width() > self._image.width() or size.height() > self._image.height():
            bigger = QImage(size.expandedTo(self._image.size()), QImage.Format.Format_ARGB32)
            bigger.fill(Qt.GlobalColor.white)
            painter = QPainter(bigger)
            painter.drawImage(0, 0, self._image)
            painter.end()
            self._image = bigger
        super().resizeEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.drawImage(0, 0, self._image)
        painter.setPen(QPen(QColor("#999999"), 1, Qt.PenStyle.DashLine))
        baseline = self.height() - 28
        painter.drawLine(16, baseline, self.width() - 16, baseline)
        if self.is_empty():
            painter.setPen(QColor("#aaaaaa"))
            painter.drawText(self.rect().adjusted(0, 0, 0, -36), Qt.AlignmentFlag.AlignCenter, _("请顾客在此签名"))
        painter.setPen(QPen(QColor("#cccccc"), 1))
        painter.drawRect(self.rect().adjusted(0, 0, -1, -1))
        painter.end()
