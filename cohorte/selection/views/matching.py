"""The matching page of a call: inputs, runs, the team's constraints, staging decisions.

Team only (``calls.manage_applications``): anonymous visitors go to the login page, other
signed-in users get 403. The call is chosen with ``?appel=<slug>`` (the most recent call
by default) and a past run with ``&calcul=<pk>`` (the latest run by default). Every form
works without JavaScript; a refused action changes nothing and says why.

The page costs the same whatever the size of the call: the next run's inputs are counted
in the database (``matching_summary``), the run's result is read from its rows
(``MatchingPlacement``), 50 per page, filtered by ``&defi=``, ``&profil=``, ``&etat=``
(place, imposee, sans-place) and ``&q=`` (name), with its figures counted over the whole run.
"""

from django import forms
from django.contrib import messages
from django.db.models import F, prefetch_related_objects
from django.db.models.fields.json import KT
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.calls import guards
from cohorte.calls.models import Application, Call
from cohorte.challenges.models import Challenge, Expertise
from cohorte.pagination import paginate
from cohorte.params import int_param
from cohorte.reviews.exclusions import excluded_ids, only_conflicts, without_conflicts
from cohorte.search import matching as search_matching

from .. import decisions as decision_domain
from .. import matching_runs as domain
from ..core.matching import BREAK, MAX_SIZE, OPTIMAL, STABLE
from ..matching_results import RunResult, of_application, parse_pair_value
from ..matching_runs import seat_warnings
from ..matching_summary import matching_summary
from ..models import MatchingPlacement, PairConstraint, SolverRun
from .access import application_calls, chosen_call, team_required

PAST_RUNS = 20
RESULTS_PER_PAGE = 50


def _back(call, anchor="", run=None) -> str:
    query = f"?appel={call.slug}"
    if run is not None:
        query += f"&calcul={run.pk}"
    return f"{reverse('selection:matching')}{query}{anchor}"


# Forms ----------------------------------------------------------------------------------


class RunForm(forms.Form):
    """The parameters of a run."""

    mode = forms.ChoiceField(
        label=gettext_lazy("Mode"),
        choices=[
            (
                STABLE,
                gettext_lazy(
                    "Stable (recommandé) : aucun candidat et aucun jury ne préféreraient "
                    "s’entendre en dehors de la répartition"
                ),
            ),
            (
                OPTIMAL,
                gettext_lazy(
                    "Optimal : d’abord le plus de places pourvues, puis les meilleurs choix "
                    "des candidats et rangs des jurys (la stabilité reste exigée)"
                ),
            ),
        ],
        initial=STABLE,
        widget=forms.RadioSelect,
    )
    ties = forms.ChoiceField(
        label=gettext_lazy("Ex aequo des jurys"),
        choices=[
            (MAX_SIZE, gettext_lazy("Pourvoir le plus de places possible (recommandé)")),
            (
                BREAK,
                gettext_lazy(
                    "Départager par l’ordre des candidatures (rapide, nombre de places "
                    "pourvues non garanti maximal)"
                ),
            ),
        ],
        initial=MAX_SIZE,
        widget=forms.RadioSelect,
        help_text=gettext_lazy("Sans effet en mode optimal."),
    )
    time_limit = forms.IntegerField(
        label=gettext_lazy("Limite de temps (secondes)"),
        min_value=1,
        max_value=domain.MAX_TIME_LIMIT,
        initial=10,
        help_text=gettext_lazy(
            "Au-delà, le meilleur résultat trouvé est gardé, signalé « non prouvé optimal »."
        ),
    )


