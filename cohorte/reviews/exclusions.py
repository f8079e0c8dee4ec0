"""What each person is kept away from: the applications and proposals on which they declared
a conflict of interest, their own application, and their own organisation's proposals.

Every page and action about applications or proposals reads through these helpers, so the
rule is the same everywhere: a list drops the lines (and says how many), an action on one
of them is refused, and counts over a whole call that the team needs (seats, totals) still
count them. Being the candidate or a member of the proposing administration counts as a
conflict even without its row, so someone who joins a jury after applying is kept away too.
"""

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Q, QuerySet

from cohorte.accounts.roles import (
    is_team,
    mentored_challenge_ids,
    organisation_ids,
    sits_on_a_panel_of,
)

from .models import Conflict

# The reason of the conflict recorded when a reviewer of a call applies to it.
OWN_APPLICATION = "Candidature de la personne elle-même"


def signed_in(user) -> bool:
    """A signed-in user (anonymous visitors are kept from everything by the access rules)."""
    return bool(getattr(user, "is_authenticated", False)) and user.pk is not None


def _kind(model) -> str | None:
    return {"calls.application": "application", "projects.proposal": "proposal"}.get(
        model._meta.label_lower
    )


def excluded(model, user) -> QuerySet:
    """Ids of the applications (or proposals: ``model``) ``user`` is kept away from."""
    kind = _kind(model)
    if kind is None:
        raise ValueError(f"{model._meta.label} is neither an application nor a proposal")
    if not signed_in(user):
        return model.objects.none().values("pk")
    return model.objects.filter(_own(kind, user) | Q(pk__in=_declared(kind, user))).values("pk")


def _own(kind: str, user) -> Q:
    """The person's own application, or their administration's proposals."""
    if kind == "application":
        return Q(candidate_id=user.pk)
    return Q(organisation__members__user_id=user.pk)


def _declared(kind: str, user) -> QuerySet:
    """Ids of the applications (or proposals) the person declared a conflict on."""
    # The person's few conflicts, read from their side: probing the conflicts of every row
    # would scan every application (or proposal) of every call.
    conflicts = Conflict.objects.filter(reviewer=user, **{f"{kind}__isnull": False})
    return conflicts.values_list(f"{kind}_id", flat=True)


def _fields(model) -> list[tuple[str, object]]:
    """(lookup, application or proposal model) of each subject a row of ``model`` is about."""
    if _kind(model):
        return [("pk", model)]
    found = []
    for name in ("application", "proposal"):
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            continue
        if field.is_relation and _kind(field.related_model):
            found.append((name, field.related_model))
    if not found:
        raise ValueError(f"{model._meta.label} names no application or proposal")
    return found


def _condition(queryset, user, path: str | None) -> Q:
    model = queryset.model
    if path is None:
        pairs = _fields(model)
    else:
        target = model
        for part in path.split("__"):
            target = target._meta.get_field(part).related_model
        pairs = [(path, target)]
    condition = Q()
    for lookup, target in pairs:
        for ids in _excluded_parts(target, user):
            condition |= Q(**{f"{lookup}__in": ids})
    return condition


def _excluded_parts(model, user) -> list[QuerySet]:
    """The ids of ``excluded`` as two reads, each through an index: the person's own rows,
    and those they declared a conflict on (one read of both was a scan of every row)."""
    kind = _kind(model)
    return [model.objects.filter(_own(kind, user)).values("pk"), _declared(kind, user)]


def without_conflicts(queryset, user, path: str | None = None):
    """``queryset`` without the rows about what ``user`` is kept away from.

    ``path`` leads from a row to its application or proposal ("slot__application"); by
    default the row itself, or its ``application`` and ``proposal`` fields.
    """
    if not signed_in(user):
        return queryset
    return queryset.exclude(_condition(queryset, user, path))


