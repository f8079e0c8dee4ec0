"""The team's co-funding page of a cohort (/gestion/promotions/<id>/cofinancement/): the
budget, the transfer decree's stages, and the decree table computed from the contracts,
with its export.

Access: anonymous visitors go to the login page; signed-in users outside the team get 403.
"""

from decimal import Decimal

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cohorte import programme_words as words
from cohorte.calls.exports import FORMATS, download_response
from cohorte.programmes.models import Cohort
from cohorte.projects.decisions import funding_rules

from .. import cofunding, decree
from ..forms import DateInput
from .team import team_required

COLUMNS = [
    ("fellow", words.FELLOWS_HEADING),
    ("challenge", gettext_lazy("Défi")),
    ("host", gettext_lazy("Administration d'accueil")),
    ("funding_organisation", gettext_lazy("Organisation financeuse")),
    ("band", gettext_lazy("Tranche de salaire")),
    ("start", gettext_lazy("Début du contrat")),
    ("end", gettext_lazy("Fin du contrat")),
    ("left_on", gettext_lazy("Départ anticipé")),
    ("employer_cost", gettext_lazy("Coût total employeur (€)")),
    ("amount", gettext_lazy("Cofinancement (€)")),
    ("signed", gettext_lazy("Montant signé (€)")),
]


class StageForm(forms.Form):
    """The date the decree reached its next stage."""

    day = forms.DateField(label=gettext_lazy("Date de l'étape"), widget=DateInput())


def _page(request, cohort, form=None, status=200):
    current = cofunding.decree_of(cohort)
    rules = funding_rules(cohort.pk)
    lines = cofunding.lines(cohort, current, rules)
    coming = decree.next_stage(current)
    stages = [
        {"label": stage.label, "day": getattr(current, decree.date_field(stage), None)}
        for stage in decree.ORDER
    ]
    return render(
        request,
        "recruitment/cofunding.html",
        {
            "title": _("Cofinancement — %(cohort)s") % {"cohort": cohort.name},
            "cohort": cohort,
            "decree": current,
            "stages": stages,
            "coming": decree.Stage(coming).label if coming else None,
            "coming_key": coming,
            "form": form or StageForm(initial={"day": timezone.localdate()}),
            "lines": lines,
            "changed": sum(1 for line in lines if line.changed),
            "budget": cofunding.budget(cohort, lines, current, rules),
            "formats": FORMATS,
        },
        status=status,
    )


@team_required
def cohort_cofunding(request, cohort_id):
    """Budget, decree and table (GET); the decree's next stage (POST)."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if request.method != "POST":
        return _page(request, cohort)
    form = StageForm(request.POST)
    if form.is_valid():
        today, day = timezone.localdate(), form.cleaned_data["day"]
        stage = request.POST.get("stage", "")
        try:
            current = cofunding.decree_of(cohort)
            if current is None and stage == decree.Stage.DRAFTED:
                decree.start(cohort, day, request.user, today)
            elif current is None:
                raise ValidationError(_("Rédigez d'abord l'arrêté."))
            else:
                decree.advance(current, stage, day, request.user, today)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("L'arrêté est à l'étape « %(stage)s ».") % {"stage": decree.Stage(stage).label},
            )
            return redirect("recruitment:cofunding", cohort.pk)
    return _page(request, cohort, form=form, status=400)


@team_required
def cofunding_export(request, cohort_id, fmt):
    """The decree table, one row per contract then the total, as CSV, XLSX or ODS."""
    cohort = get_object_or_404(Cohort, pk=cohort_id)
    if fmt not in FORMATS:
        messages.error(request, _("Format d'export inconnu."))
        return redirect("recruitment:cofunding", cohort.pk)
    lines = cofunding.lines(cohort, cofunding.decree_of(cohort))
    rows = [
        {
            "fellow": line.contract.fellow.person.full_name,
            "challenge": line.contract.fellow.challenge.title,
            "host": getattr(line.contract.fellow.challenge.host_organisation, "name", ""),
            "funding_organisation": getattr(
                line.contract.fellow.challenge.funding_organisation, "name", ""
            ),
            "band": line.contract.salary_band.label,
            "start": line.contract.start_date,
            "end": line.contract.end_date,
            "left_on": line.contract.left_on,
            "employer_cost": line.contract.employer_cost,
            "amount": line.amount,
            "signed": line.signed,
        }
        for line in lines
    ]
    rows.append({"fellow": _("Total"), "amount": sum((line.amount for line in lines), Decimal(0))})
    columns = [(key, str(label)) for key, label in COLUMNS]
    return download_response(columns, rows, fmt, f"arrete-de-transfert-{cohort.slug}")
