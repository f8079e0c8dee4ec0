"""The team's recruitment pages (/gestion/promotions/): cohorts, each cohort's fellows at a
glance with reminders to the administrations, and the cohort's onboarding checklist.

Access: anonymous visitors go to the login page; signed-in users outside the team get 403.
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte import programme_words as words
from cohorte.accounts.decorators import requires
from cohorte.challenges.models import Challenge
from cohorte.pagination import paginate
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort
from cohorte.search import matching

from .. import onboarding, overview, reminders, seats
from ..forms import ItemForm, VacantSeatForm
from ..models import OnboardingItem, VacantSeat

team_required = requires("recruitment.follow_cohort")
PER_PAGE = 50
STATE_LABELS = {
    "": _("Tous"),
    "a-saisir": _("Contrat à saisir"),
    "en-cours": _("Arrivée en cours"),
    "prets": _("Prêts"),
    "en-retard": _("En retard"),
    "partis": _("Partis"),
}


@team_required
def cohorts(request):
    """Every cohort with its number of fellows."""
    rows = Cohort.objects.annotate(
        fellows=Count("roles", filter=Q(roles__kind=Role.Kind.FELLOW))
    ).select_related("programme")
    return render(request, "recruitment/cohorts.html", {"title": _("Promotions"), "cohorts": rows})


@team_required
def cohort(request, cohort_id):
    """The cohort's fellows at a glance: state, filters, search, pages; reminders (POST)."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if request.method == "POST":
        return _remind(request, cohort)
    return _cohort_page(request, cohort)


def _cohort_page(request, cohort, vacant_form=None, status=200):
    # The list reads its filters from the query string, also under a refused POST.
    items = cohort.onboarding_items.count()
    rules = overview.conditions(cohort, items, timezone.localdate())
    everyone = overview.fellows(cohort)
    state = request.GET.get("etat", "")
    state = state if state in overview.STATES else ""
    shown = everyone.filter(rules[overview.STATES[state]]) if state else everyone
    challenge_id = request.GET.get("defi", "")
    if challenge_id.isdigit():
        shown = shown.filter(challenge_id=int(challenge_id))
    query = request.GET.get("q", "").strip()[:200]
    if query:
        shown = matching(shown, query, fields=("person__search_text",))
    shown = shown.order_by("challenge__title", "person__full_name", "pk")
    page = paginate(request, shown, PER_PAGE)
    for row in page.object_list:
        row.state = overview.state_of(row, items)
    totals = overview.counts(everyone, rules)
    return render(
        request,
        "recruitment/cohort.html",
        {
            "title": _("Recrutement — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "page_obj": page,
            "items": items,
            "totals": totals,
            "states": [
                (key, label, totals[overview.STATES[key]] if key else totals["all"])
                for key, label in STATE_LABELS.items()
            ],
            "state": state,
            "query": query,
            "challenge_id": challenge_id,
            "challenges": Challenge.objects.filter(cohort=cohort).order_by("title"),
            "filter_params": {"etat": state, "defi": challenge_id, "q": query},
            "seats": seats.of_cohort(cohort),
            "vacant": VacantSeat.objects.filter(challenge__cohort=cohort).select_related(
                "challenge"
            ),
            "vacant_form": vacant_form
            or VacantSeatForm(cohort=cohort, initial={"day": timezone.localdate()}),
        },
        status=status,
    )


def _remind(request, cohort):
    chosen = [value for value in request.POST.getlist("fellow") if value.isdigit()]
    try:
        outcome = reminders.remind(cohort, [int(value) for value in chosen], request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("%(admins)s administration(s) relancée(s) pour %(fellows)s %(word)s.")
            % {
                "admins": outcome["administrations"],
                "fellows": outcome["fellows"],
                "word": words.fellows_for(outcome["fellows"]),
            },
        )
        if outcome["unreached"]:
            messages.warning(
                request,
                _("Sans compte sur Cohorte, donc non relancée(s) : %(names)s.")
                % {"names": ", ".join(outcome["unreached"])},
            )
    return redirect(reverse("recruitment:cohort", args=[cohort.pk]) + _query(request))


def _query(request) -> str:
    back = request.POST.get("retour", "")
    # Only our own query strings go back into the redirect.
    return back if back.startswith("?") and "\n" not in back and "\r" not in back else ""


@team_required
@require_POST
def vacant_seat(request, cohort_id):
    """Record a seat of one of the cohort's défis that will stay empty."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = VacantSeatForm(request.POST, cohort=cohort)
    if form.is_valid():
        try:
            seats.record_vacant(
                form.cleaned_data["challenge"], form.cleaned_data["day"],
                form.cleaned_data["reason"], request.user, timezone.localdate(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("La place non pourvue est enregistrée."))
            return redirect(reverse("recruitment:cohort", args=[cohort.pk]) + "#places")
    return _cohort_page(request, cohort, vacant_form=form, status=400)


@team_required
def items(request, cohort_id):
    """The cohort's onboarding checklist: its steps, add one or the usual ones."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    form = ItemForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("action") == "defaults":
            try:
                added = onboarding.add_default_items(cohort, request.user)
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(request, _("%(count)s étapes ajoutées.") % {"count": added})
            return redirect("recruitment:items", cohort.pk)
        if form.is_valid():
            try:
                onboarding.add_item(cohort, form.cleaned_data["label"], request.user)
            except ValidationError as error:
                form.add_error("label", error)
            else:
                messages.success(request, _("L'étape est ajoutée."))
                return redirect("recruitment:items", cohort.pk)
    steps = cohort.onboarding_items.annotate(ticked=Count("checks"))
    return render(
        request,
        "recruitment/items.html",
        {
            "title": _("Étapes de l'arrivée — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "steps": steps,
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@team_required
@require_POST
def item_remove(request, cohort_id, item_id):
    """Remove a step nobody ticked."""
    item = get_object_or_404(OnboardingItem, pk=item_id, cohort_id=cohort_id)
    try:
        onboarding.remove_item(item, request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("L'étape « %(label)s » est retirée.") % {"label": item.label})
    return redirect("recruitment:items", cohort_id)
