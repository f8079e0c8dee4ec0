"""The jury's grid at an interview: each member's own, or the referee's collective one."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Review
from cohorte.reviews.presentation import (
    grid_page,
    posted_scores,
    with_score_lists,
)
from cohorte.reviews.visibility import INTERVIEW, ScoreSight

from ..models import InterviewSlot
from .access import visible_slot


@login_required
def interview_grid(request, pk):
    """Members of the slot's panel fill their grid; the team and the referee read every grid."""
    slot = visible_slot(request, pk)
    user, application, call = request.user, slot.application, slot.panel.call
    if slot.status == InterviewSlot.Status.CANCELLED:
        raise Http404
    is_member = slot.panel.members.filter(pk=user.pk).exists()
    may_fill = is_member and user.has_perm("calls.interview_application", application)
    is_referee = slot.panel.referee_id == user.pk
    criteria = list(call.grid.criteria.all()) if call.grid_id else []
    mine = Review.objects.filter(
        application=application, reviewer=user, stage=Review.Stage.INTERVIEW
    ).first()
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
            reviews.submit_review(
                application,
                user,
                scores,
                values["comment"],
                values["recommendation"],
                stage=Review.Stage.INTERVIEW,
                panel=slot.panel if values["collective"] else None,
            )
        except reviews.ReviewError as error:
            errors = error.errors
        else:
            messages.success(request, _("Votre grille est enregistrée."))
            return redirect("selection:interview_grid", pk=slot.pk)
    else:
        values = {
            "scores": mine.scores if mine else {},
            "comment": mine.comment if mine else "",
            "recommendation": mine.recommendation if mine else "",
            "collective": bool(mine and mine.panel_id),
        }
    # The team and the referee (who writes the collective grid) read every grid;
    # other members follow the call's phase setting (``reviews.visibility``).
    shown = ScoreSight(user, call, INTERVIEW, [application]).others(application)
    others = []
    if shown:
        others = with_score_lists(
            list(
                Review.objects.filter(application=application, stage=Review.Stage.INTERVIEW)
                .exclude(reviewer=user)
                .select_related("reviewer")
            ),
            criteria,
        )
    context = {
        **grid_page(application, call, criteria, values, errors),
        "slot": slot,
        "max_total": sum(c.scale_max for c in criteria),
        "mine": mine,
        "may_fill": may_fill,
        "is_referee": is_referee,
        "others": others,
        "others_shown": shown,
    }
    return render(request, "selection/interview_grid.html", context)
