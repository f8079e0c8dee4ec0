"""The alumni pages: a fellow's path and consents (/mon-espace/parcours/), the team's list
(/gestion/alumni/), the members' directory (/communaute/alumni/) and the public
"Que sont-ils devenus ?" (/que-sont-ils-devenus/).

Access: anonymous visitors go to the login page (the public page excepted); signed-in users
without the permission get 403; a person who is no fellow, reached by id, is a 404.
"""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte.accounts.decorators import requires
from cohorte.pagination import paginate
from cohorte.people.models import Person
from cohorte.public.caching import cache_public_page

from . import domain, queries
from .forms import ConsentForm, ListFilterForm, StepForm, active_cohorts
from .rules import fellow_person

PER_PAGE = 30
PUBLIC_PER_PAGE = 48
SORT_LABELS = {
    "nom": gettext_lazy("Nom"),
    "promotion": gettext_lazy("Promotion"),
    "situation": gettext_lazy("Situation actuelle"),
    "depuis": gettext_lazy("Depuis le"),
}


def _save_step(request, person, form):
    """Validate and record a step from ``form``; True when recorded (errors land on the form)."""
    if not form.is_valid():
        return False
    values = {name: form.cleaned_data[name] for name in domain.STEP_FIELDS}
    try:
        domain.add_step(person, values, request.user, timezone.localdate())
    except ValidationError as error:
        form.add_error("since", error.messages[0])
        return False
    return True


@requires("alumni.edit_own_path")
def mine(request):
    """The fellow's path after the programme and what they share of it."""
    person = fellow_person(request.user)
    step_form = StepForm(prefix="etape")
    consent_form = ConsentForm(instance=domain.profile_of(person), prefix="partage")
    status = 200
    if request.method == "POST":
        if request.POST.get("formulaire") == "partage":
            consent_form = ConsentForm(request.POST, prefix="partage")
            if consent_form.is_valid():
                values = {name: consent_form.cleaned_data[name] for name in domain.CONSENT_FIELDS}
                changed = domain.set_consents(person, values, request.user)
                messages.success(
                    request,
                    _("Vos choix de partage sont enregistrés.")
                    if changed
                    else _("Vos choix de partage n'ont pas changé."),
                )
                return redirect(reverse("alumni:mine") + "#partage")
        else:
            step_form = StepForm(request.POST, prefix="etape")
            if _save_step(request, person, step_form):
                messages.success(request, _("L'étape est ajoutée à votre parcours."))
                return redirect(reverse("alumni:mine") + "#parcours")
        status = 400
    return render(
        request,
        "alumni/mine.html",
        {
            "title": _("Mon parcours après le programme"),
            "person": person,
            "steps": person.career_steps.select_related("recorded_by"),
            "roles": queries.with_current(Person.objects.filter(pk=person.pk)).get().fellow_roles,
            "step_form": step_form,
            "consent_form": consent_form,
            "profile": domain.profile_of(person),
        },
        status=status,
    )


@requires("alumni.manage")
def team_list(request):
    """Fellows of finished cohorts and their current situation, filtered and sorted."""
    cohorts = active_cohorts(finished_only=True)
    form = ListFilterForm(request.GET, cohorts=cohorts)
    filters = form.values()
    sort = request.GET.get("tri", "nom")
    sort = sort if sort.lstrip("-") in queries.SORTS else "nom"
    page = paginate(request, queries.team_list(filters, sort), PER_PAGE)
    return render(
        request,
        "alumni/team_list.html",
        {
            "title": _("Parcours des alumni"),
            "form": form,
            "page_obj": page,
            "sort": sort,
            "sorts": [
                (key, label, "?" + urlencode({**filters, "tri": f"-{key}" if sort == key else key}))
                for key, label in SORT_LABELS.items()
            ],
            "filter_params": {**filters, "tri": sort},
            "is_filtered": bool(filters),
        },
    )


@requires("alumni.manage")
def team_fellow(request, person_id):
    """One fellow's path; the team adds a step for them (the fellow is told by e-mail)."""
    person = get_object_or_404(
        queries.with_current(Person.objects.filter(pk__in=queries.fellow_ids())), pk=person_id
    )
    form = StepForm(request.POST if request.method == "POST" else None, prefix="etape")
    status = 200
    if request.method == "POST":
        if _save_step(request, person, form):
            messages.success(
                request,
                _("L'étape est ajoutée au parcours de %(name)s.") % {"name": person.full_name},
            )
            return redirect("alumni:team_fellow", person.pk)
        status = 400
    return render(
        request,
        "alumni/team_fellow.html",
        {
            "title": _("Parcours de %(name)s") % {"name": person.full_name},
            "person": person,
            "steps": person.career_steps.select_related("recorded_by"),
            "profile": domain.profile_of(person),
            "step_form": form,
        },
        status=status,
    )


@requires("alumni.view_directory")
def directory(request):
    """The alumni who chose to appear here, for the programme's members."""
    form = ListFilterForm(request.GET, cohorts=active_cohorts())
    filters = form.values()
    page = paginate(request, queries.directory(filters), PER_PAGE)
    return render(
        request,
        "alumni/directory.html",
        {
            "title": _("Annuaire des alumni"),
            "form": form,
            "page_obj": page,
            "filter_params": filters,
            "is_filtered": bool(filters),
        },
    )


@cache_public_page(params=("page",))
def public_page(request):
    """Where fellows went after the programme, from those who agreed to show it."""
    people = queries.public_people()
    counts = queries.public_counts(people)
    page = paginate(request, people, PUBLIC_PER_PAGE, count=sum(n for _label, n in counts))
    return render(
        request,
        "alumni/public.html",
        {"counts": counts, "page_obj": page, "filter_params": {}},
    )
