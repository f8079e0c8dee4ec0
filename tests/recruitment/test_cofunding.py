"""The co-funding computed from the contracts, the budget and the transfer decree's stages
(issue #11, §1)."""

import datetime
import html
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment import cofunding, contracts, decree
from cohorte.recruitment.models import TransferDecree

from .conftest import actions, contract_terms

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)


@pytest.fixture
def recorded(recruitment):
    host = recruitment.users["host"]
    contracts.save_contract(recruitment.fellow, contract_terms(recruitment), host)
    contracts.save_contract(
        recruitment.second,
        contract_terms(recruitment, salary_band=recruitment.senior, employer_cost=Decimal(71000)),
        host,
    )
    OutboxMessage.objects.all().delete()
    return recruitment


def amounts(cohort):
    return [
        (line.contract.fellow.person.full_name, line.amount) for line in cofunding.lines(cohort)
    ]


def test_three_months_of_a_ten_month_contract_per_fellow_capped_and_cut_at_a_departure(recorded):
    cohort = recorded.cohort
    assert amounts(cohort) == [("Alex Petit", Decimal("21300.00")),
                               ("Camille Roux", Decimal("20400.00"))]  # fmt: skip
    recorded.senior.cap = Decimal(20000)
    recorded.senior.save()
    assert amounts(cohort)[0] == ("Alex Petit", Decimal("20000.00"))
    # Camille leaves after 28 days of a 300-day contract: 68 000 × 28 / 300.
    contracts.record_departure(
        recorded.fellow, datetime.date(2027, 2, 1), "Mutation", recorded.users["host"]
    )
    assert amounts(cohort)[1] == ("Camille Roux", Decimal("6346.67"))
    budget = cofunding.budget(cohort, cofunding.lines(cohort))
    assert (budget.envelope, budget.committed, budget.transferred, budget.remaining) == (
        Decimal("1500000.00"), Decimal("26346.67"), Decimal(0), Decimal("1473653.33"),
    )  # fmt: skip


def test_the_decree_goes_through_its_stages_in_order_and_dated(recorded):
    cohort, team = recorded.cohort, recorded.users["team"]
    current = decree.start(cohort, datetime.date(2027, 2, 1), team, TODAY)
    refusals = [
        (decree.Stage.SIGNED, datetime.date(2027, 2, 2),
         "L'étape suivante est « transmis à la direction du budget » : les étapes se suivent "
         "sans retour ni saut."),
        (decree.Stage.DRAFTED, datetime.date(2027, 2, 2),
         "L'étape suivante est « transmis à la direction du budget » : les étapes se suivent "
         "sans retour ni saut."),
        (decree.Stage.SENT, datetime.date(2027, 1, 31),
         "La date doit suivre celle de l'étape précédente (le 1er février 2027)."),
        (decree.Stage.SENT, datetime.date(2027, 3, 2),
         "Cette date est à venir : enregistrez l'étape une fois passée."),
    ]  # fmt: skip
    for stage, day, message in refusals:
        with pytest.raises(ValidationError) as refused:
            decree.advance(current, stage, day, team, TODAY)
        assert refused.value.messages == [message]
    assert TransferDecree.objects.get().stage == decree.Stage.DRAFTED
    for stage, day in [(decree.Stage.SENT, 5), (decree.Stage.SIGNED, 20),
                       (decree.Stage.PUBLISHED, 24), (decree.Stage.TRANSFERRED, 28)]:  # fmt: skip
        current = decree.advance(current, stage, datetime.date(2027, 2, day), team, TODAY)
    assert current.signed_total == Decimal("41700.00")
    assert current.signed_amounts == {
        str(recorded.fellow.pk): "20400.00", str(recorded.second.pk): "21300.00",
    }  # fmt: skip
    assert cofunding.budget(cohort, cofunding.lines(cohort), current).transferred == Decimal(
        "41700.00"
    )
    with pytest.raises(ValidationError) as refused:
        decree.advance(current, decree.Stage.TRANSFERRED, datetime.date(2027, 3, 1), team, TODAY)
    assert refused.value.messages == ["L'arrêté a franchi toutes ses étapes."]
    assert [data["stage"] for action, data in actions(cohort)
            if action == "recruitment.decree_advanced"] == [
        "drafted", "sent", "signed", "published", "transferred",
    ]  # fmt: skip
    subjects = [m.subject for m in OutboxMessage.objects.order_by("pk")]
    assert subjects[0] == "Arrêté de transfert de la Promotion 11 : rédigé"
    assert subjects[-1] == "Arrêté de transfert de la Promotion 11 : crédits transférés"


