"""Writing a défi's weekly bulletin: drafts any member continues, publication, later edits."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.audit.domain import record
from cohorte.public.formats import format_date

from .models import Bulletin
from .weeks import current_week

MAX_LENGTH = 5000
TEXT_FIELDS = ("done", "next", "help_needed")


# What a writer reads when a part is over the limit (the form says the limit beforehand).
TOO_LONG = gettext_lazy("Ce texte dépasse 5\u202f000 caractères : raccourcissez-le.")


def check_week(challenge, week: datetime.date, now: datetime.datetime) -> None:
    """Refuse a week not begun yet, or before the cohort started."""
    if week > current_week(now):
        raise ValidationError(
            _(
                "La semaine du %(week)s n'a pas encore commencé : "
                "son bulletin s'écrit à partir de ce lundi-là."
            )
            % {"week": format_date(week)}
        )
    start = challenge.cohort.start_date if challenge.cohort_id else None
    if start and week < start - datetime.timedelta(days=start.weekday()):
        raise ValidationError(
            _("La promotion n'avait pas commencé la semaine du %(week)s.")
            % {"week": format_date(week)}
        )


@transaction.atomic
def save(challenge, week, values: dict, actor, *, publish: bool, now=None) -> Bulletin:
    """Save the week's bulletin as a draft, or publish it; an edit after publication keeps it
    published. Every save is logged."""
    now = now or timezone.now()
    check_week(challenge, week, now)
    for name in TEXT_FIELDS:
        if len(values.get(name) or "") > MAX_LENGTH:
            raise ValidationError(TOO_LONG)
    this_week = Bulletin.objects.select_for_update().filter(challenge=challenge, week=week)
    bulletin = this_week.first()
    if bulletin is None:
        try:
            with transaction.atomic():
                bulletin = Bulletin.objects.create(challenge=challenge, week=week, author=actor)
        except IntegrityError:
            # A colleague started the same week's bulletin at the same moment: theirs it is.
            bulletin = this_week.get()
    was_published = bulletin.published_at is not None
    if (publish or was_published) and not (values.get("done") or "").strip():
        raise ValidationError(
            _("Dites ce que vous avez fait cette semaine pour publier le bulletin.")
        )
    for name in (*TEXT_FIELDS, "mood", "shared"):
        setattr(bulletin, name, values.get(name, getattr(bulletin, name)))
    if was_published:
        action = "bulletins.edited"
    elif publish:
        bulletin.published_at = now
        action = "bulletins.published"
    else:
        action = "bulletins.draft_saved"
    bulletin.save()
    record(action, bulletin, actor=actor, challenge=challenge.pk, week=week.isoformat())
    return bulletin
