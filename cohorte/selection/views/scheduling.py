"""Automatic interview scheduling (team): parameters, unavailabilities, runs, apply, invite.

The call is chosen with ``?appel=<slug>`` (the most recent call by default); a run is
shown with ``&calcul=<pk>`` (the latest by default). Anonymous visitors go to the login
page; signed-in users outside the programme team get 403.
"""

import datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte.calls import guards
from cohorte.calls.candidate import candidate_sees
from cohorte.calls.models import Application, Call
from cohorte.reviews.exclusions import only_conflicts, without_conflicts

from .. import scheduling_runs as domain
from ..interviews import ACTIVE, convocation_missing
from ..models import InterviewSlot, SolverRun, Unavailability
from ..scheduling_forms import HalfDaysForm, ParametersForm, UnavailabilityForm
from ..scheduling_report import Labels, conflict_report, day_label, timetable_by_day
from ..unavailabilities import (
    AFTERNOON,
    MORNING,
    add_unavailability,
    candidate_days,
    declared_half_days,
    delete_unavailability,
    set_candidate_half_days,
    with_delete_urls,
)
from .access import chosen_call, team_required

RUNS_SHOWN = 20
STATUS_LABELS = {
    "optimal": (_lazy("optimal"), "success"),
    "feasible": (_lazy("réalisable, optimalité non prouvée"), "info"),
    "infeasible": (_lazy("impossible"), "error"),
    "unknown": (_lazy("aucun planning trouvé à temps"), "warning"),
}


def _required_call(request) -> Call:
    call, _calls_list = chosen_call(request)
    if call is None:
        raise Http404
    return call


def page_url(call, run=None, anchor="") -> str:
    """The scheduling page of a call (and of one of its runs)."""
    url = f"{reverse('selection:scheduling')}?appel={call.slug}"
    if run is not None:
        url += f"&calcul={run.pk}"
    return url + anchor


def _runs(call):
    return SolverRun.objects.filter(call=call, kind=SolverRun.Kind.SCHEDULING).select_related(
        "created_by"
    )


def _run_summary(run) -> dict:
    solution = run.solution or {}
    status = solution.get("status", run.status)
    label, badge = STATUS_LABELS.get(status, (status, "info"))
    return {
        "run": run,
        "status": status,
        "status_label": label,
        "badge": badge,
        "message": solution.get("message", ""),
        "days_used": solution.get("days_used", 0),
        "lower_bound": solution.get("lower_bound", 0),
        "idle": solution.get("panel_idle_minutes", 0),
        "wait": solution.get("candidate_wait_minutes", 0),
        "extra_visits": solution.get("extra_visits", 0),
        "interviews": len((run.instance or {}).get("interviews", [])),
        "seconds": solution.get("solve_seconds"),
        "solved": solution.get("status") in domain.SOLVED,
    }


def _listed(run) -> dict:
    label, badge = STATUS_LABELS.get(run.status, (run.status, "info"))
    return {
        "run": run,
        "status_label": label,
        "badge": badge,
        "solved": run.status in domain.SOLVED,
        "days_used": run.days_used,
        "lower_bound": run.lower_bound,
    }


def _hidden(call, user) -> set[int]:
    """Applications of the call the user is kept away from: named nowhere on these pages."""
    submitted = call.applications.exclude(status=Application.Status.DRAFT)
    return set(only_conflicts(submitted, user).values_list("pk", flat=True))