def test_a_contract_changed_after_the_signature_is_flagged(recorded):
    cohort, team = recorded.cohort, recorded.users["team"]
    current = decree.start(cohort, datetime.date(2027, 2, 1), team, TODAY)
    decree.advance(current, decree.Stage.SENT, datetime.date(2027, 2, 2), team, TODAY)
    current = decree.advance(current, decree.Stage.SIGNED, datetime.date(2027, 2, 3), team, TODAY)
    assert not any(line.changed for line in cofunding.lines(cohort, current))
    contracts.save_contract(
        recorded.fellow, contract_terms(recorded, employer_cost=Decimal(70000)),
        recorded.users["host"],
    )  # fmt: skip
    changed = [line for line in cofunding.lines(cohort, current) if line.changed]
    assert [(line.signed, line.amount) for line in changed] == [
        (Decimal("20400.00"), Decimal("21000.00"))
    ]


def test_no_decree_without_contracts_nor_twice(recruitment):
    team = recruitment.users["team"]
    with pytest.raises(ValidationError) as refused:
        decree.start(recruitment.cohort, datetime.date(2027, 2, 1), team, TODAY)
    assert refused.value.messages == [
        "Aucun contrat n'est saisi : l'arrêté se calcule sur les contrats des EIG."
    ]
    contracts.save_contract(recruitment.fellow, contract_terms(recruitment), team)
    decree.start(recruitment.cohort, datetime.date(2027, 2, 1), team, TODAY)
    with pytest.raises(ValidationError) as refused:
        decree.start(recruitment.cohort, datetime.date(2027, 2, 1), team, TODAY)
    assert refused.value.messages == ["L'arrêté de cette promotion est déjà commencé."]
    assert TransferDecree.objects.count() == 1


def test_the_page_for_every_role_and_the_decree_from_it(client, recorded):
    url = reverse("recruitment:cofunding", args=[recorded.cohort.pk])
    export = reverse("recruitment:cofunding_export", args=[recorded.cohort.pk, "csv"])
    assert client.get(url).status_code == 302
    for role, expected in [("team", 200), ("director", 200), ("host", 403), ("fellow", 403),
                           ("mentor", 403), ("preinstructor", 403), ("candidate", 403),
                           ("other_host", 403)]:  # fmt: skip
        client.force_login(recorded.users[role])
        assert client.get(url).status_code == expected, role
        assert client.get(export).status_code == expected, role
        if expected == 403:
            assert client.post(url, {"stage": "drafted", "day": "2027-02-01"}).status_code == 403
    assert not TransferDecree.objects.exists()
    client.force_login(recorded.users["team"])
    page = html.unescape(client.get(url).content.decode())
    assert 'Engagé par les contrats</p><p class="fr-h5">41\xa0700,00 €' in page
    response = client.post(url, {"stage": "drafted", "day": "2999-01-01"})
    assert response.status_code == 400
    assert "Cette date est à venir" in html.unescape(response.content.decode())
    assert not TransferDecree.objects.exists()
    response = client.post(url, {"stage": "drafted", "day": "2026-12-01"}, follow=True)
    assert "L'arrêté est à l'étape « rédigé »." in html.unescape(response.content.decode())
    body = b"".join(client.get(export)).decode("utf-8-sig")
    assert "Camille Roux" in body and "41700" in body.replace(".00", "")
