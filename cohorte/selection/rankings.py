"""The jury's ranked lists: one per défi, per profile, or per défi and profile.

Equal positions are ties. A list is prefilled from the interview grids of its défi (a
candidate has one per défi; highest total first, equal totals tied), then edited by the
team or the referee of a panel that examines the défi. The jury may put a candidate on a
défi they did not choose: the entry is then "offered" and the team records whether the
candidate accepts.

Nobody moves, adds or answers for a candidate they are kept away from (a conflict of
interest, their own application); prefilling, which ranks the whole list at once, is
then left to the team or another referee.
"""

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from cohorte.accounts.roles import is_team
from cohorte.audit.domain import record
from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.reviews.aggregate import aggregate
from cohorte.reviews.exclusions import excluded_among, is_excluded
from cohorte.reviews.models import Review

from .models import InterviewSlot, Panel, RankingEntry

# Far beyond any list's length, well within the column (a small integer).
MAX_POSITION = 9999


class RankingError(ValueError):
    """A ranking change that is refused, with a clear message."""


def conflict_message() -> str:
    """Why a ranking change about a candidate the user is kept away from is refused."""
    return _(
        "Vous avez déclaré un conflit d'intérêts sur cette personne : son classement revient "
        "à d'autres. Rien n'a changé."
    )


@dataclass(frozen=True)
class RankingList:
    """Which list: a défi, a profile, or both (never neither)."""

    challenge: object | None
    profile: object | None

    @property
    def label(self) -> str:
        return " — ".join(str(x) for x in (self.challenge, self.profile) if x is not None)

    @property
    def query(self) -> str:
        parts = []
        if self.challenge is not None:
            parts.append(f"defi={self.challenge.pk}")
        if self.profile is not None:
            parts.append(f"profil={self.profile.pk}")
        return "&".join(parts)


def competition_positions(totals: Sequence[float | None]) -> list[int]:
    """Positions of these totals, best first, equal totals tied ("1, 1, 3"); None comes last.

    Pure: the positions are returned in the order of ``totals``.
    """
    keyed = sorted(
        range(len(totals)),
        key=lambda i: (totals[i] is None, -(totals[i] or 0)),
    )
    positions = [0] * len(totals)
    previous, position = object(), 0
    for rank, index in enumerate(keyed, start=1):
        value = totals[index]
        if value != previous:
            position, previous = rank, value
        positions[index] = position
    return positions


def default_lists(call: Call) -> list[RankingList]:
    """The lists a call calls for: per défi, per profile, or per défi and profile sought."""
    challenges = list(call.challenges.order_by("title").prefetch_related("expertises"))
    profiles = list(call.profiles.order_by("name"))
    if call.choice_kind == Call.ChoiceKind.PROFILES:
        return [RankingList(None, p) for p in profiles]
    if call.choice_kind == Call.ChoiceKind.CHALLENGES or not profiles:
        return [RankingList(c, None) for c in challenges]
    lists = []
    call_profiles = {p.pk: p for p in profiles}
    for challenge in challenges:
        wanted = [call_profiles[e.pk] for e in challenge.expertises.all() if e.pk in call_profiles]
        lists.extend(RankingList(challenge, p) for p in (wanted or [None]))
    return lists


def _panels_for(call: Call, challenge) -> "list[Panel]":
    panels = Panel.objects.filter(call=call)
    if challenge is not None:
        panels = panels.filter(challenges=challenge)
    return list(panels)


def may_edit(user, call: Call, ranking: RankingList) -> bool:
    """The team, or the referee of a panel of this call that examines the list's défi."""
    if is_team(user):
        return True
    return any(p.referee_id == user.pk for p in _panels_for(call, ranking.challenge))


def may_view(user, call: Call, ranking: RankingList) -> bool:
    """Those who may edit it, and the members of the panels that examine its défi."""
    if may_edit(user, call, ranking):
        return True
    return Panel.objects.filter(
        pk__in=[p.pk for p in _panels_for(call, ranking.challenge)], members=user
    ).exists()


def visible_lists(user, call: Call) -> list[RankingList]:
    """The lists of a call this user may open (``may_view`` of each, in two queries)."""
    lists = all_lists(call)
    if is_team(user):
        return lists
    panels = list(
        Panel.objects.filter(Q(referee=user) | Q(members=user), call=call)
        .distinct()
        .prefetch_related("challenges")
    )
    examined = {c.pk for p in panels for c in p.challenges.all()}
    # A list without défi is open to the members of any panel of the call.
    return [r for r in lists if (r.challenge.pk in examined if r.challenge else bool(panels))]