def only_conflicts(queryset, user, path: str | None = None):
    """The rows of ``queryset`` that ``without_conflicts`` leaves out."""
    if not signed_in(user):
        return queryset.none()
    return queryset.filter(_condition(queryset, user, path))


def excluded_ids(queryset, user) -> set[int]:
    """Ids of the applications (or proposals) of ``queryset`` ``user`` is kept away from,
    read through the indexes of the person's own rows: the same rule as ``excluded``,
    for pages that test it many times over a whole call (a literal list, not a subquery)."""
    kind = _kind(queryset.model)
    if kind is None:
        raise ValueError(f"{queryset.model._meta.label} is neither an application nor a proposal")
    if not signed_in(user):
        return set()
    declared = list(_declared(kind, user))
    return set(queryset.filter(_own(kind, user) | Q(pk__in=declared)).values_list("pk", flat=True))


def hidden_count(queryset, user, path: str | None = None) -> int:
    """How many rows of ``queryset`` ``user`` does not see (for the notice under a list)."""
    return only_conflicts(queryset, user, path).count()


def _log_condition(user) -> Q:
    """Activity log entries about an application or a proposal ``user`` is kept away from."""
    from django.apps import apps
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import CharField
    from django.db.models.functions import Cast

    condition = Q(pk__in=[])
    for label in ("calls.Application", "projects.Proposal"):
        model = apps.get_model(label)
        ids = (
            model.objects.filter(pk__in=excluded(model, user))
            .annotate(text=Cast("pk", CharField()))
            .values("text")
        )
        condition |= Q(content_type=ContentType.objects.get_for_model(model), object_id__in=ids)
    return condition


def log_without_conflicts(queryset, user):
    """Activity log entries (``queryset``) without those about an application or a proposal
    ``user`` is kept away from: they carry scores, ranks and decisions."""
    if not signed_in(user):
        return queryset
    return queryset.exclude(_log_condition(user))


def outbox_ids_about_conflicts(user) -> set[int]:
    """Outbox messages (decisions, invitations, questions) about what ``user`` is kept away
    from, as the activity log links them to their application or proposal."""
    if not signed_in(user):
        return set()
    from cohorte.audit.models import ActivityLog

    ids = set()
    for data in ActivityLog.objects.filter(_log_condition(user)).values_list("data", flat=True):
        for key in ("message", "outbox_message_id"):
            if isinstance(data, dict) and isinstance(data.get(key), int):
                ids.add(data[key])
    return ids


def is_own(user, subject) -> bool:
    """Whether this is the user's own application, or a proposal of their administration."""
    if subject is None or not signed_in(user):
        return False
    if _kind(type(subject)) == "application":
        return subject.candidate_id == user.pk
    return subject.organisation_id in organisation_ids(user)


def is_excluded(user, subject) -> bool:
    """Whether ``user`` is kept away from this application or proposal."""
    if subject is None or not signed_in(user):
        return False
    if is_own(user, subject):
        return True
    return Conflict.objects.filter(**{_kind(type(subject)): subject}, reviewer=user).exists()


def excluded_among(user, subjects) -> list:
    """Those of ``subjects`` (applications or proposals) ``user`` is kept away from; one query."""
    subjects = list(subjects)
    if not subjects or not signed_in(user):
        return []
    ids = {
        pk
        for model in {type(s) for s in subjects}
        for pk in excluded(model, user)
        .filter(pk__in=[s.pk for s in subjects if type(s) is model])
        .values_list("pk", flat=True)
    }
    return [s for s in subjects if s.pk in ids]


def reviews_in(user, call) -> bool:
    """Whether ``user`` reviews applications of this call: the team, a mentor of one of its
    défis, a member of one of its panels."""
    if not signed_in(user):
        return False
    if is_team(user):
        return True
    if sits_on_a_panel_of(user, call):  # reads the user's roles at once, mentored défis too
        return True
    mentored = mentored_challenge_ids(user)
    return bool(mentored) and call.challenges.filter(pk__in=mentored).exists()
