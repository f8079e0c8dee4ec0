"""Composing the défi jury (team): inputs, unavailabilities, runs, apply, panels in place,
moves and locks, referees, convocations.

A run is shown with ``?calcul=<pk>`` (the latest by default).
"""

from collections import Counter, defaultdict

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, Q, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cohorte.pagination import paginate
from cohorte.params import int_param
from cohorte.reviews.exclusions import only_conflicts, without_conflicts
from cohorte.selection.interviews import PARIS
from cohorte.selection.models import Panel, SolverRun, Unavailability
from cohorte.selection.scheduling_report import clock, day_label
from cohorte.selection.scheduling_runs import SOLVED, SchedulingError
from cohorte.selection.unavailabilities import (
    add_unavailability,
    delete_unavailability,
    with_delete_urls,
)
from cohorte.selection.venue import venue_of

from .. import auditions as domain
from .. import jury_runs
from ..jury_forms import (
    JuryParametersForm,
    MoveAuditionForm,
    PanelVenueForm,
    PoolUnavailabilityForm,
    RefereeForm,
)
from ..jury_report import JuryLabels, explain_run
from ..jury_runs import JuryError, JuryParameters
from ..models import Audition, JuryPoolMember, Proposal
from .jury_access import project_call, team_audition, team_required

RUNS_SHOWN = 20
PANELS_PER_PAGE = 10
STATUS_LABELS = {
    "optimal": (_lazy("jurys équilibrés au mieux"), "success"),
    "feasible": (_lazy("réalisable, équilibre optimal non prouvé"), "info"),
    "infeasible": (_lazy("impossible"), "error"),
    "unknown": (_lazy("aucune composition trouvée à temps"), "warning"),
}


def page_url(call, run=None, anchor="") -> str:
    """The composition page of a call (and of one of its runs)."""
    url = reverse("defi_jury:composition", args=[call.pk])
    if run is not None:
        url += f"?calcul={run.pk}"
    return url + anchor


def panel_url(call, panel_id) -> str:
    """The composition page at the page of its panels that shows this one, scrolled to it."""
    panel = Panel.objects.filter(pk=panel_id).values("name").first()
    before = 0
    if panel is not None:
        before = (
            Panel.objects.filter(call=call)
            .filter(Q(name__lt=panel["name"]) | Q(name=panel["name"], pk__lt=panel_id))
            .count()
        )
    page = before // PANELS_PER_PAGE + 1
    query = f"?page={page}" if page > 1 else ""
    return reverse("defi_jury:composition", args=[call.pk]) + query + f"#jury-{panel_id}"


def _minutes(text: str) -> int:
    hours, _sep, minutes = text.partition(":")
    return int(hours) * 60 + int(minutes)


def _hidden(call, user) -> set[int]:
    """Proposals of the call the user is kept away from: named nowhere on these pages."""
    return set(
        only_conflicts(Proposal.objects.filter(call=call), user).values_list("pk", flat=True)
    )


def _run_result(run: SolverRun, hidden=frozenset()) -> dict:
    """Panels with members and défis, the category balance and the timetable of a run."""
    labels = JuryLabels(run, hidden)
    solution = run.solution or {}
    categories = {j["id"]: j["category"] for j in run.instance.get("jurors", [])}
    names = dict(JuryPoolMember.Category.worded_choices())
    order = {key: index for index, key in enumerate(names)}
    used = sorted(set(categories.values()), key=lambda c: (order.get(c, len(order)), c))
    panels = []
    for panel in solution.get("panels", []):
        counts = Counter(categories.get(m) for m in panel.get("members", []))
        panels.append(
            {
                "name": labels.panel(panel["id"]),
                "members": [
                    (labels.name(m), names.get(categories.get(m), "")) for m in panel["members"]
                ],
                "defis": [labels.interview(f"audition:{d}") for d in panel["defis"]],
                "counts": [counts.get(c, 0) for c in used],
            }
        )
    settings = jury_runs.call_settings(run.call)
    steps = (
        settings.alignment_minutes,
        settings.pitch_minutes,
        settings.questions_minutes,
        settings.deliberation_minutes,
    )
    by_day = defaultdict(list)
    for row in (solution.get("schedule") or {}).get("timetable", []):
        start, cells = _minutes(row["start"]), []
        for minutes in steps:
            cells.append(f"{clock(start)} – {clock(start + minutes)}")
            start += minutes
        by_day[row["day"]].append(
            {
                "start": _minutes(row["start"]),
                "panel": labels.panel(row["panel"]),
                "defi": labels.interview(row["interview"]),
                "phases": cells,
            }
        )
    days = [
        {"label": day_label(day), "rows": sorted(rows, key=lambda r: (r["start"], r["panel"]))}
        for day, rows in sorted(by_day.items())
    ]
    seated = {m for p in solution.get("panels", []) for m in p.get("members", [])}
    return {
        "categories": [names.get(c, c) for c in used],
        "panels": panels,
        "days": days,
        "unseated": [labels.name(j) for j in categories if j not in seated],
        "report": explain_run(run, labels),
    }