def all_lists(call: Call) -> list[RankingList]:
    """The call's default lists plus any other list that already has entries."""
    lists = default_lists(call)
    known = {
        (r.challenge.pk if r.challenge else None, r.profile.pk if r.profile else None)
        for r in lists
    }
    # One row per list that has entries, however long the lists are.
    pairs = [
        pair
        for pair in RankingEntry.objects.filter(call=call)
        .order_by("challenge__title", "profile__name")
        .values_list("challenge_id", "profile_id")
        .distinct()
        if pair not in known
    ]
    if pairs:
        challenges = Challenge.objects.in_bulk({c for c, _p in pairs if c is not None})
        profiles = Expertise.objects.in_bulk({p for _c, p in pairs if p is not None})
        for challenge_id, profile_id in dict.fromkeys(pairs):
            lists.append(RankingList(challenges.get(challenge_id), profiles.get(profile_id)))
    return lists


def entries(call: Call, ranking: RankingList):
    """The entries of one list, in order (ties together, waiting list after)."""
    return (
        RankingEntry.objects.filter(call=call, challenge=ranking.challenge, profile=ranking.profile)
        .select_related("application__candidate")
        .order_by("waiting_list", "position", "application__last_name", "application_id")
    )


def _slots_for(call: Call, ranking: RankingList):
    slots = InterviewSlot.objects.filter(panel__call=call).exclude(
        status=InterviewSlot.Status.CANCELLED
    )
    if ranking.challenge is not None:
        slots = slots.filter(challenge=ranking.challenge)
    return slots


def interviewed(call: Call, ranking: RankingList):
    """Applications interviewed for this list: for its défi, having chosen its profile."""
    applications = Application.objects.filter(
        pk__in=_slots_for(call, ranking).values("application_id")
    )
    if ranking.profile is not None:
        applications = applications.filter(choices__profile=ranking.profile).distinct()
    return applications


def interview_totals(application_ids, challenge=None) -> dict[int, float]:
    """Each application's interview total on its grids of this défi (of every défi when None):
    the collective grid if any, else the members' mean."""
    collective, individual = defaultdict(list), defaultdict(list)
    reviews = Review.objects.filter(
        application_id__in=list(application_ids), stage=Review.Stage.INTERVIEW
    )
    if challenge is not None:
        reviews = reviews.filter(challenge=challenge)
    for application_id, panel_id, total in reviews.values_list(
        "application_id", "panel_id", "total"
    ):
        (collective if panel_id is not None else individual)[application_id].append(total)
    totals = {k: aggregate(v).mean for k, v in individual.items()}
    totals.update({k: aggregate(v).mean for k, v in collective.items()})
    return totals


def is_offered(application: Application, ranking: RankingList) -> bool:
    """Whether the candidate did not choose this list's défi (or profile): the jury offers it."""
    chosen = application.choices.all()
    if ranking.challenge is not None:
        return not any(c.challenge_id == ranking.challenge.pk for c in chosen)
    return not any(c.profile_id == ranking.profile.pk for c in chosen)


def _list_filter(call, ranking):
    return Q(call=call, challenge=ranking.challenge, profile=ranking.profile)


def _refuse_conflicts(actor, applications, message: str) -> None:
    if excluded_among(actor, applications):
        raise RankingError(message)


def prefill(call: Call, ranking: RankingList, actor) -> list[RankingEntry]:
    """Rank every interviewed candidate of the list by interview total (ties on equal totals).

    Entries already there keep their waiting-list, offer and acceptance marks.
    """
    candidates = list(interviewed(call, ranking).prefetch_related("choices"))
    existing = {
        e.application_id: e
        for e in RankingEntry.objects.filter(_list_filter(call, ranking)).select_related(
            "application"
        )
    }
    _refuse_conflicts(
        actor,
        candidates + [e.application for e in existing.values()],
        _(
            "Vous avez déclaré un conflit d'intérêts sur une personne de ce classement : "
            "le préremplissage, qui classe tout le monde, revient à l'équipe ou à un·e autre "
            "référent·e. Rien n'a changé."
        ),
    )
    ids = set(existing) | {a.pk for a in candidates}
    totals = interview_totals(ids, ranking.challenge)
    ordered = sorted(ids)
    positions = dict(
        zip(ordered, competition_positions([totals.get(i) for i in ordered]), strict=True)
    )
    by_id = {a.pk: a for a in candidates}
    with transaction.atomic():
        for application_id in ordered:
            entry = existing.get(application_id)
            if entry is None:
                application = by_id[application_id]
                entry = RankingEntry(
                    call=call,
                    challenge=ranking.challenge,
                    profile=ranking.profile,
                    application=application,
                    offered=is_offered(application, ranking),
                )
            entry.position = positions[application_id]
            entry.save()
            existing[application_id] = entry
        record(
            "ranking.prefilled",
            call,
            actor=actor,
            challenge_id=ranking.challenge.pk if ranking.challenge else None,
            profile_id=ranking.profile.pk if ranking.profile else None,
            positions={str(k): v for k, v in positions.items()},
        )
    return list(existing.values())


