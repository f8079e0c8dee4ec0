"""The jury area's home: the team's overview of a call, or a juror's panels and interviews."""

from django.db.models import Count, Prefetch, Q
from django.db.models.functions import TruncDate
from django.shortcuts import render

from cohorte.accounts.roles import is_team, panel_ids
from cohorte.calls.exports import FORMATS
from cohorte.calls.models import Application, Call
from cohorte.calls.steps import call_steps
from cohorte.pagination import paginate
from cohorte.reviews.exclusions import hidden_count, only_conflicts, without_conflicts
from cohorte.reviews.models import Review
from cohorte.reviews.visibility import INTERVIEW, ScoreSight

from ..interviews import PARIS, unsent_invitations
from ..models import InterviewSlot, Panel
from . import slot_lists
from .access import jury_area
from .slot_lists import SlotFilterForm, figures, slot_page

# The second paginated list of the team's page: the shortlisted candidates to schedule.
TO_SCHEDULE_PAGE = "page_a_programmer"


def slots_with_grids(queryset, user):
    """Interviews with their candidate, panel, défi and the interview grids (no N+1)."""
    return queryset.select_related("application__candidate", "panel", "challenge").prefetch_related(
        Prefetch(
            "application__reviews",
            queryset=Review.objects.filter(stage=Review.Stage.INTERVIEW).only(
                "id", "application_id", "reviewer_id", "panel_id", "challenge_id", "total"
            ),
            to_attr="interview_reviews",
        )
    )


def _kept_from(user) -> Q:
    """Active slots of applications the user is kept away from (for the count under a list)."""
    return ~Q(slots__status=InterviewSlot.Status.CANCELLED) & Q(
        slots__application__in=only_conflicts(Application.objects.all(), user).values("pk")
    )


def grid_status(slot, user, sight: ScoreSight) -> dict:
    """How many grids the interview has (those of its défi), the user's own total, and the
    collective one when the user may see it."""
    reviews = [r for r in slot.application.interview_reviews if r.challenge_id == slot.challenge_id]
    mine = next((r for r in reviews if r.reviewer_id == user.pk), None)
    collective = next((r for r in reviews if r.panel_id == slot.panel_id), None)
    if not sight.scores(slot.application, slot.challenge_id):
        collective = None
    return {"count": len(reviews), "mine": mine, "collective": collective}


def with_grid_status(slots, user, call) -> list:
    """The slots, each with ``grids`` (see ``grid_status``); one sight for the whole list."""
    slots = list(slots)
    sight = ScoreSight(user, call, INTERVIEW, [s.application for s in slots])
    for slot in slots:
        slot.grids = grid_status(slot, user, sight)
    return slots


@jury_area
def home(request):
    """Team: panels, interviews and candidates to schedule of a call. Jurors: their panels."""
    user = request.user
    if is_team(user):
        return _team_home(request)
    panels = (
        Panel.objects.filter(pk__in=panel_ids(user, "applications"))
        .select_related("call", "referee")
        .prefetch_related(
            "challenges",
            Prefetch(
                "slots",
                queryset=slots_with_grids(
                    without_conflicts(
                        InterviewSlot.objects.exclude(status=InterviewSlot.Status.CANCELLED), user
                    ).order_by("starts_at"),
                    user,
                ),
                to_attr="visible_slots",
            ),
        )
        .annotate(hidden=Count("slots", filter=_kept_from(user), distinct=True))
        .order_by("-call__opens_at", "name")
    )
    # One sight per call (its visibility setting), whatever the number of panels.
    by_call = {}
    for panel in panels:
        by_call.setdefault(panel.call_id, (panel.call, []))[1].extend(panel.visible_slots)
    for call, slots in by_call.values():
        with_grid_status(slots, user, call)
    # The same numbered steps as the team's, each saying who acts on it.
    steps = [{"call": call, "steps": call_steps(call, user)} for call, _s in by_call.values()]
    return render(request, "selection/home_juror.html", {"panels": panels, "call_steps": steps})


def _team_home(request):
    user = request.user
    calls = list(Call.objects.filter(kind=Call.Kind.APPLICATIONS).order_by("-opens_at"))
    call = next((c for c in calls if c.slug == request.GET.get("appel")), None) or (
        calls[0] if calls else None
    )
    context = {"calls": calls, "call": call, "formats": FORMATS}
    if call is None:
        return render(request, "selection/home_team.html", context)
    active = ~Q(slots__status=InterviewSlot.Status.CANCELLED)
    panels = (
        Panel.objects.filter(call=call)
        .select_related("referee")
        .prefetch_related("members", "challenges")
        .annotate(interview_count=Count("slots", filter=active, distinct=True))
        .order_by("name")
    )
    visible = without_conflicts(InterviewSlot.objects.filter(panel__call=call), user)
    form = SlotFilterForm(
        request.GET,
        panels=Panel.objects.filter(call=call).order_by("name"),
        challenges=call.challenges.order_by("title"),
    )
    page = slot_page(request, slots_with_grids(visible, user), form, user)
    slots = with_grid_status(page.object_list, user, call)
    scheduled = InterviewSlot.objects.exclude(status=InterviewSlot.Status.CANCELLED).values(
        "application_id"
    )
    waiting = Application.objects.filter(call=call, status=Application.Status.SHORTLISTED).exclude(
        pk__in=scheduled
    )
    to_schedule = paginate(
        request,
        without_conflicts(waiting, user)
        .select_related("candidate")
        .prefetch_related("choices__challenge", "choices__profile")
        .order_by("last_name", "first_name", "pk"),
        slot_lists.PER_PAGE,
        TO_SCHEDULE_PAGE,
    )
    # Each list's pagination keeps the call, the filters and the other list's page.
    base = {"appel": call.slug, **form.active_params()}
    other_page = {TO_SCHEDULE_PAGE: request.GET.get(TO_SCHEDULE_PAGE)}
    context.update(
        {
            "steps": call_steps(call, user),
            "panels": panels,
            "form": form,
            "is_filtered": bool(form.active_params()),
            "page_obj": page,
            "slots": slots,
            "figures": figures(visible),
            "filter_params": {**base, **{k: v for k, v in other_page.items() if v}},
            "to_schedule": to_schedule,
            "to_schedule_params": {**base, **({"page": page.number} if page.number > 1 else {})},
            "to_schedule_param": TO_SCHEDULE_PAGE,
            "unsent_days": unsent_days(without_conflicts(unsent_invitations(call), user)),
            "is_manager": True,
            "hidden": hidden_count(
                Application.objects.filter(call=call).exclude(status=Application.Status.DRAFT),
                user,
            ),
        }
    )
    return render(request, "selection/home_team.html", context)


def unsent_days(slots) -> list[tuple]:
    """(day in Paris, how many) of these interviews, counted by the database."""
    rows = (
        slots.annotate(day=TruncDate("starts_at", tzinfo=PARIS))
        .values("day")
        .annotate(n=Count("pk"))
        .order_by("day")
    )
    return [(row["day"], row["n"]) for row in rows]
