"""A stored matching run as the team reads it: assignment rows, explanations in French,
free seats, blocking pairs and the distribution of the choice ranks obtained.

The core explains each outcome with structured reasons (``ChoiceReason.code``, see
``core.matching_solution``) and renders English sentences; the page renders French ones
from the same codes here, with names and défi titles instead of ids. Everything is read
from the run's JSON plus a fixed number of queries (names, défis, profiles).
"""

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.db.models import Case, Count, F, Max, OuterRef, Subquery, When
from django.utils.translation import gettext as _

from cohorte import row_urls
from cohorte.calls.charts import bar_chart
from cohorte.calls.models import Application
from cohorte.challenges.models import Challenge, Expertise
from cohorte.params import int_param
from cohorte.search import folded

from .core.matching_instance import OFFER, PositionKey
from .core.matching_solution import (
    FILLED_BY_HIGHER_RANKED,
    FILLED_BY_TIED,
    FORBIDDEN_BY_TEAM,
    GIVEN_TO_LOWER_RANKED,
    LOCKED,
    LOCKED_ELSEWHERE,
    NO_SEAT,
    NOT_LISTED_BY_JURY,
    RESERVED_BY_LOCKS,
    SEAT_LEFT_FREE,
    UNMATCHED,
    ChoiceReason,
    Explanation,
)
from .matching_runs import key_ids, position_key
from .models import PairConstraint, SolverRun


def ordinal(number: int) -> str:
    """French ordinal: 1er, 2e, 3e..."""
    return "1er" if number == 1 else f"{number}e"


def pair_value(key: PositionKey) -> str:
    """A position as a form value: "défi pk:profile pk" (no profile: "défi pk:")."""
    return f"{key.defi}:{key.profile}"


def parse_pair_value(value: str) -> tuple[int, int | None] | None:
    """The défi pk and profile pk of a form value, or None when malformed."""
    challenge, sep, profile = (value or "").partition(":")
    challenge_id, profile_id = int_param(challenge), int_param(profile)
    if not sep or challenge_id is None or (profile != "" and profile_id is None):
        return None
    return challenge_id, profile_id


def of_application(expression) -> Subquery:
    """A value of a placement's application, looked up by its key.

    Rather than a join: PostgreSQL answered the join by reading every application of the
    call, where the rows of one run need only theirs."""
    application = Application.objects.filter(pk=OuterRef("application_id")).order_by()
    return Subquery(application.annotate(value=expression).values("value")[:1])


@dataclass
class ResultRow:
    """One candidate of the run: what they got and why, and the team's constraints."""

    application: Application | None
    name: str
    status: str
    place: str
    obtained: str
    explanation: str
    options: list[tuple[str, str]]
    current: str
    constraints: list[PairConstraint] = field(default_factory=list)
    url: str = ""  # the application's page


