"""The jury area's home: the team's overview of a call, or a juror's panels and interviews."""

from django.db.models import Count, Prefetch, Q
from django.shortcuts import render

from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.exports import FORMATS
from cohorte.calls.models import Application, Call
from cohorte.reviews.models import Conflict, Review

from ..models import InterviewSlot, Panel
from .access import jury_area


def slots_with_grids(queryset, user):
    """Interviews with their candidate, panel, défi and the interview grids (no N+1)."""
    return queryset.select_related("application__candidate", "panel", "challenge").prefetch_related(
        Prefetch(
            "application__reviews",
            queryset=Review.objects.filter(stage=Review.Stage.INTERVIEW).only(
                "id", "application_id", "reviewer_id", "panel_id", "total"
            ),
            to_attr="interview_reviews",
        )
    )


def grid_status(slot, user) -> dict:
    """How many grids the interview has, and the user's own total."""
    reviews = slot.application.interview_reviews
    mine = next((r for r in reviews if r.reviewer_id == user.pk), None)
    collective = next((r for r in reviews if r.panel_id == slot.panel_id), None)
    return {"count": len(reviews), "mine": mine, "collective": collective}


@jury_area
def home(request):
    """Team: panels, interviews and candidates to schedule of a call. Jurors: their panels."""
    user = request.user
    if is_team(user):
        return _team_home(request)
    conflicted = Conflict.objects.filter(reviewer=user).values("application_id")
    panels = (
        Panel.objects.filter(pk__in=panel_ids(user, "applications"))
        .select_related("call", "referee")
        .prefetch_related(
            "challenges",
            Prefetch(
                "slots",
                queryset=slots_with_grids(
                    InterviewSlot.objects.exclude(status=InterviewSlot.Status.CANCELLED)
                    .exclude(application_id__in=conflicted)
                    .order_by("starts_at"),
                    user,
                ),
                to_attr="visible_slots",
            ),
        )
        .order_by("-call__opens_at", "name")
    )
    for panel in panels:
        for slot in panel.visible_slots:
            slot.grids = grid_status(slot, user)
    return render(request, "selection/home_juror.html", {"panels": panels})


def _team_home(request):
    user = request.user
    calls = list(Call.objects.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at"))
    call = next((c for c in calls if c.slug == request.GET.get("appel")), None) or (
        calls[0] if calls else None
    )
    context = {"calls": calls, "call": call, "formats": FORMATS}
    if call is None:
        return render(request, "selection/home_team.html", context)
    conflicted = Conflict.objects.filter(reviewer=user).values("application_id")
    active = ~Q(slots__status=InterviewSlot.Status.CANCELLED)
    panels = (
        Panel.objects.filter(call=call)
        .select_related("referee")
        .prefetch_related("members", "challenges")
        .annotate(interview_count=Count("slots", filter=active, distinct=True))
        .order_by("name")
    )
    slots = list(
        slots_with_grids(
            InterviewSlot.objects.filter(panel__call=call)
            .exclude(application_id__in=conflicted)
            .order_by("starts_at", "panel__name"),
            user,
        )
    )
    for slot in slots:
        slot.grids = grid_status(slot, user)
    scheduled = InterviewSlot.objects.exclude(status=InterviewSlot.Status.CANCELLED).values(
        "application_id"
    )
    to_schedule = (
        Application.objects.filter(call=call, status=Application.Status.SHORTLISTED)
        .exclude(pk__in=scheduled)
        .exclude(pk__in=conflicted)
        .select_related("candidate")
        .prefetch_related("choices__challenge", "choices__profile")
        .order_by("last_name", "first_name", "pk")
    )
    context.update(
        {"panels": panels, "slots": slots, "to_schedule": to_schedule, "is_manager": True}
    )
    return render(request, "selection/home_team.html", context)
