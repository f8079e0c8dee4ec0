"""What the director reads before validating a decision: screening, scores and ranking.

Scores follow ``reviews.visibility`` (a score the reader may not see reads "masquée") and
the lists already leave out what the reader is kept away from (``reviews.exclusions``).
"""

from collections import defaultdict

from django.utils.translation import gettext as _

from cohorte.public.formats import format_number
from cohorte.reviews.aggregate import aggregate
from cohorte.reviews.models import Review
from cohorte.reviews.visibility import INTERVIEW, PRESELECTION, ScoreSight

from .models import RankingEntry
from .rankings import interview_totals


def _score(value, visible: bool) -> str:
    if not visible:
        return _("masquée")
    if value is None:
        return "—"
    return format_number(round(value, 1))


def _means(field: str, ids) -> dict[int, float | None]:
    totals = defaultdict(list)
    reviews = Review.objects.filter(
        **{f"{field}_id__in": list(ids)}, stage=PRESELECTION, panel__isnull=True
    ).values_list(f"{field}_id", "total")
    for pk, total in reviews:
        totals[pk].append(total)
    return {pk: aggregate(values).mean for pk, values in totals.items()}


def _ranking(decision, entries) -> str:
    mine = sorted(entries, key=lambda e: (e.challenge_id != decision.challenge_id, e.position))
    if not mine:
        return _("non classée")
    entry = mine[0]
    where = entry.challenge.title if entry.challenge_id else entry.profile.name
    if entry.waiting_list:
        return _("liste d'attente n° %(position)d (%(where)s)") % {
            "position": entry.position,
            "where": where,
        }
    return _("n° %(position)d (%(where)s)") % {"position": entry.position, "where": where}


def application_facts(decisions, user) -> dict[int, dict]:
    """Per decision on an application: eligibility, completeness, review mean, interview
    total and ranking, as the director reads them."""
    applications = [d.application for d in decisions]
    if not applications:
        return {}
    call = applications[0].call
    ids = [a.pk for a in applications]
    preselection = ScoreSight(user, call, PRESELECTION, applications)
    interview = ScoreSight(user, call, INTERVIEW, applications)
    means = _means("application", ids)
    totals = interview_totals(ids)
    entries = defaultdict(list)
    for entry in RankingEntry.objects.filter(application_id__in=ids).select_related(
        "challenge", "profile"
    ):
        entries[entry.application_id].append(entry)
    return {
        d.pk: {
            "eligibility": d.application.get_eligibility_display(),
            "eligible": d.application.eligibility == d.application.Eligibility.ELIGIBLE,
            "completeness": d.application.get_completeness_display(),
            "complete": d.application.completeness == d.application.Completeness.COMPLETE,
            "review_mean": _score(means.get(d.application_id), preselection.scores(d.application)),
            "interview_total": _score(
                totals.get(d.application_id), interview.scores(d.application)
            ),
            "ranking": _ranking(d, entries[d.application_id]),
        }
        for d in decisions
    }


def proposal_facts(decisions, user, ranks: dict[int, int]) -> dict[int, dict]:
    """Per decision on a proposal: eligibility, completeness, pre-instruction mean, the défi
    jury's collective total and its place in the consolidated ranking (``ranks``)."""
    proposals = [d.proposal for d in decisions]
    if not proposals:
        return {}
    call = proposals[0].call
    ids = [p.pk for p in proposals]
    preselection = ScoreSight(user, call, PRESELECTION, proposals)
    interview = ScoreSight(user, call, INTERVIEW, proposals)
    means = _means("proposal", ids)
    collective = dict(
        Review.objects.filter(
            proposal_id__in=ids, stage=INTERVIEW, panel__isnull=False
        ).values_list("proposal_id", "total")
    )
    return {
        d.pk: {
            "eligibility": d.proposal.get_eligibility_display(),
            "eligible": d.proposal.eligibility == d.proposal.Eligibility.ELIGIBLE,
            "completeness": d.proposal.get_completeness_display(),
            "complete": d.proposal.completeness == d.proposal.Completeness.COMPLETE,
            "review_mean": _score(means.get(d.proposal_id), preselection.scores(d.proposal)),
            "interview_total": _score(collective.get(d.proposal_id), interview.scores(d.proposal)),
            "ranking": (
                _("n° %(rank)d du classement consolidé") % {"rank": ranks[d.proposal_id]}
                if d.proposal_id in ranks
                else _("non classée")
            ),
        }
        for d in decisions
    }
