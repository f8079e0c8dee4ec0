"""The host administration's recruitment pages: its fellows, and each fellow's contract,
arrival checklist and departure. The team uses the same fellow page.

Access: anonymous visitors go to the login page; a fellow page answers 404 for anything but
a fellow, 403 to whoever may not read it; only the team and the host administration's
members change it (the fellow reads their own).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte import programme_words as words
from cohorte.accounts.roles import is_team, organisation_ids
from cohorte.people.models import Role
from cohorte.programmes.models import Cohort

from .. import contracts, onboarding
from ..forms import ContractForm, DepartureForm
from ..models import Contract, OnboardingCheck


@login_required
def fellow_list(request):
    """The fellows of the défis that the user's administrations host, in running cohorts."""
    hosts = organisation_ids(request.user)
    if not hosts:
        raise PermissionDenied
    fellows = (
        Role.objects.filter(kind=Role.Kind.FELLOW, challenge__host_organisation__in=hosts)
        .exclude(cohort__status=Cohort.Status.FINISHED)
        .select_related("person", "challenge", "cohort", "contract")
        .order_by("cohort__start_date", "challenge__title", "person__full_name", "pk")
    )
    return render(
        request,
        "recruitment/fellow_list.html",
        {
            "title": _("Recrutement de vos %(fellows)s") % {"fellows": words.fellows()},
            "fellows": fellows,
        },
    )


def _fellow(request, pk) -> Role:
    fellow = get_object_or_404(
        Role.objects.select_related(
            "person__user", "challenge__host_organisation", "cohort", "profile"
        ),
        pk=pk,
        kind=Role.Kind.FELLOW,
        cohort__isnull=False,
    )
    if not request.user.has_perm("recruitment.view_contract", fellow):
        raise PermissionDenied
    return fellow


def _page(request, fellow, contract_form=None, departure_form=None, status=200):
    contract = Contract.objects.filter(fellow=fellow).select_related("salary_band").first()
    may_edit = request.user.has_perm("recruitment.record_contract", fellow)
    done = {
        check.item_id: check
        for check in OnboardingCheck.objects.filter(fellow=fellow).select_related("done_by")
    }
    steps = [(item, done.get(item.pk)) for item in fellow.cohort.onboarding_items.all()]
    if may_edit and contract_form is None:
        initial = ContractForm.initial_of(contract) if contract else {}
        contract_form = ContractForm(initial=initial, cohort=fellow.cohort)
    if may_edit and contract and not contract.left_on and departure_form is None:
        departure_form = DepartureForm()
    return render(
        request,
        "recruitment/fellow.html",
        {
            "title": fellow.person.full_name,
            "fellow": fellow,
            "contract": contract,
            "may_edit": may_edit,
            "contract_form": contract_form,
            "departure_form": departure_form,
            "steps": steps,
            "done_count": len(done),
            "team_view": is_team(request.user),
        },
        status=status,
    )


@login_required
def fellow(request, pk):
    """One fellow's recruitment: contract, checklist, departure."""
    return _page(request, _fellow(request, pk))


def _editable(request, pk) -> Role:
    fellow = _fellow(request, pk)
    if not request.user.has_perm("recruitment.record_contract", fellow):
        raise PermissionDenied
    return fellow


@login_required
@require_POST
def contract(request, pk):
    """Record or change the contract."""
    fellow = _editable(request, pk)
    form = ContractForm(request.POST, cohort=fellow.cohort)
    if form.is_valid():
        try:
            contracts.save_contract(fellow, form.terms(), request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le contrat est enregistré."))
            return redirect("recruitment:fellow", fellow.pk)
    return _page(request, fellow, contract_form=form, status=400)


@login_required
@require_POST
def checklist(request, pk):
    """Tick or untick the arrival's steps (the posted boxes are the steps done)."""
    fellow = _editable(request, pk)
    ticked = set(request.POST.getlist("done"))
    changed = 0
    today = timezone.localdate()
    with transaction.atomic():  # all the boxes of one form, or none
        for item in fellow.cohort.onboarding_items.all():
            done = str(item.pk) in ticked
            changed += onboarding.set_check(fellow, item, done, request.user, today)
    if changed:
        messages.success(request, _("Les étapes de l'arrivée sont enregistrées."))
    else:
        messages.info(request, _("Aucune étape n'a changé."))
    return redirect("recruitment:fellow", fellow.pk)


@login_required
@require_POST
def departure(request, pk):
    """Record an early departure."""
    fellow = _editable(request, pk)
    form = DepartureForm(request.POST)
    if form.is_valid():
        try:
            contracts.record_departure(
                fellow, form.cleaned_data["left_on"], form.cleaned_data["reason"], request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Le départ est enregistré."))
            return redirect("recruitment:fellow", fellow.pk)
    return _page(request, fellow, departure_form=form, status=400)