class SeatsForm(forms.Form):
    """Seats per profile of each défi of the call (blank: no seats per profile)."""

    def __init__(self, *args, challenges=(), call_profiles=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.groups = []
        for challenge in challenges:
            current = {s.profile_id: s.count for s in challenge.seat_allocations.all()}
            profiles = {p.pk: p for p in call_profiles}
            profiles.update({e.pk: e for e in challenge.expertises.all()})
            names = []
            for profile in sorted(profiles.values(), key=lambda p: (p.name, p.pk)):
                name = f"places-{challenge.pk}-{profile.pk}"
                self.fields[name] = forms.IntegerField(
                    label=profile.name,
                    required=False,
                    min_value=0,
                    max_value=99,
                    initial=current.get(profile.pk),
                )
                names.append((name, profile.pk))
            self.groups.append({"challenge": challenge, "names": names})

    def clean(self):
        data = super().clean()
        for group in self.groups:
            challenge = group["challenge"]
            total = sum(data.get(name) or 0 for name, _pk in group["names"])
            if total > challenge.seats:
                self.add_error(
                    None,
                    _(
                        "« %(challenge)s » compte %(seats)d place(s) : la répartition par "
                        "profil (%(total)d) ne peut pas la dépasser."
                    )
                    % {"challenge": challenge.title, "seats": challenge.seats, "total": total},
                )
        return data

    def fieldsets(self):
        """Per défi: the défi and its inputs (name, id, label, value, errors), for the template.

        Plain values rather than bound fields: some 200 widgets rendered one by one through
        the form renderer were a third of the page's time at the size of a national call."""
        errors = self.errors if self.is_bound else {}
        return [
            {
                "challenge": g["challenge"],
                "inputs": [self._input(name, errors.get(name, ())) for name, _pk in g["names"]],
            }
            for g in self.groups
        ]

    def _input(self, name, errors) -> dict:
        """One seats input as the template writes it (the value as typed when sent back)."""
        field = self.fields[name]
        value = self.data.get(name) if self.is_bound else field.initial
        return {
            "name": name,
            "id": self.auto_id % name,
            "label": field.label,
            "value": "" if value is None else str(value),
            "errors": errors,
        }

    def counts(self, group) -> dict[int, int | None]:
        return {pk: self.cleaned_data.get(name) for name, pk in group["names"]}


# The page -------------------------------------------------------------------------------


def _runs(call):
    return (
        SolverRun.objects.filter(call=call, kind=SolverRun.Kind.MATCHING)
        .select_related("created_by")
        .defer("instance", "solution")
        .annotate(size=KT("solution__size"))
    )


def _shown_run(request, call) -> SolverRun | None:
    wanted = request.GET.get("calcul")
    runs = SolverRun.objects.filter(call=call, kind=SolverRun.Kind.MATCHING)
    if wanted:
        if not wanted.isdigit():
            raise Http404
        runs = runs.filter(pk=wanted)
    # The run's JSON grows with the call: the page reads its rows and a few keys instead.
    run = runs.select_related("created_by").defer("instance", "solution").first()
    if wanted and run is None:
        raise Http404
    if run is not None:
        run.call = call  # the call already read, with what the page prefetched on it
    return run


def _constraints(call, user) -> list[PairConstraint]:
    return list(
        without_conflicts(PairConstraint.objects.filter(call=call), user)
        .select_related("application__candidate", "challenge", "profile", "created_by")
        .order_by("application__last_name", "application__first_name", "pk")
    )


STATES = {
    "place": [MatchingPlacement.Status.MATCHED, MatchingPlacement.Status.LOCKED],
    "imposee": [MatchingPlacement.Status.LOCKED],
    "sans-place": [MatchingPlacement.Status.UNMATCHED],
}


def _profiles(call, challenges) -> dict:
    """The call's profiles and its défis' expertises, by pk."""
    profiles = {p.pk: p for p in call.profiles.all()}
    for challenge in challenges:
        profiles.update({e.pk: e for e in challenge.expertises.all()})
    return profiles


def _result_page(request, call, run, result, summary) -> dict:
    """The page of the run's rows the filters (défi, profile, state, name) ask for."""
    query = request.GET
    placements = result.placements()
    chosen = {
        "defi": int_param(query.get("defi")),
        "profil": int_param(query.get("profil")),
        "etat": query.get("etat") if query.get("etat") in STATES else "",
        "q": (query.get("q") or "").strip()[:100],
    }
    if chosen["defi"]:
        placements = placements.filter(challenge_id=chosen["defi"])
    if chosen["profil"]:
        placements = placements.filter(profile_id=chosen["profil"])
    if chosen["etat"]:
        placements = placements.filter(status__in=STATES[chosen["etat"]])
    if chosen["q"]:
        placements = search_matching(
            placements.annotate(application_text=of_application(F("search_text"))),
            chosen["q"],
            ("application_text",),
        )
    # Unfiltered, the list is every row the reader sees, counted once for the page.
    count = None if any(chosen.values()) else result.visible_count
    page = paginate(request, placements, RESULTS_PER_PAGE, count=count)
    params = {"appel": call.slug}
    if request.GET.get("calcul"):
        params["calcul"] = run.pk
    params.update({key: value for key, value in chosen.items() if value})
    profiles = _profiles(call, summary.challenges)
    return {
        "page_obj": page,
        "rows": result.rows(page.object_list),
        "filters": chosen,
        "filtered": any(chosen.values()),
        "filter_params": params,
        "filter_challenges": summary.challenges,
        "filter_profiles": sorted(profiles.values(), key=lambda p: (p.name, p.pk)),
    }


def _context(request, call, calls, run, run_form=None, seats_form=None) -> dict:
    user = request.user
    # Read once: the seats form, the filters and the profile questions list them.
    prefetch_related_objects([call], "profiles")
    # The next run's inputs are counted in the database: the page never builds the instance.
    summary = matching_summary(call)
    constraints = _constraints(call, user)
    # The seats, counts and runs cover the whole call; names and lines of the applications
    # the user is kept away from are left out.
    hidden = excluded_ids(call.applications.all(), user)
    runs = list(_runs(call)[:PAST_RUNS])
    latest = runs[0] if runs else None
    if run_form is None:
        initial = dict(latest.parameters) if latest else {}
        if "time_limit" in initial:
            initial["time_limit"] = int(initial["time_limit"])
        run_form = RunForm(initial=initial)
    if seats_form is None:
        seats_form = SeatsForm(challenges=summary.challenges, call_profiles=call.profiles.all())
    result = (
        RunResult(
            run,
            constraints,
            hidden,
            challenges=summary.challenges,
            profiles=_profiles(call, summary.challenges).values(),
        )
        if run is not None
        else None
    )
    return {
        "call": call,
        "calls": calls,
        "summary": summary,
        "warnings": summary.warnings_hiding(hidden) + seat_warnings(summary.challenges),
        "hidden": result.hidden_count
        if result
        else only_conflicts(domain.candidate_applications(call), user).count(),
        "constraints": constraints,
        "run_form": run_form,
        "seats_form": seats_form,
        "run": run,
        "result": result,
        "runs": runs,
        "is_latest": run is not None and latest is not None and run.pk == latest.pk,
        "profile_questions": [
            q
            for q in (domain.profile_questions(run, summary.challenges) if run is not None else [])
            if q.application.pk not in hidden
        ],
        "precondition": guards.precondition(guards.DECISIONS, guards.decision_missing(call), user),
        **(_result_page(request, call, run, result, summary) if result else {}),
    }


@team_required
def matching(request):
    """The matching page of a call (see the module docstring)."""
    call, calls = chosen_call(request)
    if call is None:
        return render(request, "selection/matching.html", {"call": None, "calls": calls})
    run = _shown_run(request, call)
    return render(request, "selection/matching.html", _context(request, call, calls, run))


def _team_call(slug) -> Call:
    return get_object_or_404(application_calls(), slug=slug)


@require_POST
@team_required
def run(request, slug):
    """Run the matching of the call with the chosen parameters."""
    call = _team_call(slug)
    form = RunForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            new = domain.run_matching(
                call, request.user, data["mode"], data["ties"], data["time_limit"]
            )
        except domain.MatchingError as error:
            messages.error(request, str(error))
            return redirect(_back(call))
        messages.success(
            request,
            _("Appariement calculé : %(size)d candidat·e(s) placé·e(s).")
            % {"size": new.solution.get("size", 0)},
        )
        return redirect(_back(call, "#resultat", new))
    shown = _shown_run(request, call)
    context = _context(request, call, list(application_calls()), shown, run_form=form)
    return render(request, "selection/matching.html", context, status=400)


@require_POST
@team_required
def constraint_set(request, slug):
    """Lock (impose) or forbid a pair for the next runs."""
    call = _team_call(slug)
    pk = request.POST.get("candidature", "")
    application = (
        Application.objects.filter(pk=pk).select_related("candidate").first()
        if pk.isdigit()
        else None
    )
    pair = parse_pair_value(request.POST.get("place", ""))
    kind = request.POST.get("kind", "")
    back = request.POST.get("calcul", "")
    shown = SolverRun(pk=int_param(back)) if int_param(back) else None
    try:
        if application is None:
            raise domain.MatchingError(_("Cette candidature n'existe pas : rien n'a changé."))
        if pair is None:
            raise domain.MatchingError(_("Choisissez une place : rien n'a changé."))
        challenge = Challenge.objects.filter(pk=pair[0]).first()
        profile = Expertise.objects.filter(pk=pair[1]).first() if pair[1] else None
        if challenge is None or (pair[1] and profile is None):
            raise domain.MatchingError(_("Cette place n'existe pas : rien n'a changé."))
        domain.set_constraint(call, application, challenge, profile, kind, request.user)
    except domain.MatchingError as error:
        messages.error(request, str(error))
    else:
        label = _("imposée") if kind == PairConstraint.Kind.LOCK else _("interdite")
        messages.success(
            request,
            _("Place %(kind)s pour %(name)s : elle compte au prochain calcul.")
            % {"kind": label, "name": application.display_name},
        )
    return redirect(_back(call, "#contraintes", shown))


@require_POST
@team_required
def constraint_clear(request, slug, pk):
    """Remove a lock or a forbidden pair."""
    call = _team_call(slug)
    try:
        domain.clear_constraint(call, pk, request.user)
    except domain.MatchingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("Contrainte retirée : elle ne compte plus au prochain calcul."))
    return redirect(_back(call, "#contraintes"))


