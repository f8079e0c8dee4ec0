"""Recording a fellow's contract, arrival and early departure (host administration or team).

Each change is checked against the cohort (its dates, its salary bands), written to the
activity log with the names of the fields that changed (never the amounts: they are
personal data), and told by e-mail: the team on every change, the fellow when the contract
is first recorded and when a departure is recorded.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from cohorte.audit.domain import record
from cohorte.notifications.domain import queue_email
from cohorte.people.models import Role

from .models import Contract
from .notify import checked_reason, fellow_values, tell_team

FIELDS = (
    "employer",
    "kind",
    "start_date",
    "end_date",
    "salary_band",
    "employer_cost",
    "arrival_date",
)


@dataclass(frozen=True)
class Terms:
    """What the administration types about a contract."""

    employer: str
    kind: str
    start_date: date
    end_date: date
    salary_band: object  # projects.SalaryBand
    employer_cost: Decimal
    arrival_date: date | None = None


def _day(value: date) -> str:
    return date_format(value, "j F Y")


def check_terms(fellow: Role, terms: Terms) -> None:
    """Refuse terms that contradict themselves or the cohort (dates, salary bands)."""
    cohort = fellow.cohort
    if not terms.employer.strip():
        raise ValidationError(_("Indiquez l'employeur du contrat."))
    if terms.kind not in Contract.Kind.values:
        raise ValidationError(_("Choisissez un type de contrat de la liste."))
    if terms.end_date <= terms.start_date:
        raise ValidationError(_("La fin du contrat doit être après son début."))
    if cohort.start_date and terms.start_date < cohort.start_date:
        raise ValidationError(
            _("Le contrat commence avant la promotion, qui débute le %(day)s.")
            % {"day": _day(cohort.start_date)}
        )
    if cohort.end_date and terms.end_date > cohort.end_date:
        raise ValidationError(
            _("Le contrat finit après la promotion, qui s'achève le %(day)s.")
            % {"day": _day(cohort.end_date)}
        )
    if terms.salary_band is None or terms.salary_band.rules.cohort_id != cohort.pk:
        raise ValidationError(_("Cette tranche de salaire n'est pas une tranche de la promotion."))
    if terms.employer_cost is None or terms.employer_cost <= 0:
        raise ValidationError(_("Le coût total employeur doit être un montant positif."))
    if terms.arrival_date and not terms.start_date <= terms.arrival_date < terms.end_date:
        raise ValidationError(_("La date d'arrivée doit tomber pendant le contrat."))


@transaction.atomic
def save_contract(fellow: Role, terms: Terms, actor) -> Contract:
    """Record or change the fellow's contract; the log keeps which fields changed."""
    fellow = Role.objects.select_for_update(of=("self",)).get(pk=fellow.pk)
    check_terms(fellow, terms)
    contract = Contract.objects.filter(fellow=fellow).first()
    created = contract is None
    contract = contract or Contract(fellow=fellow)
    changed = [name for name in FIELDS if getattr(contract, name, None) != getattr(terms, name)]
    if not created and not changed:
        return contract
    for name in FIELDS:
        setattr(contract, name, getattr(terms, name))
    contract.employer = terms.employer.strip()
    contract.updated_by = actor
    contract.save()
    values = fellow_values(fellow)
    if created:
        record("recruitment.contract_recorded", fellow, actor)
        tell_team(
            _("Contrat enregistré : %(name)s") % values,
            _(
                "L'administration d'accueil a enregistré le contrat de %(name)s (défi "
                "« %(challenge)s »).\n\nVoir le recrutement : %(link)s"
            )
            % values,
        )
        if fellow.person.user_id and fellow.person.user.email:
            queue_email(
                [fellow.person.user.email],
                _("Votre contrat est enregistré"),
                _(
                    "Bonjour,\n\nVotre administration d'accueil a enregistré votre contrat pour "
                    "le défi « %(challenge)s ». Vous pouvez le consulter, ainsi que les étapes "
                    "de votre arrivée : %(link)s\n\nL'équipe du programme"
                )
                % values,
            )
    else:
        record("recruitment.contract_changed", fellow, actor, fields=changed)
        tell_team(
            _("Contrat modifié : %(name)s") % values,
            _(
                "Le contrat de %(name)s (défi « %(challenge)s ») a changé : %(fields)s.\n\n"
                "Voir le recrutement : %(link)s"
            )
            % dict(values, fields=", ".join(str(Contract._meta.get_field(f).verbose_name)
                                            for f in changed)),
        )  # fmt: skip
    return contract


@transaction.atomic
def record_departure(fellow: Role, left_on: date, reason: str, actor) -> Contract:
    """Record that the fellow leaves before the end of the contract, with the reason."""
    fellow = Role.objects.select_for_update(of=("self",)).get(pk=fellow.pk)
    contract = Contract.objects.filter(fellow=fellow).first()
    if contract is None:
        raise ValidationError(
            _("Saisissez d'abord le contrat : le départ se date dans le contrat.")
        )
    if contract.left_on is not None:
        raise ValidationError(_("Ce départ est déjà enregistré."))
    reason = checked_reason(reason, _("Indiquez le motif du départ."))
    if not contract.start_date <= left_on < contract.end_date:
        raise ValidationError(
            _("Le départ doit tomber pendant le contrat (du %(start)s au %(end)s).")
            % {"start": _day(contract.start_date), "end": _day(contract.end_date)}
        )
    contract.left_on, contract.left_reason, contract.updated_by = left_on, reason, actor
    contract.save(update_fields=["left_on", "left_reason", "updated_by", "updated_at"])
    record("recruitment.departure_recorded", fellow, actor, left_on=left_on.isoformat())
    values = dict(fellow_values(fellow), day=_day(left_on))
    tell_team(
        _("Départ anticipé : %(name)s") % values,
        _(
            "%(name)s quitte le défi « %(challenge)s » le %(day)s, avant la fin du contrat.\n\n"
            "Voir le recrutement : %(link)s"
        )
        % values,
    )
    return contract
