"""Bar and line charts drawn with QPainter (QtCharts is not part of PySide6-Essentials)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

PALETTE = ("#b8860b", "#3b6ea5", "#b00020", "#4f8a3c")


class _Chart(QWidget):
    def __init__(self, title: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.title = title
        self.labels: list[str] = []
        self.series: list[list[float]] = []
        self.names: list[str] = []
        self.setMinimumHeight(180)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def sizeHint(self) -> QSize:
        return QSize(420, 220)

    def set_data(self, labels: Sequence[str], series: Sequence[Sequence[float]], names: Sequence[str]) -> None:
        self.labels = list(labels)
        self.series = [[float(v) for v in s] for s in series]
        self.names = list(names)
        self.update()

    def _top(self) -> float:
        # A multiple of 4 so the four grid steps are whole numbers.
        peak = max((v for s in self.series for v in s), default=0.0)
        return float(max(4, math.ceil(peak * 1.1 / 4) * 4))

    def _plot_area(self) -> QRectF:
        return QRectF(40, 34, max(self.width() - 56, 10), max(self.height() - 64, 10))

    def _axes(self, p: QPainter, area: QRectF) -> None:
        p.setPen(QPen(QColor("#222222")))
        f = QFont(self.font())
        f.setPointSize(11)
        f.setBold(True)
        p.setFont(f)
        p.drawText(QRectF(8, 4, self.width() - 16, 24), Qt.AlignmentFlag.AlignLeft, self.title)
        f.setPointSize(8)
        f.setBold(False)
        p.setFont(f)
        x = area.right()
        for i, name in reversed(list(enumerate(self.names))):
            if len(self.names) < 2:
                break
            w = p.fontMetrics().horizontalAdvance(name) + 22
            x -= w
            p.fillRect(QRectF(x, 10, 10, 10), QColor(PALETTE[i % len(PALETTE)]))
            p.setPen(QColor("#222222"))
            p.drawText(QPointF(x + 14, 19), name)
        top = self._top()
        p.setPen(QPen(QColor("#cccccc")))
        for k in range(5):
            y = area.bottom() - area.height() * k / 4
            p.drawLine(QPointF(area.left(), y), QPointF(area.right(), y))
            p.setPen(QColor("#666666"))
            p.drawText(QRectF(0, y - 8, area.left() - 4, 16), Qt.AlignmentFlag.AlignRight,
                       f"{top * k / 4:.0f}")
            p.setPen(QPen(QColor("#cccccc")))
        p.setPen(QColor("#666666"))
        n = max(len(self.labels), 1)
        slot = area.width() / n
        for i, label in enumerate(self.labels):
            p.drawText(QRectF(area.left() + i * slot, area.bottom() + 4, slot, 16),
                       Qt.AlignmentFlag.AlignHCenter, label)


class BarChart(_Chart):
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._plot_area()
        self._axes(p, area)
        top = self._top()
        n = max(len(self.labels), 1)
        slot = area.width() / n
        groups = max(len(self.series), 1)
        bar = slot * 0.7 / groups
        for si, values in enumerate(self.series):
            color = QColor(PALETTE[si % len(PALETTE)])
            for i, v in enumerate(values):
                h = area.height() * v / top
                x = area.left() + i * slot + slot * 0.15 + si * bar
                p.fillRect(QRectF(x, area.bottom() - h, bar - 1, h), color)
        p.end()


class LineChart(_Chart):
    def paintEvent(self, event: QPaintEvent) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        area = self._plot_area()
        self._axes(p, area)
        top = self._top()
        n = max(len(self.labels), 1)
        slot = area.width() / n
        for si, values in enumerate(self.series):
            pen = QPen(QColor(PALETTE[si % len(PALETTE)]))
            pen.setWidthF(2.0)
            p.setPen(pen)
            points = [QPointF(area.left() + (i + 0.5) * slot, area.bottom() - area.height() * v / top)
                      for i, v in enumerate(values)]
            for a, b in zip(points, points[1:], strict=False):
                p.drawLine(a, b)
            for pt in points:
                p.drawEllipse(pt, 2.5, 2.5)
        p.end()
