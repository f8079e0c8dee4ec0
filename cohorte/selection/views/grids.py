"""The jury's grid at an interview: each member's own, or the referee's collective one.

A candidate has one grid per défi they are interviewed for (see ``selection.grids``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Review
from cohorte.reviews.presentation import (
    grid_page,
    posted_scores,
    with_score_lists,
)
from cohorte.reviews.visibility import INTERVIEW, ScoreSight, phase_allows

from .. import grids
from ..models import InterviewSlot
from .access import visible_slot


def _carried_message(changed) -> str:
    titles = ", ".join(f"« {r.challenge.title} »" for r in changed if r.challenge_id)
    return ngettext(
        "Les critères communs à tous les défis sont reportés sur votre grille du défi %(titles)s.",
        "Les critères communs à tous les défis sont reportés sur vos grilles des défis %(titles)s.",
        len(changed),
    ) % {"titles": titles}


def _siblings(slot, user) -> list:
    """The candidate's other interviews whose grid the user may open (one grid per défi)."""
    others = (
        InterviewSlot.objects.filter(application_id=slot.application_id)
        .exclude(status=InterviewSlot.Status.CANCELLED)
        .exclude(pk=slot.pk)
        .select_related("challenge", "panel")
        .order_by("starts_at", "pk")
    )
    return [s for s in others if user.has_perm("selection.view_panel", s.panel)]


@login_required
def interview_grid(request, pk):
    """Members of the slot's panel fill their grid for the interview's défi; the team and the
    referee read every grid of that défi."""
    slot = visible_slot(request, pk)
    user, application, call = request.user, slot.application, slot.panel.call
    if slot.status == InterviewSlot.Status.CANCELLED:
        raise Http404
    is_member = slot.panel.members.filter(pk=user.pk).exists()
    may_fill = is_member and user.has_perm("calls.interview_application", application)
    is_referee = slot.panel.referee_id == user.pk
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    mine = grids.grid_of(slot, user)
    carried_from = None
    errors = {}
    if request.method == "POST":
        if not may_fill:
            raise PermissionDenied  # they may read this interview, not score it
        scores = posted_scores(request.POST, criteria)
        values = {
            "scores": scores,
            "comment": request.POST.get("comment", ""),
            "recommendation": request.POST.get("recommendation", ""),
            "collective": is_referee and request.POST.get("collective") == "1",
        }
        try:
            _review, changed = grids.save_interview_grid(
                slot,
                user,
                scores,
                values["comment"],
                values["recommendation"],
                collective=values["collective"],
            )
        except reviews.ReviewError as error:
            errors = error.errors
        else:
            messages.success(request, _("Votre grille est enregistrée."))
            if changed:
                messages.info(request, _carried_message(changed))
            return redirect("selection:interview_grid", pk=slot.pk)
    else:
        values = {
            "scores": mine.scores if mine else {},
            "comment": mine.comment if mine else "",
            "recommendation": mine.recommendation if mine else "",
            "collective": bool(mine and mine.panel_id),
        }
        if mine is None and may_fill:
            collective = (
                is_referee
                and Review.objects.filter(
                    application=application, reviewer=user, panel=slot.panel
                ).exists()
            )
            values["scores"], carried_from = grids.carried_scores(slot, user, criteria, collective)
            values["collective"] = collective
    # The team and the referee (who writes the collective grid) read every grid;
    # other members follow the call's phase setting (``reviews.visibility``), counting
    # their own grid of this défi only.
    sight = ScoreSight(user, call, INTERVIEW, [application])
    shown = sight.others(application) and (
        sight.team or application.pk in sight.refereed or phase_allows(call, mine is not None)
    )
    others = []
    if shown:
        others = with_score_lists(
            list(
                Review.objects.filter(
                    application=application,
                    stage=Review.Stage.INTERVIEW,
                    challenge_id=slot.challenge_id,
                )
                .exclude(reviewer=user)
                .select_related("reviewer")
            ),
            criteria,
        )
    page = grid_page(application, call, criteria, values, errors)
    siblings = _siblings(slot, user)
    if any(s.challenge_id != slot.challenge_id for s in siblings):
        for field in page["fields"]:
            field["scope"] = (
                _("Noté pour ce défi seulement.")
                if field["criterion"].per_challenge
                else _(
                    "Commun à tous ses défis : reporté sur vos autres grilles de cette personne."
                )
            )
    context = {
        **page,
        "slot": slot,
        "max_total": sum(c.scale_max for c in criteria),
        "mine": mine,
        "may_fill": may_fill,
        "is_referee": is_referee,
        "others": others,
        "others_shown": shown,
        "carried_from": carried_from,
        "siblings": siblings,
        "before_start": slot.starts_at > timezone.now(),
    }
    return render(request, "selection/interview_grid.html", context)