def add_entry(
    call: Call,
    ranking: RankingList,
    application: Application,
    actor,
    *,
    position: int | None = None,
    waiting_list: bool = False,
) -> RankingEntry:
    """Put a candidate on a list (offered when they did not choose it); last by default."""
    if application.call_id != call.pk:
        raise RankingError(_("Cette candidature n'appartient pas à cet appel."))
    if is_excluded(actor, application):
        raise RankingError(conflict_message())
    if RankingEntry.objects.filter(_list_filter(call, ranking), application=application).exists():
        raise RankingError(_("Cette personne figure déjà dans ce classement."))
    if position is None:
        last = RankingEntry.objects.filter(_list_filter(call, ranking)).order_by("-position")
        position = (last[0].position + 1) if last else 1
    if position < 1:
        raise RankingError(_("Le rang doit être un nombre entier positif."))
    with transaction.atomic():
        entry = RankingEntry.objects.create(
            call=call,
            challenge=ranking.challenge,
            profile=ranking.profile,
            application=application,
            position=position,
            waiting_list=waiting_list,
            offered=is_offered(application, ranking),
        )
        record(
            "ranking.entry_added",
            application,
            actor=actor,
            entry_id=entry.pk,
            challenge_id=ranking.challenge.pk if ranking.challenge else None,
            profile_id=ranking.profile.pk if ranking.profile else None,
            position=position,
            waiting_list=waiting_list,
            offered=entry.offered,
        )
    return entry


def save_list(call: Call, ranking: RankingList, rows: dict[int, dict], actor) -> None:
    """Save positions and waiting-list marks of a list, and remove entries; all or nothing.

    ``rows`` maps entry ids to {"position": int, "waiting_list": bool, "remove": bool}.
    """
    current = {
        e.pk: e
        for e in RankingEntry.objects.filter(_list_filter(call, ranking)).select_related(
            "application"
        )
    }
    unknown = set(rows) - set(current)
    if unknown:
        raise RankingError(_("Ce classement a changé entre-temps : rechargez la page."))
    _refuse_conflicts(actor, [current[pk].application for pk in rows], conflict_message())
    problems = []
    for entry_id, row in rows.items():
        position = row.get("position")
        if not row.get("remove") and (not isinstance(position, int) or position < 1):
            problems.append(
                _("Rang invalide pour %(name)s : un nombre entier positif est attendu.")
                % {"name": current[entry_id].application.display_name}
            )
    if problems:
        raise RankingError(" ".join(problems))
    changes = {}
    with transaction.atomic():
        for entry_id, row in rows.items():
            entry = current[entry_id]
            if row.get("remove"):
                entry.delete()
                changes[str(entry_id)] = "removed"
                continue
            if (entry.position, entry.waiting_list) != (
                row["position"],
                bool(row.get("waiting_list")),
            ):
                entry.position, entry.waiting_list = row["position"], bool(row.get("waiting_list"))
                entry.save(update_fields=["position", "waiting_list"])
                changes[str(entry_id)] = [entry.position, entry.waiting_list]
        record(
            "ranking.saved",
            call,
            actor=actor,
            challenge_id=ranking.challenge.pk if ranking.challenge else None,
            profile_id=ranking.profile.pk if ranking.profile else None,
            changes=changes,
        )


def record_acceptance(entry: RankingEntry, accepted: bool | None, actor) -> RankingEntry:
    """Record whether the candidate accepts the défi the jury offered them (None: not known)."""
    if is_excluded(actor, entry.application):
        raise RankingError(conflict_message())
    if not entry.offered:
        raise RankingError(
            _("Cette personne avait choisi ce défi : il n'y a pas d'acceptation à enregistrer.")
        )
    with transaction.atomic():
        entry.accepted = accepted
        entry.save(update_fields=["accepted"])
        record(
            "ranking.offer_answered",
            entry.application,
            actor=actor,
            entry_id=entry.pk,
            accepted=accepted,
        )
    return entry
