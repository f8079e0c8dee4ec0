"""The follow-up pages: each défi's page for its team (/suivi/defis/<id>/) and the team's
dashboard of a running cohort (/gestion/promotions/<id>/suivi/).

Access: anonymous visitors go to the login page; signed-in users without the permission get
403; a check-in, action or milestone of another défi reached by id is a 404.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.challenges.models import Challenge
from cohorte.pagination import paginate
from cohorte.programmes.models import Cohort

from . import checkins
from . import dashboard as board
from . import figures as key_figures
from . import milestones as goals
from .forms import ActionFormSet, CheckInForm, MilestoneForm, ReadingForm
from .models import Action, CheckIn, Milestone, Weather

runs_cohort = requires("followup.run_cohort")
CHECK_INS_PER_PAGE = 12
DEFIS_PER_PAGE = 30
SORT_LABELS = {
    "titre": gettext_lazy("Titre"),
    "point": gettext_lazy("Dernier point"),
    "bulletin": gettext_lazy("Dernier bulletin"),
    "actions": gettext_lazy("Actions en retard"),
    "jalons": gettext_lazy("Jalons en retard"),
    "sessions": gettext_lazy("Sessions obligatoires manquées"),
    "meteo": gettext_lazy("Météo"),
}


def _challenge(request, challenge_id, perm):
    challenge = get_object_or_404(Challenge.objects.select_related("cohort"), pk=challenge_id)
    if not request.user.has_perm(perm, challenge):
        raise PermissionDenied
    return challenge


def _page(challenge):
    return reverse("followup:challenge", args=[challenge.pk])


@runs_cohort
def home(request):
    """The running cohorts, each leading to its dashboard."""
    cohorts = Cohort.objects.filter(status=Cohort.Status.RUNNING).order_by("-start_date", "name")
    return render(
        request, "followup/home.html", {"title": _("Suivi des défis"), "cohorts": cohorts}
    )


@runs_cohort
def cohort_dashboard(request, cohort_id):
    """Every défi of the cohort at a glance: météo, dates, overdue counts, alerts."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    now = timezone.now()
    every = board.rows(cohort, now)
    weather = request.GET.get("meteo", "")
    weather = weather if weather in Weather.values else ""
    alerts_only = request.GET.get("alertes") == "1"
    sort = request.GET.get("tri", "titre")
    sort = sort if sort.lstrip("-") in board.SORTS else "titre"
    page = paginate(request, board.shown(every, weather, alerts_only, sort), DEFIS_PER_PAGE)
    return render(
        request,
        "followup/dashboard.html",
        {
            "title": _("Suivi des défis — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "page_obj": page,
            "totals": board.totals(every),
            "count": len(every),
            "weather": weather,
            "weathers": Weather.choices,
            "alerts_only": alerts_only,
            "sort": sort,
            "sorts": [
                (key, label, f"-{key}" if sort == key else key)
                for key, label in SORT_LABELS.items()
            ],
            "filter_params": {"meteo": weather, "alertes": "1" if alerts_only else "", "tri": sort},
        },
    )


@login_required
def challenge(request, challenge_id):
    """A défi's follow-up: check-ins and their météo, open actions, milestones, figures."""
    challenge = _challenge(request, challenge_id, "followup.view_challenge")
    check_ins = paginate(
        request,
        CheckIn.objects.filter(challenge=challenge).select_related("written_by"),
        CHECK_INS_PER_PAGE,
    )
    return render(
        request,
        "followup/challenge.html",
        {
            "title": _("Suivi du défi « %(challenge)s »") % {"challenge": challenge.title},
            "challenge": challenge,
            "page_obj": check_ins,
            "actions": checkins.open_actions(challenge),
            "milestones": Milestone.objects.filter(challenge=challenge),
            "series": key_figures.history(challenge),
            "may_write": request.user.has_perm("followup.write_challenge", challenge),
            "may_publish": request.user.has_perm("followup.publish"),
            "runs_cohort": request.user.has_perm("followup.run_cohort"),
            "today": timezone.localdate(),
        },
    )


@login_required
def check_in_form(request, challenge_id, check_in_id=None):
    """Write a check-in (or edit one) with its new actions; the open actions beside it."""
    challenge = _challenge(request, challenge_id, "followup.write_challenge")
    check_in = (
        get_object_or_404(CheckIn, pk=check_in_id, challenge=challenge) if check_in_id else None
    )
    today = timezone.localdate()
    data = request.POST if request.method == "POST" else None
    form = CheckInForm(data, instance=check_in, initial=None if check_in else {"held_on": today})
    formset = ActionFormSet(data, prefix="actions", form_kwargs={"challenge": challenge})
    status = 200
    if data is not None:
        if form.is_valid() and formset.is_valid():
            values = {name: form.cleaned_data[name] for name in checkins.FIELDS}
            new_actions = [f.action for f in formset.forms if f.action]
            try:
                saved = checkins.write(
                    challenge, values, new_actions, request.user, today, check_in
                )
            except ValidationError as error:
                form.add_error("held_on", error.messages[0])
            else:
                messages.success(
                    request,
                    _("Le point d'étape est modifié.")
                    if check_in
                    else _("Le point d'étape est enregistré."),
                )
                return redirect("followup:check_in", challenge.pk, saved.pk)
        status = 400
    return render(
        request,
        "followup/check_in.html",
        {
            "title": (
                _("Point d'étape du %(date)s") % {"date": check_in.held_on.strftime("%d/%m/%Y")}
                if check_in
                else _("Nouveau point d'étape")
            ),
            "challenge": challenge,
            "check_in": check_in,
            "form": form,
            "formset": formset,
            "actions": checkins.open_actions(challenge),
            "may_write": True,
            "today": today,
        },
        status=status,
    )


@require_POST
@login_required
def action_done(request, challenge_id, action_id):
    """Mark an open action of the défi done, then back to the page it was marked from."""
    challenge = _challenge(request, challenge_id, "followup.write_challenge")
    action = get_object_or_404(Action, pk=action_id, challenge=challenge)
    try:
        checkins.mark_done(action, request.user, timezone.localdate())
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L'action « %(title)s » est faite.") % {"title": action.title})
    back = request.POST.get("retour", "")
    return redirect(back if back.startswith(_page(challenge)) else _page(challenge))


@login_required
def milestone_form(request, challenge_id, milestone_id=None):
    """Add or change a milestone of the défi."""
    challenge = _challenge(request, challenge_id, "followup.write_challenge")
    milestone = (
        get_object_or_404(Milestone, pk=milestone_id, challenge=challenge) if milestone_id else None
    )
    form = MilestoneForm(request.POST if request.method == "POST" else None, instance=milestone)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in goals.FIELDS}
            try:
                goals.save(challenge, values, request.user, timezone.localdate(), milestone)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Le jalon est enregistré."))
                return redirect(_page(challenge) + "#jalons")
        status = 400
    return render(
        request,
        "followup/milestone.html",
        {
            "title": milestone.title if milestone else _("Nouveau jalon"),
            "challenge": challenge,
            "milestone": milestone,
            "form": form,
        },
        status=status,
    )


