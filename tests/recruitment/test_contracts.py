"""Recording a fellow's contract and early departure: checks against the cohort, the log,
the e-mails (issue #11, §1)."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment import contracts
from cohorte.recruitment.models import Contract
from tests.factories import FundingRulesFactory

from .conftest import END, START, actions, contract_terms

pytestmark = pytest.mark.django_db


terms = contract_terms


def test_a_first_contract_is_logged_and_told_to_the_team_and_the_fellow(recruitment):
    host = recruitment.users["host"]
    contract = contracts.save_contract(recruitment.fellow, terms(recruitment), host)
    assert (contract.employer, contract.salary_band, contract.employer_cost) == (
        "Direction générale de la santé", recruitment.junior, Decimal("68000.00"),
    )  # fmt: skip
    assert contract.updated_by == host
    assert actions(recruitment.fellow) == [("recruitment.contract_recorded", {})]
    mails = list(OutboxMessage.objects.order_by("pk"))
    assert [m.subject for m in mails] == [
        "Contrat enregistré : Camille Roux",
        "Votre contrat est enregistré",
    ]
    assert mails[1].to == ["camille@example.org"]
    assert "Données de santé" in mails[1].body
    assert f"/recrutement/eig/{recruitment.fellow.pk}/" in mails[1].body
    # Amounts are personal data: neither the log nor the team's e-mail carries them.
    assert "68" not in mails[0].body


def test_a_change_logs_the_fields_that_changed_and_an_unchanged_save_nothing(recruitment):
    host = recruitment.users["host"]
    contracts.save_contract(recruitment.fellow, terms(recruitment), host)
    OutboxMessage.objects.all().delete()
    contracts.save_contract(
        recruitment.fellow,
        terms(recruitment, salary_band=recruitment.senior, employer_cost=Decimal("75000")),
        host,
    )
    contracts.save_contract(
        recruitment.fellow,
        terms(recruitment, salary_band=recruitment.senior, employer_cost=Decimal("75000")),
        host,
    )
    assert actions(recruitment.fellow)[1:] == [
        ("recruitment.contract_changed", {"fields": ["salary_band", "employer_cost"]}),
    ]
    [mail] = OutboxMessage.objects.all()
    assert mail.subject == "Contrat modifié : Camille Roux"
    assert "tranche de salaire, coût total employeur du contrat (€)" in mail.body


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"employer": "  "}, "Indiquez l'employeur du contrat."),
        ({"kind": "stage"}, "Choisissez un type de contrat de la liste."),
        ({"end_date": START}, "La fin du contrat doit être après son début."),
        (
            {"start_date": datetime.date(2026, 12, 1)},
            "Le contrat commence avant la promotion, qui débute le 4 janvier 2027.",
        ),
        (
            {"end_date": datetime.date(2027, 12, 31)},
            "Le contrat finit après la promotion, qui s'achève le 30 novembre 2027.",
        ),
        ({"employer_cost": Decimal("0")}, "Le coût total employeur doit être un montant positif."),
        (
            {"arrival_date": datetime.date(2026, 12, 20)},
            "La date d'arrivée doit tomber pendant le contrat.",
        ),
    ],
)
def test_bad_terms_are_refused_with_their_reason_and_nothing_changes(recruitment, changes, message):
    with pytest.raises(ValidationError) as refused:
        contracts.save_contract(
            recruitment.fellow, terms(recruitment, **changes), recruitment.users["host"]
        )
    assert refused.value.messages == [message]
    assert not Contract.objects.exists()
    assert not OutboxMessage.objects.exists()
    assert actions(recruitment.fellow) == []


def test_a_salary_band_of_another_cohort_is_refused(recruitment):
    foreign = FundingRulesFactory().bands.first()
    with pytest.raises(ValidationError) as refused:
        contracts.save_contract(
            recruitment.fellow, terms(recruitment, salary_band=foreign), recruitment.users["host"]
        )
    assert refused.value.messages == [
        "Cette tranche de salaire n'est pas une tranche de la promotion."
    ]
    assert not Contract.objects.exists()


def test_a_departure_is_dated_inside_the_contract_logged_and_told(recruitment):
    host = recruitment.users["host"]
    with pytest.raises(ValidationError) as refused:
        contracts.record_departure(recruitment.fellow, START, "Mutation", host)
    assert refused.value.messages == [
        "Saisissez d'abord le contrat : le départ se date dans le contrat."
    ]
    contracts.save_contract(recruitment.fellow, terms(recruitment), host)
    OutboxMessage.objects.all().delete()
    for day, reason, message in [
        (datetime.date(2027, 6, 1), "  ", "Indiquez le motif du départ."),
        (
            datetime.date(2027, 10, 31),
            "Mutation",
            "Le départ doit tomber pendant le contrat (du 4 janvier 2027 au 31 octobre 2027).",
        ),
        (datetime.date(2027, 6, 1), "x" * 2001, "Le motif dépasse 2000 caractères."),
    ]:
        with pytest.raises(ValidationError) as refused:
            contracts.record_departure(recruitment.fellow, day, reason, host)
        assert refused.value.messages == [message]
    assert Contract.objects.get().left_on is None
    assert not OutboxMessage.objects.exists()

    contracts.record_departure(recruitment.fellow, datetime.date(2027, 6, 1), "Mutation", host)
    contract = Contract.objects.get()
    assert (contract.left_on, contract.left_reason) == (datetime.date(2027, 6, 1), "Mutation")
    assert actions(recruitment.fellow)[-1] == (
        "recruitment.departure_recorded", {"left_on": "2027-06-01"},
    )  # fmt: skip
    [mail] = OutboxMessage.objects.all()
    assert mail.subject == "Départ anticipé : Camille Roux"
    assert "1 juin 2027" in mail.body
    with pytest.raises(ValidationError) as refused:
        contracts.record_departure(recruitment.fellow, datetime.date(2027, 7, 1), "Bis", host)
    assert refused.value.messages == ["Ce départ est déjà enregistré."]


def test_a_contract_cannot_end_before_it_starts_even_past_the_checks(recruitment):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Contract.objects.create(
            fellow=recruitment.fellow, employer="X", kind="project", start_date=END,
            end_date=START, salary_band=recruitment.junior, employer_cost=1,
        )  # fmt: skip