def _summary(run: SolverRun) -> dict:
    solution = run.solution or {}
    status = solution.get("status", run.status)
    label, badge = STATUS_LABELS.get(status, (status, "info"))
    return {
        "run": run,
        "status_label": label,
        "badge": badge,
        "solved": status in SOLVED,
        "imbalance": solution.get("imbalance", 0),
        "seconds": solution.get("solve_seconds"),
    }


def _panels_in_place(request, call, hidden=frozenset()):
    """The requested page of the call's panels, with their members and auditions."""
    page = paginate(
        request,
        Panel.objects.filter(call=call).order_by("name", "pk"),
        PANELS_PER_PAGE,
    )
    panels = list(page.object_list)
    # Names are all the page shows of the members and the défis.
    prefetch_related_objects(
        panels,
        Prefetch(
            "members",
            queryset=get_user_model().objects.only("first_name", "last_name", "email"),
        ),
    )
    auditions = defaultdict(list)
    for audition in (
        Audition.objects.filter(panel__in=panels)
        .select_related("proposal__organisation")
        .defer("proposal__data", "proposal__search_text")
        .order_by("starts_at", "pk")
    ):
        auditions[audition.panel_id].append(audition)
    for panel in panels:
        panel.defi_auditions = [a for a in auditions[panel.pk] if a.proposal_id not in hidden]
        for audition in panel.defi_auditions:
            audition.own_venue = venue_of(audition, None)
    page.object_list = panels
    return page


def _page(request, call, *, form=None, unavailability_form=None, status=200):
    runs = list(jury_runs.latest_runs(call).defer("instance", "solution")[:RUNS_SHOWN])
    wanted = request.GET.get("calcul") or (str(runs[0].pk) if runs else "")
    selected = None
    if wanted:
        selected = jury_runs.latest_runs(call).filter(pk=int_param(wanted) or 0).first()
        if selected is None:
            raise Http404
    if selected is not None:
        parameters = JuryParameters.from_dict(selected.parameters)
    else:
        parameters = jury_runs.default_jury_parameters(call)
    form = form or JuryParametersForm(call, parameters=parameters)
    inputs = jury_runs.jury_inputs(call, form.parameters or parameters)
    pool_users = JuryPoolMember.objects.filter(call=call).values("user_id")
    hidden = _hidden(call, request.user)
    names = dict(JuryPoolMember.Category.worded_choices())
    category_counts = Counter()
    # Counted by key, worded once per category rather than once per juror.
    for category, count in Counter(m.category for m in inputs.pool).items():
        category_counts[str(names.get(category, category))] += count
    panels = _panels_in_place(request, call, hidden)
    context = {
        "call": call,
        "form": form,
        "unavailability_form": unavailability_form or PoolUnavailabilityForm(call),
        "inputs": inputs,
        "defis": [
            {"proposal": p, "conflicts": inputs.conflicts.get(p.pk, [])}
            for p in sorted(inputs.proposals.values(), key=lambda p: (p.title, p.pk))
            if p.pk not in hidden
        ],
        "hidden": len(hidden & set(inputs.proposals)),
        "proposals": True,
        "category_counts": sorted(category_counts.items()),
        "audition_minutes": jury_runs.call_settings(call).audition_minutes,
        "settings": jury_runs.call_settings(call),
        "unavailabilities": with_delete_urls(
            Unavailability.objects.filter(user_id__in=pool_users, call=call)
            .select_related("user")
            .order_by("starts_at", "pk"),
            "defi_jury:unavailability_delete",
            call.pk,
        ),
        "runs": [_summary(r) for r in runs],
        "selected": _summary(selected) if selected else None,
        "result": _run_result(selected, hidden) if selected else None,
        "panels": panels.object_list,
        # The panels are paged (a national call has dozens): the pages keep the run shown.
        "page_obj": panels,
        "filter_params": {"calcul": request.GET["calcul"]} if request.GET.get("calcul") else {},
        "invitable": without_conflicts(domain.invitable_auditions(call), request.user).count(),
    }
    return render(request, "projects/jury/composition.html", context, status=status)


