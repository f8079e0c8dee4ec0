"""Geometry of horizontal bar charts drawn as inline SVG by the server. Pure Python.

Each category gets its label on one line and one bar per series below it, so long
labels (défi titles) never overlap the bars. The template draws the shapes; the
data table beside the chart stays the accessible source of the numbers.
"""

from collections.abc import Sequence
from dataclasses import dataclass

WIDTH = 640
VALUE_GUTTER = 56  # room right of the longest bar for its number
LABEL_HEIGHT = 22
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 10
LEGEND_HEIGHT = 26
MAX_LABEL = 90


@dataclass(frozen=True)
class Bar:
    series: int
    value: int
    x: float
    y: float
    width: float
    height: float
    value_x: float
    value_y: float


@dataclass(frozen=True)
class ChartRow:
    label: str
    short_label: str
    label_y: float
    bars: tuple[Bar, ...]


@dataclass(frozen=True)
class LegendItem:
    series: int
    label: str
    x: float
    y: float

    @property
    def text_x(self) -> float:
        return self.x + 20

    @property
    def text_y(self) -> float:
        return self.y + 12


@dataclass(frozen=True)
class BarChart:
    width: int
    height: float
    rows: tuple[ChartRow, ...]
    legend: tuple[LegendItem, ...]
    summary: str


def _shorten(label: str) -> str:
    return label if len(label) <= MAX_LABEL else label[: MAX_LABEL - 1].rstrip() + "…"


def bar_chart(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str]) -> BarChart:
    """Positions of the labels and bars of a chart of ``rows`` (label, one value per series)."""
    top = LEGEND_HEIGHT if len(series) > 1 else 0
    legend = tuple(
        LegendItem(index, label, x=round(index * WIDTH / len(series), 2), y=4)
        for index, label in enumerate(series)
    )
    if len(series) <= 1:
        legend = ()
    largest = max((max(values, default=0) for _label, values in rows), default=0)
    scale = (WIDTH - VALUE_GUTTER) / largest if largest else 0
    chart_rows = []
    y = top
    for label, values in rows:
        label_y = y + LABEL_HEIGHT - 6
        bar_y = y + LABEL_HEIGHT
        bars = []
        for index, value in enumerate(values):
            width = value * scale
            bars.append(
                Bar(
                    series=index,
                    value=value,
                    x=0,
                    y=bar_y,
                    width=round(width, 2),
                    height=BAR_HEIGHT,
                    value_x=round(width + 6, 2),
                    value_y=bar_y + BAR_HEIGHT - 3,
                )
            )
            bar_y += BAR_HEIGHT + BAR_GAP
        chart_rows.append(ChartRow(label, _shorten(label), label_y, tuple(bars)))
        y = bar_y + ROW_GAP
    return BarChart(
        width=WIDTH,
        height=max(y, top + 1),
        rows=tuple(chart_rows),
        legend=legend,
        summary=summarise(rows, series),
    )


def summarise(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str]) -> str:
    """The chart in one sentence, e.g. "déposée : 12 ; retirée : 1" (its text alternative)."""
    parts = []
    for label, values in rows:
        if len(series) > 1:
            numbers = ", ".join(
                f"{name} {value}" for name, value in zip(series, values, strict=True)
            )
        else:
            numbers = ", ".join(str(value) for value in values)
        parts.append(f"{label} : {numbers}")
    return " ; ".join(parts)