def _page(request, call, calls, *, form=None, unavailability_form=None, status=200):
    # Past runs without their (large) JSON: the figures shown are read in the database.
    runs = list(
        _runs(call)
        .defer("instance", "solution", "parameters")
        .annotate(
            days_used=KT("solution__days_used"),
            lower_bound=KT("solution__lower_bound"),
        )[:RUNS_SHOWN]
    )
    wanted = request.GET.get("calcul") or (str(runs[0].pk) if runs else "")
    selected = None
    if wanted:
        selected = _runs(call).filter(pk=wanted if wanted.isdigit() else 0).first()
        if selected is None:
            raise Http404
    if selected is not None:
        parameters = domain.SchedulingParameters.from_dict(selected.parameters)
    else:
        parameters = domain.default_parameters(call)
    form = form or ParametersForm(call, parameters=parameters)
    unavailability_form = unavailability_form or UnavailabilityForm(call, user=request.user)
    hidden = _hidden(call, request.user)
    inputs = domain.scheduling_inputs(call, form.parameters or parameters)
    instance = inputs.instance
    context = {
        "call": call,
        "calls": calls,
        "home_url": f"{reverse('selection:home')}?appel={call.slug}",
        "form": form,
        "unavailability_form": unavailability_form,
        "inputs": inputs,
        "summary": {
            "interviews": len(instance.interviews),
            "candidates": len({i.candidate for i in instance.interviews}),
            "panels": len(instance.panels),
            "mentors": len({m for d in instance.defis for m in d.mentors}),
            "locks": len(instance.locks),
            "unavailabilities": inputs.unavailability_rows,
            "busy_slots": inputs.busy_slots,
        },
        "hidden": len(hidden),
        "unavailabilities": with_delete_urls(
            without_conflicts(Unavailability.objects.filter(call=call), request.user)
            .select_related("user", "application__candidate")
            .order_by("starts_at", "pk"),
            "selection:scheduling_unavailability_delete",
        ),
        "runs": [_listed(r) for r in runs],
        "selected": None,
        "slot_counts": {
            row["status"]: row["n"]
            for row in InterviewSlot.objects.filter(panel__call=call, status__in=ACTIVE)
            .values("status")
            .annotate(n=Count("pk"))
        },
        "invitable": without_conflicts(domain.invitable_slots(call), request.user).count(),
    }
    if selected is not None:
        labels = Labels(selected.instance, hidden)
        context["selected"] = _run_summary(selected)
        context["timetable"] = timetable_by_day(selected, labels)
        context["report"] = conflict_report(selected, labels)
        context["added_days"] = [
            datetime.date.fromisoformat(d["id"])
            for d in selected.instance.get("days", [])
            if d["id"] not in selected.parameters.get("days", [])
        ]
    return render(request, "selection/scheduling.html", context, status=status)


@team_required
def scheduling(request):
    """The scheduling page of a call: parameters, inputs, unavailabilities, runs."""
    call, calls = chosen_call(request)
    if call is None:
        return render(request, "selection/scheduling.html", {"call": None, "calls": calls})
    return _page(request, call, calls)


@team_required
@require_POST
def scheduling_run(request):
    """Run the scheduler with the submitted parameters; nothing is kept on bad input."""
    call, calls = chosen_call(request)
    if call is None:
        raise Http404
    form = ParametersForm(call, request.POST)
    if form.is_valid():
        try:
            run = domain.run_scheduling(call, request.user, form.parameters)
        except domain.SchedulingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if run.status in domain.SOLVED:
                messages.success(request, _("Planning calculé : relisez-le avant de l'appliquer."))
            else:
                messages.warning(request, _("Aucun planning trouvé : lisez le rapport ci-dessous."))
            return redirect(page_url(call, run, "#resultat"))
    return _page(request, call, calls, form=form)


def _own_run(pk) -> SolverRun:
    return get_object_or_404(
        SolverRun.objects.select_related("call", "created_by"),
        pk=pk,
        kind=SolverRun.Kind.SCHEDULING,
    )


def _apply_missing(call, plan) -> list:
    """What is missing before this plan's interviews are created or moved (the same words
    as ``apply_run``'s refusal)."""
    pks = {c.application_pk for c in plan.create + plan.move}
    planned = call.applications.filter(pk__in=pks).select_related("call", "round").order_by("pk")
    return convocation_missing(planned)


@team_required
def scheduling_apply(request, pk):
    """Confirm, then turn a run's timetable into planned interview slots."""
    run = _own_run(pk)
    if request.method == "POST":
        try:
            plan = domain.apply_run(run, request.user, request.POST.get("exception"))
        except domain.SchedulingError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Planning appliqué : %(created)s audition(s) créée(s), %(moved)s "
                    "déplacée(s), %(kept)s inchangée(s). Relisez-les, puis envoyez les "
                    "invitations."
                )
                % {
                    "created": len(plan.create),
                    "moved": len(plan.move),
                    "kept": len(plan.unchanged) + len(plan.kept),
                },
            )
        return redirect(page_url(run.call, run, "#resultat"))
    try:
        plan = domain.plan_changes(run)
    except domain.SchedulingError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page_url(run.call, run, "#resultat"))
    labels = Labels(run.instance, _hidden(run.call, request.user))

    def rows(changes):
        return [
            {
                "who": labels.interview(c.interview),
                "panel": labels.panel(domain.panel_ref(c.panel_pk)),
                "starts_at": c.starts_at,
                "duration": c.duration,
                "before": c.slot.starts_at if c.slot else None,
                "before_panel": labels.panel(domain.panel_ref(c.slot.panel_id)) if c.slot else "",
            }
            for c in sorted(changes, key=lambda c: (c.starts_at, c.panel_pk))
        ]

    return render(
        request,
        "selection/scheduling_apply.html",
        {
            "run": run,
            "call": run.call,
            "plan": plan,
            "create": rows(plan.create),
            "move": rows(plan.move),
            "back": page_url(run.call, run, "#resultat"),
            "precondition": guards.precondition(
                guards.CONVOCATIONS, _apply_missing(run.call, plan), request.user
            ),
        },
    )


