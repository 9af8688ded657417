"""Bar and line charts for the summary PDF (reportlab graphics, CJK labels)."""

from __future__ import annotations

from collections.abc import Sequence

from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import STATE_DEFAULTS, Drawing, String
from reportlab.lib.colors import Color, HexColor

from counter_app.printing.fonts import register_cjk_font

PALETTE: tuple[Color, ...] = (HexColor("#b8860b"), HexColor("#3b6ea5"), HexColor("#b00020"), HexColor("#4f8a3c"))


def _top(values: Sequence[Sequence[float]]) -> float:
    peak = max((v for row in values for v in row), default=0)
    return max(float(peak) * 1.15, 1.0)


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000):
        if top / step <= 8:
            return float(step)
    return top / 5


def _frame(title: str, width: float, height: float, font: str) -> Drawing:
    # A drawing starts in reportlab's default font (Helvetica, never embedded); every PDF of
    # this program uses the embedded CJK font, so that is the start state too.
    STATE_DEFAULTS["fontName"] = font
    d = Drawing(width, height)
    d.add(String(0, height - 14, title, fontName=font, fontSize=11))
    return d


def _legend(d: Drawing, names: Sequence[str], font: str, x: float, y: float) -> None:
    if len(names) < 2:
        return
    legend = Legend()
    legend.x, legend.y = x, y
    legend.fontName, legend.fontSize = font, 8
    legend.alignment = "right"
    legend.columnMaximum = 1
    legend.deltax = 70
    legend.colorNamePairs = [(PALETTE[i % len(PALETTE)], n) for i, n in enumerate(names)]
    d.add(legend)


def bar_chart(title: str, labels: Sequence[str], series: Sequence[Sequence[float]], names: Sequence[str],
              width: float = 480, height: float = 200) -> Drawing:
    font = register_cjk_font()
    d = _frame(title, width, height, font)
    chart = VerticalBarChart()
    chart.x, chart.y, chart.width, chart.height = 36, 30, width - 50, height - 70
    chart.data = [list(s) for s in series] or [[0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _top(chart.data)
    chart.valueAxis.valueStep = _step(chart.valueAxis.valueMax)
    chart.barSpacing = 1
    for i in range(len(chart.data)):
        chart.bars[i].fillColor = PALETTE[i % len(PALETTE)]
        chart.bars[i].strokeColor = None
    d.add(chart)
    _legend(d, names, font, width * 0.45, height - 8)
    return d


def line_chart(title: str, labels: Sequence[str], series: Sequence[Sequence[float]], names: Sequence[str],
               width: float = 480, height: float = 200) -> Drawing:
    font = register_cjk_font()
    d = _frame(title, width, height, font)
    chart = HorizontalLineChart()
    chart.x, chart.y, chart.width, chart.height = 36, 30, width - 50, height - 70
    chart.data = [list(s) for s in series] or [[0]]
    chart.categoryAxis.categoryNames = list(labels) or [""]
    chart.categoryAxis.labels.fontName = font
    chart.categoryAxis.labels.fontSize = 7
    chart.valueAxis.labels.fontName = font
    chart.valueAxis.labels.fontSize = 7
    chart.valueAxis.valueMin = 0
    chart.valueAxis.valueMax = _top(chart.data)
    chart.valueAxis.valueStep = _step(chart.valueAxis.valueMax)
    for i in range(len(chart.data)):
        chart.lines[i].strokeColor = PALETTE[i % len(PALETTE)]
        chart.lines[i].strokeWidth = 1.6
    d.add(chart)
    _legend(d, names, font, width * 0.45, height - 8)
    return d