@team_required
def composition(request, call_id):
    """The composition page: inputs, unavailabilities, parameters, runs, panels in place."""
    return _page(request, project_call(call_id))


@team_required
@require_POST
def composition_run(request, call_id):
    """Run the composition with the submitted parameters; nothing is kept on bad input."""
    call = project_call(call_id)
    form = JuryParametersForm(call, request.POST)
    if form.is_valid():
        try:
            run = jury_runs.run_jury(call, request.user, form.parameters)
        except JuryError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            if run.status in SOLVED:
                messages.success(request, _("Jurys composés : relisez-les avant de les appliquer."))
            else:
                messages.warning(request, _("Aucun jury trouvé : lisez l'explication ci-dessous."))
            return redirect(page_url(call, run, "#resultat"))
    return _page(request, call, form=form)


@team_required
def composition_apply(request, call_id, run_id):
    """Confirm, then turn a run into panels and planned auditions."""
    call = project_call(call_id)
    run = get_object_or_404(
        SolverRun.objects.select_related("call"), pk=run_id, call=call, kind=SolverRun.Kind.JURY
    )
    if request.method == "POST":
        try:
            plan = jury_runs.apply_run(run, request.user)
        except JuryError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _(
                    "Composition appliquée : %(panels)s jury(s), %(created)s audition(s) "
                    "créée(s), %(moved)s déplacée(s). Choisissez le référent de chaque jury, "
                    "puis envoyez les convocations."
                )
                % {
                    "panels": len(plan.panels),
                    "created": len(plan.create),
                    "moved": len(plan.move),
                },
            )
            return redirect(page_url(call, anchor="#jurys"))
        return redirect(page_url(call, run, "#resultat"))
    try:
        plan = jury_runs.plan_changes(run)
    except JuryError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(page_url(call, run, "#resultat"))
    return render(
        request,
        "projects/jury/apply.html",
        {
            "call": call,
            "run": run,
            "plan": plan,
            "result": _run_result(run, _hidden(call, request.user)),
            "back": page_url(call, run, "#resultat"),
        },
    )


@team_required
@require_POST
def unavailability_add(request, call_id):
    """Record a juror's unavailability."""
    call = project_call(call_id)
    form = PoolUnavailabilityForm(call, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            add_unavailability(
                call,
                request.user,
                user=data["user"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                reason=data["reason"],
            )
        except SchedulingError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("L'indisponibilité est enregistrée."))
            return redirect(page_url(call, anchor="#indisponibilites"))
    return _page(request, call, unavailability_form=form)


@team_required
@require_POST
def unavailability_delete(request, call_id, pk):
    """Forget a juror's unavailability."""
    call = project_call(call_id)
    item = get_object_or_404(Unavailability.objects.select_related("call"), pk=pk, call=call)
    delete_unavailability(item, request.user)
    messages.success(request, _("L'indisponibilité est supprimée."))
    return redirect(page_url(call, anchor="#indisponibilites"))


@team_required
def invite(request, call_id):
    """Confirm, then send the convocation of every planned audition of the call."""
    call = project_call(call_id)
    if request.method == "POST":
        try:
            sent = domain.invite_planned(call, request.user)
        except JuryError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                ngettext(
                    "%(count)s convocation envoyée.", "%(count)s convocations envoyées.", len(sent)
                )
                % {"count": len(sent)},
            )
        return redirect(page_url(call, anchor="#jurys"))
    auditions = list(without_conflicts(domain.invitable_auditions(call), request.user))
    return render(
        request,
        "projects/jury/invite.html",
        {"call": call, "auditions": auditions, "back": page_url(call, anchor="#jurys")},
    )