@require_POST
@team_required
def seats(request, slug):
    """Set the seats per profile of the call's défis."""
    call = _team_call(slug)
    inputs_challenges = domain.call_challenges(call)
    form = SeatsForm(request.POST, challenges=inputs_challenges, call_profiles=call.profiles.all())
    if form.is_valid():
        changed = 0
        try:
            for group in form.groups:
                changed += domain.set_seats(
                    call, group["challenge"], form.counts(group), request.user
                )
        except domain.MatchingError as error:  # pragma: no cover - the form checks the same
            messages.error(request, str(error))
            return redirect(_back(call, "#places"))
        messages.success(
            request,
            _("Places par profil enregistrées (%(n)d défi(s) modifié(s)).") % {"n": changed},
        )
        return redirect(_back(call, "#places"))
    context = _context(
        request, call, list(application_calls()), _shown_run(request, call), seats_form=form
    )
    return render(request, "selection/matching.html", context, status=400)


@require_POST
@team_required
def stage(request, pk):
    """Turn a run into staged decisions, after the team confirmed it."""
    solver_run = get_object_or_404(
        SolverRun.objects.select_related("call").filter(kind=SolverRun.Kind.MATCHING), pk=pk
    )
    call = solver_run.call
    if request.POST.get("confirmer") != "oui":
        messages.error(
            request,
            _("Cochez la case de confirmation pour préparer les décisions : rien n'a changé."),
        )
        return redirect(_back(call, "#preparer", solver_run))
    try:
        profiles = {
            int(key.removeprefix("profil-")): int_param(value)
            for key, value in request.POST.items()
            if key.startswith("profil-") and key.removeprefix("profil-").isdigit()
        }
        report = domain.stage_from_run(
            solver_run, request.user, profiles, request.POST.get("exception")
        )
    except (domain.MatchingError, decision_domain.DecisionError) as error:
        messages.error(request, str(error))
        return redirect(_back(call, "#preparer", solver_run))
    counts = report.counts
    messages.success(
        request,
        _(
            "%(staged)d décision(s) préparée(s) : %(selected)d retenu·e(s), %(waiting)d en liste "
            "d’attente, %(not_selected)d non retenu·e(s) ; %(unchanged)d inchangée(s). "
            "La direction du programme les valide ensuite."
        )
        % {
            "staged": len(report.staged),
            "selected": counts["selected"],
            "waiting": counts["waiting_list"],
            "not_selected": counts["not_selected"],
            "unchanged": report.unchanged,
        },
    )
    return redirect(f"{reverse('selection:decisions')}?appel={call.slug}")
