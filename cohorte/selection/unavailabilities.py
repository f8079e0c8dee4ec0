"""When jurors, mentors and candidates cannot attend interviews (entered by the team).

An unavailability is a span of time (typed in Paris time, stored in UTC) of one person:
a user who sits on one of the call's panels or mentors one of its défis, or a
shortlisted application of the call. The scheduler keeps them free then.
"""

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.calls.models import Application
from cohorte.reviews.exclusions import is_excluded

from .models import Panel, Unavailability
from .scheduling_runs import SchedulingError, conflict_message

MAX_SPAN = datetime.timedelta(days=62)
MAX_REASON_LENGTH = 200


def call_people(call):
    """Users who may be declared unavailable: the call's panel members, défi mentors and
    défi-jury pool."""
    from cohorte.people.models import Role
    from cohorte.projects.models import JuryPoolMember

    # One list of ids from the three small tables, then the users: joining the users to
    # all three (with DISTINCT) read every user of the instance.
    ids = (
        Panel.members.through.objects.filter(panel__call=call)
        .values("user_id")
        .order_by()
        .union(
            JuryPoolMember.objects.filter(call=call).values("user_id").order_by(),
            Role.objects.filter(
                kind=Role.Kind.OPERATIONAL_MENTOR, challenge__in=call.challenges.all()
            )
            .values("person__user_id")
            .order_by(),
        )
    )
    return (
        get_user_model()
        .objects.filter(pk__in=ids, is_active=True)
        .order_by("last_name", "first_name", "email", "pk")
    )


def call_candidates(call):
    """Applications whose candidates may be declared unavailable: the shortlisted ones."""
    return (
        Application.objects.filter(call=call, status=Application.Status.SHORTLISTED)
        .select_related("candidate")
        .order_by("last_name", "first_name", "pk")
    )


def add_unavailability(
    call, actor, *, starts_at, ends_at, user=None, application=None, reason: str = ""
) -> Unavailability:
    """Record that a juror, mentor or candidate of the call cannot attend between two moments."""
    if application is not None and is_excluded(actor, application):
        raise SchedulingError(conflict_message())
    problems = []
    reason = (reason or "").strip()
    if (user is None) == (application is None):
        problems.append(_("Choisissez une personne : membre d'un jury, mentor ou candidat·e."))
    elif user is not None and not call_people(call).filter(pk=user.pk).exists():
        problems.append(
            _(
                "Cette personne ne siège dans aucun jury de l'appel et n'est mentor "
                "d'aucun de ses défis."
            )
        )
    elif application is not None and (
        application.call_id != call.pk or application.status != Application.Status.SHORTLISTED
    ):
        problems.append(
            _("Cette candidature n'est pas une candidature présélectionnée de l'appel.")
        )
    if starts_at.tzinfo is None or ends_at.tzinfo is None:
        raise ValueError("unavailabilities take aware datetimes")
    if ends_at <= starts_at:
        problems.append(_("La fin de l'indisponibilité doit venir après son début."))
    elif ends_at - starts_at > MAX_SPAN:
        problems.append(
            _("Une indisponibilité dure %(days)s jours au plus : découpez-la.")
            % {"days": MAX_SPAN.days}
        )
    if ends_at <= timezone.now():
        problems.append(_("Cette indisponibilité est déjà passée."))
    if len(reason) > MAX_REASON_LENGTH:
        problems.append(_("Le motif dépasse %(max)s caractères.") % {"max": MAX_REASON_LENGTH})
    if (
        not problems
        and Unavailability.objects.filter(
            call=call, user=user, application=application, starts_at=starts_at, ends_at=ends_at
        ).exists()
    ):
        problems.append(_("Cette indisponibilité est déjà enregistrée."))
    if problems:
        raise SchedulingError(problems)
    with transaction.atomic():
        item = Unavailability.objects.create(
            call=call,
            user=user,
            application=application,
            starts_at=starts_at,
            ends_at=ends_at,
            reason=reason,
        )
        record(
            "unavailability.added",
            call,
            actor=actor,
            unavailability_id=item.pk,
            user_id=user.pk if user else None,
            application_id=application.pk if application else None,
            starts_at=starts_at.isoformat(),
            ends_at=ends_at.isoformat(),
        )
    return item