@require_POST
@login_required
def milestone_publish(request, challenge_id, milestone_id):
    """Show a reached milestone on the défi's public page (the team)."""
    challenge = _challenge(request, challenge_id, "followup.publish")
    milestone = get_object_or_404(Milestone, pk=milestone_id, challenge=challenge)
    try:
        goals.publish(milestone, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("Le jalon est publié sur la page du défi."))
    return redirect(_page(challenge) + "#jalons")


@login_required
def figures(request, challenge_id):
    """The défi's key figures over time; its team records a reading (POST)."""
    perm = "followup.write_challenge" if request.method == "POST" else "followup.view_challenge"
    challenge = _challenge(request, challenge_id, perm)
    today = timezone.localdate()
    form = ReadingForm(
        request.POST if request.method == "POST" else None, initial={"measured_on": today}
    )
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                key_figures.record_reading(
                    challenge,
                    data["label"],
                    data["value"],
                    data["measured_on"],
                    request.user,
                    today,
                )
            except ValidationError as error:
                form.add_error("measured_on", error.messages[0])
            else:
                messages.success(request, _("La mesure est enregistrée."))
                return redirect("followup:figures", challenge.pk)
        status = 400
    return render(
        request,
        "followup/figures.html",
        {
            "title": _("Chiffres clés du défi « %(challenge)s »") % {"challenge": challenge.title},
            "challenge": challenge,
            "series": key_figures.history(challenge),
            "form": form,
            "may_write": request.user.has_perm("followup.write_challenge", challenge),
            "may_publish": request.user.has_perm("followup.publish"),
        },
        status=status,
    )


@require_POST
@login_required
def figure_publish(request, challenge_id):
    """Publish a label's latest value as the défi's key figure (the team)."""
    challenge = _challenge(request, challenge_id, "followup.publish")
    label = request.POST.get("indicateur", "")
    try:
        figure = key_figures.publish(challenge, label, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request, _("« %(label)s » est publié sur la page du défi.") % {"label": figure.label}
        )
    return redirect("followup:figures", challenge.pk)