def _invitable_ids(call) -> set[int]:
    return set(domain.invitable_slots(call).values_list("application_id", flat=True))


@team_required
def scheduling_invite(request):
    """Confirm, then send the invitation of every planned interview of the call."""
    call = _required_call(request)
    if request.method == "POST":
        try:
            sent = domain.invite_planned(call, request.user, request.POST.get("exception"))
        except domain.SchedulingError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s invitation envoyée.",
                    "%(count)s invitations envoyées.",
                    len(sent),
                )
                % {"count": len(sent)},
            )
        left = len(_hidden(call, request.user) & _invitable_ids(call))
        if left:
            messages.info(
                request,
                _(
                    "%(count)s invitation(s) de candidatures qui vous sont masquées (conflit "
                    "d'intérêts) : un·e autre membre de l'équipe les envoie."
                )
                % {"count": left},
            )
        return redirect(page_url(call, anchor="#auditions"))
    slots = list(without_conflicts(domain.invitable_slots(call), request.user))
    precondition = guards.precondition(
        guards.CONVOCATIONS, guards.call_convocation_missing(call), request.user
    )
    return render(
        request,
        "selection/scheduling_invite.html",
        {"call": call, "slots": slots, "precondition": precondition},
    )


@team_required
@require_POST
def unavailability_add(request):
    """Record an unavailability of a juror, mentor or candidate of the call."""
    call, calls = chosen_call(request)
    if call is None:
        raise Http404
    form = UnavailabilityForm(call, request.POST, user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_unavailability(
                call,
                request.user,
                user=data["user"],
                application=data["application"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
            )
        except domain.SchedulingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("L'indisponibilité est enregistrée."))
            return redirect(page_url(call, anchor="#indisponibilites"))
    return _page(request, call, calls, unavailability_form=form)


@team_required
@require_POST
def unavailability_delete(request, pk):
    """Forget an unavailability."""
    item = get_object_or_404(
        without_conflicts(Unavailability.objects.select_related("call"), request.user), pk=pk
    )
    delete_unavailability(item, request.user)
    messages.success(request, _("L'indisponibilité est supprimée."))
    return redirect(page_url(item.call, anchor="#indisponibilites"))


@login_required
def candidate_unavailability(request, pk):
    """The candidate marks the interview half-days they cannot come (their own interview only)."""
    slot = get_object_or_404(
        InterviewSlot.objects.select_related("application__call", "application__candidate"),
        pk=pk,
    )
    application = slot.application
    if not candidate_sees(slot, request.user):
        raise Http404
    days = candidate_days(application.call)
    form = HalfDaysForm(days, request.POST or None)
    error = ""
    if request.method == "POST":
        if form.is_valid():
            try:
                set_candidate_half_days(application, request.user, form.cleaned_data["halves"])
            except domain.SchedulingError as exc:
                error = " ".join(exc.messages)
            else:
                messages.success(
                    request,
                    _("Merci : l'équipe du programme tiendra compte de vos indisponibilités."),
                )
                return redirect("selection:interview_respond", pk=slot.pk)
        else:
            error = " ".join(form.errors.get("halves", []))
    declared = declared_half_days(application, days)
    rows = [
        {
            "label": day_label(day.isoformat()),
            "parts": [
                {
                    "value": f"{day.isoformat()}:{part}",
                    "id": f"demi-{day.isoformat()}-{part}",
                    "label": label,
                    "checked": (day, part) in declared,
                }
                for part, label in ((MORNING, _("matin")), (AFTERNOON, _("après-midi")))
            ],
        }
        for day in days
    ]
    return render(
        request,
        "selection/interview_unavailability.html",
        {"slot": slot, "call": application.call, "rows": rows, "error": error},
    )
