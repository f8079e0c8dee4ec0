"""Key figures of a défi over time: readings, their history per label, and the latest
value published as the défi's key figure on its public page."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.challenges.models import KeyFigure

from .models import FigureReading


@dataclass
class Series:
    """The readings of one label, oldest first, each with its change since the previous."""

    label: str
    readings: list = field(default_factory=list)
    published: object = None  # the défi's KeyFigure of this label, if any

    @property
    def latest(self):
        return self.readings[-1]


def history(challenge) -> list[Series]:
    """Every label of the défi's readings with its history, labels in alphabetical order."""
    published = {f.label: f for f in KeyFigure.objects.filter(challenge=challenge)}
    series: dict[str, Series] = {}
    readings = FigureReading.objects.filter(challenge=challenge).order_by(
        "label", "measured_on", "pk"
    )
    for reading in readings:
        one = series.setdefault(
            reading.label, Series(reading.label, published=published.get(reading.label))
        )
        previous = one.readings[-1].value if one.readings else None
        reading.change = None if previous is None else reading.value - previous
        one.readings.append(reading)
    return list(series.values())


def record_reading(challenge, label, value, measured_on, actor, today) -> FigureReading:
    """Record one reading (never dated ahead); logged."""
    label = (label or "").strip()
    if not label:
        raise ValidationError(_("Nommez l'indicateur."))
    if measured_on > today:
        raise ValidationError(_("Une mesure ne peut pas être datée dans le futur."))
    reading = FigureReading.objects.create(
        challenge=challenge, label=label, value=value, measured_on=measured_on, recorded_by=actor
    )
    record(
        "followup.figure_recorded",
        reading,
        actor=actor,
        label=label,
        value=str(value),
        measured_on=measured_on.isoformat(),
    )
    return reading


@transaction.atomic
def publish(challenge, label, actor) -> KeyFigure:
    """Write the label's latest value as the défi's public key figure; logged."""
    latest = (
        FigureReading.objects.filter(challenge=challenge, label=label)
        .order_by("-measured_on", "-pk")
        .first()
    )
    if latest is None:
        raise ValidationError(_("Aucune mesure de cet indicateur n'est enregistrée."))
    figure = KeyFigure.objects.filter(challenge=challenge, label=label).first()
    if figure is None:
        figure = KeyFigure.objects.create(
            challenge=challenge,
            label=label,
            amount=latest.value,
            order=KeyFigure.objects.filter(challenge=challenge).count(),
        )
    else:
        figure.amount = latest.value
        figure.save(update_fields=["amount"])
    record(
        "followup.figure_published",
        challenge,
        actor=actor,
        label=label,
        value=str(latest.value),
        measured_on=latest.measured_on.isoformat(),
    )
    return figure
