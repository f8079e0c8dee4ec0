"""Monthly check-ins of a défi: dated within the cohort and never ahead, each with the
actions it decides; open actions carry over until someone marks them done."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cohorte.audit.domain import record

from .actions import open_action
from .models import Action, CheckIn, Need

FIELDS = ("held_on", "weather", "progress", "blockers", "needs", "decisions")


def checked_date(challenge, held_on: datetime.date, today: datetime.date) -> datetime.date:
    """The check-in's date; refused in the future or outside the cohort's dates."""
    if held_on > today:
        raise ValidationError(_("Le point d'étape ne peut pas être daté dans le futur."))
    cohort = challenge.cohort
    if (cohort.start_date and held_on < cohort.start_date) or (
        cohort.end_date and held_on > cohort.end_date
    ):
        raise ValidationError(
            _("Le point d'étape doit être daté pendant la promotion (du %(start)s au %(end)s).")
            % {
                "start": cohort.start_date.strftime("%d/%m/%Y") if cohort.start_date else "…",
                "end": cohort.end_date.strftime("%d/%m/%Y") if cohort.end_date else "…",
            }
        )
    return held_on


def _summary(check_in) -> dict:
    return {"held_on": check_in.held_on.isoformat(), "weather": check_in.weather}


@transaction.atomic
def write(challenge, values: dict, actions: list[dict], actor, today, check_in=None) -> CheckIn:
    """Create (or edit) a check-in of ``challenge`` and open its new actions; logged."""
    checked_date(challenge, values["held_on"], today)
    values = {**values, "needs": [n for n in Need.values if n in values.get("needs", [])]}
    if check_in is None:
        check_in = CheckIn.objects.create(challenge=challenge, written_by=actor, **values)
        record("followup.check_in_written", check_in, actor=actor, **_summary(check_in))
    else:
        # Read again: a model form has already copied the new values onto ``check_in``.
        check_in = CheckIn.objects.select_for_update().get(pk=check_in.pk)
        changed = sorted(name for name in FIELDS if getattr(check_in, name) != values[name])
        for name, value in values.items():
            setattr(check_in, name, value)
        check_in.save()
        record(
            "followup.check_in_edited", check_in, actor=actor, changed=changed, **_summary(check_in)
        )
    for action in actions:
        open_action(
            challenge, action["title"], action["owner"], action["due_on"], actor, check_in=check_in
        )
    return check_in


def open_actions(challenge):
    """The défi's actions not done yet, from every check-in and bulletin, soonest due first."""
    return (
        Action.objects.filter(challenge=challenge, done_on__isnull=True)
        .select_related("owner", "check_in", "bulletin")
        .order_by("due_on", "pk")
    )


@transaction.atomic
def mark_done(action, actor, today) -> None:
    """Mark an open action done today; logged. Done already: refused."""
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.done_on is not None:
        raise ValidationError(_("Cette action est déjà faite."))
    action.done_on = today
    action.save(update_fields=["done_on"])
    record("followup.action_done", action, actor=actor, done_on=today.isoformat())