def delete_unavailability(item: Unavailability, actor) -> None:
    """Forget an unavailability (audited on its call)."""
    if item.application_id is not None and is_excluded(actor, item.application):
        raise SchedulingError(conflict_message())
    with transaction.atomic():
        record(
            "unavailability.deleted",
            item.call,
            actor=actor,
            unavailability_id=item.pk,
            user_id=item.user_id,
            application_id=item.application_id,
            starts_at=item.starts_at.isoformat(),
            ends_at=item.ends_at.isoformat(),
        )
        item.delete()


# Half-days declared by the candidate ----------------------------------------------------

MORNING, AFTERNOON = "matin", "apres-midi"
HALF_DAYS = {MORNING: (0, 13 * 60), AFTERNOON: (13 * 60, 24 * 60)}


def candidate_days(call) -> list[datetime.date]:
    """Interview days a candidate may mark: the rounds' interview weekdays and those of the
    latest scheduling run, from today on."""
    from .models import SolverRun
    from .scheduling_runs import MAX_DAYS, PARIS, default_parameters

    today = timezone.localdate(timezone=PARIS)
    days = set(default_parameters(call).days)
    run = (
        SolverRun.objects.filter(call=call, kind=SolverRun.Kind.SCHEDULING)
        .only("parameters")
        .first()
    )
    if run is not None:
        days.update(
            d
            for d in (datetime.date.fromisoformat(x) for x in run.parameters.get("days", []))
            if d >= today
        )
    return sorted(days)[:MAX_DAYS]


def half_day_span(day: datetime.date, part: str):
    """The moments a half-day covers in Paris (morning until 13:00, then the afternoon)."""
    from .scheduling_runs import paris_midnight

    start, end = HALF_DAYS[part]
    midnight = paris_midnight(day)
    return (
        (midnight + datetime.timedelta(minutes=start)).astimezone(datetime.UTC),
        (midnight + datetime.timedelta(minutes=end)).astimezone(datetime.UTC),
    )


def _half_day_of(item: Unavailability, days) -> tuple[datetime.date, str] | None:
    for day in days:
        for part in HALF_DAYS:
            if (item.starts_at, item.ends_at) == half_day_span(day, part):
                return day, part
    return None


def declared_half_days(application, days=None) -> set[tuple[datetime.date, str]]:
    """The half-days of ``days`` (the offered ones by default) this application is away."""
    days = candidate_days(application.call) if days is None else days
    found = (_half_day_of(item, days) for item in application.unavailabilities.all())
    return {x for x in found if x is not None}


def set_candidate_half_days(application, candidate, chosen) -> tuple[list, list]:
    """The candidate marks the half-days they cannot come; the (added, removed) half-days."""
    if application.candidate_id != getattr(candidate, "pk", None):
        raise SchedulingError(_("Cette candidature n'est pas la vôtre."))
    if application.status != Application.Status.SHORTLISTED:
        raise SchedulingError(_("Votre candidature n'attend pas d'audition."))
    days = candidate_days(application.call)
    chosen = set(chosen)
    unknown = sorted({day for day, part in chosen if day not in days or part not in HALF_DAYS})
    if unknown:
        raise SchedulingError(
            _("Ces jours ne sont pas des jours d'audition : %(days)s.")
            % {"days": ", ".join(day.isoformat() for day in unknown)}
        )
    rows = {}
    for item in application.unavailabilities.all():
        half = _half_day_of(item, days)
        if half is not None:
            rows[half] = item
    added = sorted(chosen - set(rows))
    removed = sorted(set(rows) - chosen)
    if not added and not removed:
        return [], []
    with transaction.atomic():
        for day, part in added:
            starts_at, ends_at = half_day_span(day, part)
            Unavailability.objects.create(
                call=application.call,
                application=application,
                starts_at=starts_at,
                ends_at=ends_at,
                reason=_("déclarée par la personne candidate"),
            )
        Unavailability.objects.filter(pk__in=[rows[h].pk for h in removed]).delete()
        record(
            "unavailability.declared",
            application,
            actor=candidate,
            added=[f"{day.isoformat()} {part}" for day, part in added],
            removed=[f"{day.isoformat()} {part}" for day, part in removed],
        )
    return added, removed


def with_delete_urls(unavailabilities, url_name: str, *args) -> list:
    """The rows, each with the address of its delete form (``url_name`` with ``args`` + pk)."""
    rows = list(unavailabilities)
    for row in rows:
        row.delete_url = reverse(url_name, args=[*args, row.pk])
    return rows