class RunResult:
    """Everything the page shows about one matching run; ``hidden``: applications the
    reader is kept away from (a conflict of interest), named nowhere and left out of the rows.

    The rows come from the run's ``MatchingPlacement`` rows (``placements``: filtered and
    paged by the page), the figures from SQL over all of them and from a few keys of the
    run's JSON: the size of the call does not change what is read for one page.
    """

    def __init__(
        self,
        run: SolverRun,
        constraints: list[PairConstraint],
        hidden=frozenset(),
        challenges=(),
        profiles=(),
    ):
        self.run = run
        self.hidden = set(hidden)
        figures = (
            SolverRun.objects.filter(pk=run.pk)
            .values(
                "solution__status",
                "solution__size",
                "solution__solve_seconds",
                "solution__time_limit_reached",
                "solution__unfilled",
                "solution__blocking_pairs",
            )
            .get()
        )
        self.status = figures["solution__status"]
        self.size = figures["solution__size"] or 0
        self.solve_seconds = figures["solution__solve_seconds"] or 0
        self.time_limit_reached = bool(figures["solution__time_limit_reached"])
        self._unfilled = [
            (PositionKey(row["defi"], row["profile"]), row["free"])
            for row in figures["solution__unfilled"] or []
        ]
        self._blocking = [
            (row["candidate"], PositionKey(row["defi"], row["profile"]))
            for row in figures["solution__blocking_pairs"] or []
        ]
        self.by_application = defaultdict(list)
        for constraint in constraints:
            self.by_application[constraint.application_id].append(constraint)
        self.applications: dict[int, Application] = {}
        # Défis and profiles the page already read (``challenges``, ``profiles``) are named
        # without being read again.
        self.challenges: dict[int, Challenge] = {c.pk: c for c in challenges}
        self.profiles: dict[int, Expertise] = {p.pk: p for p in profiles}
        self._ranks: dict[str, list[int]] = {}

    def placements(self):
        """The rows the reader may see: placed by place, then those without a seat."""
        return (
            self.run.placements.exclude(candidate__in=[str(pk) for pk in self.hidden])
            .annotate(unplaced=Case(When(status=UNMATCHED, then=1), default=0))
            .order_by(
                "unplaced",
                "challenge__title",
                F("profile__name").asc(nulls_first=True),
                of_application(folded("first_name")),
                of_application(folded("last_name")),
                "pk",
            )
        )

    def _load(self, placements) -> None:
        """Names, défis and profiles the given rows and the figures mention (3 queries)."""
        cids, keys = set(), set()
        for placement in placements:
            cids.add(placement.candidate)
            self._ranks[placement.candidate] = placement.choice_ranks
            explanation = placement.explanation
            if explanation.get("position"):
                keys.add(PositionKey(**explanation["position"]))
            for reason in explanation.get("reasons", []):
                keys.add(PositionKey(reason["defi"], reason["profile"]))
                cids.update(other["candidate"] for other in reason.get("others", []))
            keys.update(
                PositionKey(defi, profile) for defi, profile, _s, _r in placement.preferences
            )
        cids.update(cid for cid, _key in self._blocking)
        keys.update(key for key, _free in self._unfilled)
        keys.update(key for _cid, key in self._blocking)
        ids = [key_ids(k) for k in keys]
        # Names only: the rows link to the application and name the candidate, and the
        # answers of a whole page of applications would be read for nothing.
        self.applications.update(
            Application.objects.select_related("candidate")
            .only("first_name", "last_name", "candidate__email")
            .in_bulk({int(cid) for cid in cids} - set(self.applications))
        )
        self.challenges.update(
            Challenge.objects.in_bulk({c for c, _p in ids} - set(self.challenges))
        )
        self.profiles.update(
            Expertise.objects.in_bulk({p for _c, p in ids} - {None} - set(self.profiles))
        )

    # Labels ---------------------------------------------------------------------------

    def name(self, cid: str) -> str:
        if int(cid) in self.hidden:
            return _("candidature masquée (conflit d’intérêts)")
        application = self.applications.get(int(cid))
        return application.display_name if application else _("candidature supprimée")

    def place(self, key: PositionKey | None) -> str:
        """ "Défi — profil" (or the défi alone when it has no seats per profile)."""
        if key is None:
            return ""
        challenge_id, profile_id = key_ids(key)
        challenge = self.challenges.get(challenge_id)
        title = challenge.title if challenge else _("défi supprimé")
        profile = self.profiles.get(profile_id) if profile_id else None
        return f"{title} — {profile.name}" if profile else title

    def real_rank(self, cid: str, source: str | None, choice_rank: int | None) -> int | None:
        """The rank of the candidate's own choice (None for a jury offer)."""
        if source == OFFER or not choice_rank:
            return None
        ranks = self._ranks.get(cid, [])
        return ranks[choice_rank - 1] if choice_rank <= len(ranks) else choice_rank

    def obtained(self, explanation: Explanation) -> str:
        if explanation.status == UNMATCHED:
            return _("sans place")
        rank = self.real_rank(explanation.candidate, explanation.source, explanation.choice_rank)
        if rank is None:
            return _("offre du jury")
        return _("%(rank)s choix") % {"rank": ordinal(rank)}

    # Explanations ---------------------------------------------------------------------

    def _what(self, cid: str, source, choice_rank) -> str:
        rank = self.real_rank(cid, source, choice_rank)
        if rank is None:
            return _("l’offre du jury qu’il ou elle a acceptée")
        return _("son %(rank)s choix") % {"rank": ordinal(rank)}

    def _holders(self, reason: ChoiceReason) -> str:
        return ", ".join(
            _("%(name)s (rang %(rank)s)") % {"name": self.name(cid), "rank": rank}
            if rank is not None
            else self.name(cid)
            for cid, rank in reason.others
        )

    def reason_text(self, cid: str, reason: ChoiceReason) -> str:
        """One French sentence for one position the candidate preferred and did not get."""
        what = self._what(cid, reason.source, reason.choice_rank)
        values = {"holders": self._holders(reason), "rank": reason.jury_rank}
        yours = _(" (son rang : %(rank)s)") % values if reason.jury_rank is not None else ""
        clauses = {
            FORBIDDEN_BY_TEAM: _("écarté par l’équipe"),
            NOT_LISTED_BY_JURY: _("le jury ne l’a pas classé·e"),
            NO_SEAT: _("aucune place"),
            RESERVED_BY_LOCKS: _("places réservées par l’équipe pour %(holders)s") % values,
            FILLED_BY_HIGHER_RANKED: _("complet, pris par des candidat·es mieux classé·es : ")
            + values["holders"]
            + yours,
            FILLED_BY_TIED: _("complet, pris par des candidat·es classé·es au moins aussi bien : ")
            + values["holders"]
            + yours
            + _(" ; l’ex aequo a été départagé par les règles de l’appariement"),
            GIVEN_TO_LOWER_RANKED: _("attribué à %(holders)s") % values
            + yours
            + _(" pour améliorer la répartition d’ensemble"),
            SEAT_LEFT_FREE: _("une place laissée libre pour améliorer la répartition d’ensemble"),
            LOCKED_ELSEWHERE: _("l’équipe a imposé sa place ailleurs"),
        }
        clause = clauses.get(reason.code, reason.code)
        sentence = f"{what} ({self.place(reason.position)}) : {clause}."
        return sentence[:1].upper() + sentence[1:]

    def explanation_text(self, explanation: Explanation) -> str:
        """The French explanation of one candidate's outcome."""
        cid = explanation.candidate
        if explanation.status == UNMATCHED:
            head = _("Sans place.")
            if not explanation.reasons:
                return head + " " + _("Aucun de ses choix ne correspond à une place ouverte.")
        else:
            values = {
                "place": self.place(explanation.position),
                "what": self._what(cid, explanation.source, explanation.choice_rank),
            }
            if explanation.status == LOCKED:
                head = _("Place imposée par l’équipe : %(place)s, %(what)s.") % values
            else:
                head = _("Place obtenue : %(place)s, %(what)s.") % values
        details = " ".join(self.reason_text(cid, reason) for reason in explanation.reasons)
        return f"{head} {details}".strip()

    # Page parts -----------------------------------------------------------------------

    def rows(self, placements=None) -> list[ResultRow]:
        """One row per placement given (by default every row the reader may see, in order)."""
        placements = list(self.placements() if placements is None else placements)
        self._load(placements)
        rows = []
        for placement in placements:
            cid = placement.candidate
            if int(cid) in self.hidden:
                continue
            explanation = Explanation.from_dict(placement.explanation)
            key = (
                position_key(placement.challenge_id, placement.profile_id)
                if placement.challenge_id
                else None
            )
            options = []
            for defi, profile, source, choice_rank in placement.preferences:
                rank = self.real_rank(cid, source, choice_rank)
                label = self.place(PositionKey(defi, profile))
                suffix = (
                    _("offre du jury")
                    if rank is None
                    else _("%(rank)s choix") % {"rank": ordinal(rank)}
                )
                options.append((f"{defi}:{profile}", f"{label} ({suffix})"))
            application = self.applications.get(int(cid))
            rows.append(
                ResultRow(
                    application=application,
                    name=self.name(cid),
                    status=explanation.status,
                    place=self.place(key),
                    obtained=self.obtained(explanation),
                    explanation=self.explanation_text(explanation),
                    options=options,
                    current=pair_value(key) if key else (options[0][0] if options else ""),
                    constraints=self.by_application.get(int(cid), []),
                    url=row_urls.for_row(self._detail_url, application.pk) if application else "",
                )
            )
        return rows

    @cached_property
    def _detail_url(self) -> str:
        return row_urls.pattern("team:application_detail")

    @cached_property
    def visible_count(self) -> int:
        """How many candidates of the run the reader sees."""
        return self.placements().count()

    def distribution(self) -> list[tuple[str, int]]:
        """How many candidates got their 1st, 2nd... choice, a jury offer, or no seat."""
        return list(self._distribution)

    @cached_property
    def _distribution(self) -> list[tuple[str, int]]:
        # Read once: the page shows it twice (the chart and the table of its numbers).
        counts = Counter()
        groups = (
            self.run.placements.values("status", "obtained", "offer")
            .annotate(n=Count("pk"))
            .order_by()
        )
        for group in groups:
            if group["status"] == UNMATCHED:
                counts["none"] += group["n"]
            elif group["obtained"] is None:
                counts["offer"] += group["n"]
            else:
                counts[group["obtained"]] += group["n"]
        longest = self.run.placements.aggregate(longest=Max("longest_choice"))["longest"] or 0
        longest = max([longest] + [k for k in counts if isinstance(k, int)])
        rows = [
            (_("%(rank)s choix") % {"rank": ordinal(rank)}, counts[rank])
            for rank in range(1, longest + 1)
        ]
        rows.append((_("Offre du jury"), counts["offer"]))
        rows.append((_("Sans place"), counts["none"]))
        return rows

    def chart(self):
        """The distribution as an inline SVG bar chart (the table holds the same numbers)."""
        return bar_chart(
            [(label, [count]) for label, count in self.distribution()], [_("Candidat·es")]
        )

    def unfilled(self) -> list[tuple[str, int, int]]:
        """Places with free seats: label, free seats, seats offered to the matching."""
        if not self._unfilled:
            return []
        self._load([])
        filled = {
            position_key(row["challenge_id"], row["profile_id"]): row["n"]
            for row in self.run.placements.exclude(status=UNMATCHED)
            .values("challenge_id", "profile_id")
            .annotate(n=Count("pk"))
            .order_by()
        }
        return [(self.place(key), free, filled.get(key, 0) + free) for key, free in self._unfilled]

    def blocking(self) -> list[tuple[str, str]]:
        """Blocking pairs: a candidate and a place that would both prefer each other."""
        if self._blocking:
            self._load([])
        return [(self.name(cid), self.place(key)) for cid, key in self._blocking]

    @cached_property
    def hidden_count(self) -> int:
        """How many candidates of the run the reader does not see."""
        if not self.hidden:
            return 0
        return self.run.placements.filter(candidate__in=[str(pk) for pk in self.hidden]).count()

    @property
    def proven(self) -> bool:
        return self.status == "optimal"

    @property
    def ties_broken(self) -> bool:
        """Ties settled by instance order without maximising the size (``ties="break"``)."""
        return self.status != "optimal" and not self.time_limit_reached

    @property
    def seats(self) -> int:
        """Seats offered to the matching: those filled plus those left free."""
        return self.size + sum(free for _key, free in self._unfilled)
