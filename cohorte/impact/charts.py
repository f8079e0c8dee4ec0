"""Bar charts drawn on the server as SVG, each with the data table that says the same.

The geometry is computed here (no JavaScript, no image files): the template draws one
horizontal bar per cohort, its label on the left and its value on the right. A figure that
cannot be measured draws no bar and says "non mesurable".
"""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words

LABEL_WIDTH = 260
BAR_WIDTH = 320
VALUE_WIDTH = 110
ROW_HEIGHT = 28
BAR_HEIGHT = 18
TOP = 8


@dataclass(frozen=True)
class Bar:
    label: str
    display: str
    basis: str
    y: int
    width: int

    @property
    def text_y(self) -> int:
        return self.y + BAR_HEIGHT - 4

    @property
    def value_x(self) -> int:
        """The value is written just after the bar's end."""
        return LABEL_WIDTH + self.width + (8 if self.width else 0)


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    description: str
    bars: list
    unit: str

    width = LABEL_WIDTH + BAR_WIDTH + VALUE_WIDTH
    label_width = LABEL_WIDTH
    bar_height = BAR_HEIGHT

    @property
    def height(self) -> int:
        return TOP * 2 + ROW_HEIGHT * max(len(self.bars), 1)


# (figure key, chart title, what the chart shows)
CHARTS = [
    (
        "fellows",
        words.worded(_("{fellows} par promotion"), fellows=words.FELLOWS_HEADING),
        words.worded(_("Nombre {of_fellows} de chaque promotion."), of_fellows=words.of_fellows()),
    ),
    ("challenges", _("Défis par promotion"), _("Nombre de défis publiés de chaque promotion.")),
    (
        "sustained_12",
        _("Défis pérennisés à 12 mois, par promotion"),
        _("Part des défis pérennisés 12 mois après la fin de chaque promotion."),
    ),
    (
        "public_service_6",
        words.worded(
            _("{fellows} dans le service public à 6 mois, par promotion"),
            fellows=words.FELLOWS_HEADING,
        ),
        words.worded(
            _("Part des {fellows} dans le service public 6 mois après la fin de chaque promotion."),
            fellows=words.FELLOWS,
        ),
    ),
    (
        "public_service_12",
        words.worded(
            _("{fellows} dans le service public à 12 mois, par promotion"),
            fellows=words.FELLOWS_HEADING,
        ),
        words.worded(
            _(
                "Part des {fellows} dans le service public 12 mois après la fin de chaque "
                "promotion."
            ),
            fellows=words.FELLOWS,
        ),
    ),
]


def charts(rows) -> list[Chart]:
    """The charts over cohorts from ``per_cohort()``'s rows (oldest cohort first)."""
    ordered = list(reversed(rows))
    result = []
    for key, title, description in CHARTS:
        values = []
        for cohort, found in ordered:
            figure = next(f for f in found if f.key == key)
            values.append((cohort.name, figure))
        if not values:
            continue
        unit = values[0][1].unit
        top = 100 if unit == "%" else max((f.value or 0 for _name, f in values), default=0)
        bars = []
        for index, (name, figure) in enumerate(values):
            width = round(BAR_WIDTH * (figure.value or 0) / top) if top else 0
            bars.append(Bar(name, figure.display, figure.basis, TOP + index * ROW_HEIGHT, width))
        result.append(Chart(key, str(title), str(description), bars, unit))
    return result


def cohort_chart(cohort, found) -> Chart:
    """One cohort's percentages as bars (its PDF report)."""
    percentages = [f for f in found if f.unit == "%"]
    bars = [
        Bar(
            f.label,
            f.display,
            f.basis,
            TOP + index * ROW_HEIGHT,
            round(BAR_WIDTH * (f.value or 0) / 100),
        )
        for index, f in enumerate(percentages)
    ]
    return Chart(
        "cohort",
        str(_("Les taux de la %(cohort)s") % {"cohort": cohort.name}),
        str(
            _("Défis pérennisés et %(fellows)s dans le service public, en pourcentage.")
            % {"fellows": words.fellows()}
        ),
        bars,
        "%",
    )
