"""Seats of a cohort's défis: planned, held by a fellow, or recorded as never filled.

A seat the team records as vacant leaves the count of seats still to fill; its reason and
date stay for the programme's figures. A défi cannot have more vacant seats than seats
without a fellow.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.challenges.models import Challenge
from cohorte.people.models import Role

from .models import VacantSeat
from .notify import checked_reason, tell_team

# A fellow holds a seat until leaving early: the seat is then to fill again, or vacant.
STAYING = Q(roles__kind=Role.Kind.FELLOW, roles__contract__left_on__isnull=True)


@dataclass(frozen=True)
class Seats:
    """A cohort's seats: planned, filled, vacant, and the rest still to fill."""

    planned: int
    filled: int
    vacant: int

    @property
    def open(self) -> int:
        """Seats neither filled nor given up."""
        return max(self.planned - self.filled - self.vacant, 0)


def of_cohort(cohort) -> Seats:
    """The cohort's seats, in two queries whatever its size."""
    planned = Challenge.objects.filter(cohort=cohort).aggregate(n=Sum("seats"))["n"] or 0
    filled = Role.objects.filter(
        kind=Role.Kind.FELLOW, cohort=cohort, contract__left_on__isnull=True
    ).count()
    vacant = VacantSeat.objects.filter(challenge__cohort=cohort).count()
    return Seats(planned, filled, vacant)


@transaction.atomic
def record_vacant(challenge, day: date, reason: str, actor, today: date) -> VacantSeat:
    """Record that one seat of ``challenge`` will stay empty, with the reason."""
    challenge = Challenge.objects.select_for_update().get(pk=challenge.pk)
    reason = checked_reason(reason, _("Indiquez pourquoi la place reste vacante."))
    if day > today:
        raise ValidationError(
            _("Cette date est à venir : enregistrez la place une fois constatée.")
        )
    counts = Challenge.objects.filter(pk=challenge.pk).aggregate(
        fellows=Count("roles", filter=STAYING, distinct=True),
        vacant=Count("vacant_seats", distinct=True),
    )
    if counts["fellows"] + counts["vacant"] >= challenge.seats:
        raise ValidationError(
            _("Toutes les places de ce défi sont déjà pourvues ou déclarées vacantes.")
        )
    seat = VacantSeat.objects.create(
        challenge=challenge, recorded_on=day, reason=reason, recorded_by=actor
    )
    record("recruitment.seat_vacant", challenge, actor, day=day.isoformat())
    tell_team(
        _("Place non pourvue : %(challenge)s") % {"challenge": challenge.title},
        _("Une place du défi « %(challenge)s » restera non pourvue (constaté le %(day)s).\n\n"
          "Motif : %(reason)s") % {"challenge": challenge.title, "day": day.strftime("%d/%m/%Y"),
                                   "reason": reason},
    )  # fmt: skip
    return seat
