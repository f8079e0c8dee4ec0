"""Who was there: the team ticks the audience on the day."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record

from .audience import audience_users
from .models import Attendance, Registration


def roll(event) -> list[dict]:
    """The audience, registered people first, each with their answer and presence."""
    answers = dict(Registration.objects.filter(event=event).values_list("user_id", "state"))
    present = set(Attendance.objects.filter(event=event).values_list("user_id", flat=True))
    rows = [
        {
            "user": user,
            "state": answers.get(user.pk, ""),
            "present": user.pk in present,
        }
        for user in audience_users(event)
    ]
    order = {Registration.State.REGISTERED: 0, "": 1, Registration.State.EXCUSED: 2}
    rows.sort(key=lambda row: order[row["state"]])
    return rows


@transaction.atomic
def save(event, user_ids: set[int], actor) -> int:
    """Mark exactly ``user_ids`` present; refused whole if one is not in the audience."""
    allowed = set(audience_users(event).values_list("pk", flat=True))
    if not user_ids <= allowed:
        raise ValidationError(
            _(
                "Une personne cochée ne fait pas partie du public de cet événement : "
                "rien n’a été enregistré."
            )
        )
    Attendance.objects.filter(event=event).exclude(user_id__in=user_ids).delete()
    known = set(Attendance.objects.filter(event=event).values_list("user_id", flat=True))
    Attendance.objects.bulk_create(
        [Attendance(event=event, user_id=pk) for pk in sorted(user_ids - known)]
    )
    record("event.attendance", event, actor, present=len(user_ids))
    return len(user_ids)