@team_required
@require_POST
def panel_referee(request, panel_id):
    """Choose the panel's referee among its members."""
    panel = get_object_or_404(Panel.objects.select_related("call"), pk=panel_id)
    call = project_call(panel.call_id)
    form = RefereeForm(panel, request.POST)
    if form.is_valid():
        try:
            domain.set_referee(panel, form.cleaned_data["referee"], request.user)
        except JuryError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request,
                _("Référent·e du « %(panel)s » enregistré·e.") % {"panel": panel.name},
            )
    else:
        messages.error(request, " ".join(form.errors["referee"]))
    return redirect(panel_url(call, panel.pk))


@team_required
def panel_venue(request, panel_id):
    """Where a panel of the défi jury meets (address, video link); convened administrations
    get the new place."""
    panel = get_object_or_404(Panel.objects.select_related("call"), pk=panel_id)
    call = project_call(panel.call_id)
    form = PanelVenueForm(
        request.POST or None,
        initial={"location": panel.location, "video_link": panel.video_link},
    )
    if request.method == "POST" and form.is_valid():
        domain.set_panel_venue(
            panel,
            request.user,
            location=form.cleaned_data["location"],
            video_link=form.cleaned_data["video_link"],
        )
        messages.success(request, _("Lieu du « %(panel)s » enregistré.") % {"panel": panel.name})
        return redirect(panel_url(call, panel.pk))
    return render(
        request,
        "projects/jury/venue.html",
        {"call": call, "panel": panel, "form": form, "back": panel_url(call, panel.pk)},
        status=400 if request.method == "POST" else 200,
    )


@team_required
def audition_move(request, pk):
    """Move an audition to another time or panel (clashes refused with names and times)."""
    audition = team_audition(request, pk)
    call = audition.panel.call
    local = audition.starts_at.astimezone(PARIS)
    form = MoveAuditionForm(
        call,
        request.POST or None,
        initial={
            "day": local.date(),
            "time": local.time(),
            "panel": audition.panel_id,
            "location": audition.location,
            "video_link": audition.video_link,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            domain.move_audition(
                audition,
                request.user,
                starts_at=form.cleaned_data["starts_at"],
                panel=form.cleaned_data["panel"],
                location=form.cleaned_data["location"],
                video_link=form.cleaned_data["video_link"],
            )
        except JuryError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            audition.refresh_from_db()
            if audition.status == audition.Status.INVITED:
                text = _(
                    "L'audition de « %(defi)s » est modifiée : l'administration reçoit la "
                    "nouvelle convocation."
                )
            else:
                text = _("L'audition de « %(defi)s » est modifiée : envoyez la convocation.")
            messages.success(request, text % {"defi": audition.proposal.display_name})
            return redirect(panel_url(call, audition.panel_id))
    return render(
        request,
        "projects/jury/move.html",
        {
            "call": call,
            "audition": audition,
            "form": form,
            "back": panel_url(call, audition.panel_id),
        },
        status=200,
    )


@team_required
@require_POST
def audition_lock(request, pk):
    """Lock or unlock an audition (``locked=1`` or ``0``)."""
    audition = team_audition(request, pk)
    locked = request.POST.get("locked") == "1"
    domain.set_locked(audition, locked, request.user)
    if locked:
        messages.success(
            request,
            _(
                "Audition de « %(defi)s » verrouillée : une nouvelle composition garde son "
                "jury tel quel."
            )
            % {"defi": audition.proposal.display_name},
        )
    else:
        messages.success(
            request,
            _("Audition de « %(defi)s » déverrouillée.") % {"defi": audition.proposal.display_name},
        )
    return redirect(panel_url(audition.panel.call, audition.panel_id))
