"""The recruitment pages for every role, and what they do (issue #11, §1)."""

import datetime
import html

import pytest
import time_machine
from django.urls import reverse

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment import contracts, onboarding
from cohorte.recruitment.models import Contract, OnboardingCheck, OnboardingItem
from tests.factories import RoleFactory
from tests.scale import measure

from .conftest import actions, contract_terms

pytestmark = pytest.mark.django_db
ROLES = ["team", "director", "host", "other_host", "fellow", "mentor", "preinstructor", "candidate"]


def text(response) -> str:
    return html.unescape(response.content.decode())


def status(client, recruitment, role, method, url, data=None):
    client.logout()
    if role != "anonymous":
        client.force_login(recruitment.users[role])
    response = getattr(client, method)(url, data or {})
    return response.status_code


def contract_post(recruitment, **changes):
    values = {
        "employer": "Direction générale de la santé",
        "kind": "project",
        "start_date": "2027-01-04",
        "end_date": "2027-10-31",
        "salary_band": recruitment.junior.pk,
        "employer_cost": "68000",
        "arrival_date": "2027-01-11",
    }
    return {**values, **changes}


def test_who_opens_which_page(client, recruitment):
    fellow, cohort = recruitment.fellow.pk, recruitment.cohort.pk
    may = {
        ("get", reverse("recruitment:cohorts")): {"team", "director"},
        ("get", reverse("recruitment:cohort", args=[cohort])): {"team", "director"},
        ("get", reverse("recruitment:items", args=[cohort])): {"team", "director"},
        ("get", reverse("recruitment:fellows")): {"host", "other_host"},
        ("get", reverse("recruitment:fellow", args=[fellow])): {
            "team", "director", "host", "fellow",
        },
    }  # fmt: skip
    for (method, url), allowed in may.items():
        assert status(client, recruitment, "anonymous", method, url) == 302, url
        for role in ROLES:
            expected = 200 if role in allowed else 403
            assert status(client, recruitment, role, method, url) == expected, (role, url)
    changes = {
        reverse("recruitment:contract", args=[fellow]): contract_post(recruitment),
        reverse("recruitment:checklist", args=[fellow]): {},
    }
    for url, data in changes.items():
        editors = {"team", "director"} | ({"host"} if "/eig/" in url else set())
        assert status(client, recruitment, "anonymous", "post", url, data) == 302
        for role in ROLES:
            expected = 302 if role in editors else 403
            assert status(client, recruitment, role, "post", url, data) == expected, (role, url)
        assert status(client, recruitment, "team", "get", url) == 405
    for role in ["anonymous", *ROLES]:  # a fresh step each time: the team's POST removes it
        item = OnboardingItem.objects.create(cohort=recruitment.cohort, label=f"Étape {role}")
        url = reverse("recruitment:item_remove", args=[cohort, item.pk])
        expected = {"anonymous": 302, "team": 302, "director": 302}.get(role, 403)
        assert status(client, recruitment, role, "post", url) == expected, role
        assert OnboardingItem.objects.filter(pk=item.pk).exists() == (
            expected == 403 or role == "anonymous"
        )
    departure = reverse("recruitment:departure", args=[fellow])
    for role in ROLES:
        expected = 400 if role in {"team", "director", "host"} else 403
        assert status(client, recruitment, role, "post", departure, {}) == expected, role


def test_a_fellow_of_the_host_administration_does_not_record_their_own_contract(
    client, recruitment
):
    from tests.factories import OrganisationMemberFactory

    OrganisationMemberFactory(organisation=recruitment.host, user=recruitment.users["fellow"])
    client.force_login(recruitment.users["fellow"])
    own = recruitment.fellow.pk
    page = text(client.get(reverse("recruitment:fellow", args=[own])))
    assert "Enregistrer le contrat" not in page
    for name, data in [
        ("recruitment:contract", contract_post(recruitment)),
        ("recruitment:checklist", {"done": [recruitment.cohort.onboarding_items.first().pk]}),
        ("recruitment:departure", {"left_on": "2027-06-01", "reason": "Mutation"}),
    ]:
        assert client.post(reverse(name, args=[own]), data).status_code == 403
    assert not Contract.objects.exists() and not OnboardingCheck.objects.exists()
    # Their colleagues' contracts, they record.
    response = client.post(
        reverse("recruitment:contract", args=[recruitment.second.pk]), contract_post(recruitment)
    )
    assert response.status_code == 302
    assert Contract.objects.get().fellow == recruitment.second


def test_a_page_of_anything_but_a_fellow_is_not_found(client, recruitment):
    from cohorte.people.models import Role

    mentor = Role.objects.get(kind=Role.Kind.OPERATIONAL_MENTOR)
    client.force_login(recruitment.users["team"])
    for pk in (mentor.pk, 999999):
        assert client.get(reverse("recruitment:fellow", args=[pk])).status_code == 404
        assert client.post(reverse("recruitment:contract", args=[pk])).status_code == 404


def test_the_host_records_the_contract_and_ticks_the_arrival(client, recruitment):
    client.force_login(recruitment.users["host"])
    listing = text(client.get(reverse("recruitment:fellows")))
    assert "Camille Roux" in listing and "Alex Petit" in listing
    assert "Léa Éluard" not in listing  # another administration's fellow
    url = reverse("recruitment:fellow", args=[recruitment.fellow.pk])
    page = text(client.get(url))
    assert "Le contrat n’est pas encore saisi." in page
    assert "Jusqu'à 5 ans d'expérience (3\u202f500 € net par mois)" in page
    response = client.post(
        reverse("recruitment:contract", args=[recruitment.fellow.pk]),
        contract_post(recruitment),
        follow=True,
    )
    page = text(response)
    assert "Le contrat est enregistré." in page
    assert "du 4 janvier 2027 au 31 octobre 2027" in page
    items = list(recruitment.cohort.onboarding_items.all())
    response = client.post(
        reverse("recruitment:checklist", args=[recruitment.fellow.pk]),
        {"done": [items[0].pk, items[2].pk]},
        follow=True,
    )
    assert "Les étapes de l'arrivée sont enregistrées." in text(response)
    assert "2 étape(s) faite(s) sur 5" in text(response)
    assert set(
        OnboardingCheck.objects.filter(fellow=recruitment.fellow).values_list("item", flat=True)
    ) == {items[0].pk, items[2].pk}


def test_the_fellow_reads_their_own_recruitment_without_forms_or_amounts(client, recruitment):
    contracts.save_contract(
        recruitment.fellow, contract_terms(recruitment), recruitment.users["host"]
    )
    client.force_login(recruitment.users["fellow"])
    space = text(client.get(reverse("accounts:home")))
    assert "Mon recrutement" in space
    assert f'href="/recrutement/eig/{recruitment.fellow.pk}/"' in space
    assert "Mon recrutement" not in text(
        client.force_login(recruitment.users["candidate"]) or client.get(reverse("accounts:home"))
    )
    client.force_login(recruitment.users["fellow"])
    page = text(client.get(reverse("recruitment:fellow", args=[recruitment.fellow.pk])))
    assert "Contrat de projet" in page or "contrat de projet" in page
    assert "Enregistrer le contrat" not in page and "Enregistrer les étapes" not in page
    assert "68" not in page.split("Contrat")[1].split("Étapes")[0]
    assert "Contrat signé : à faire" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"end_date": "2027-01-04"}, "La fin du contrat doit être après son début."),
        (
            {"end_date": "2028-01-31"},
            "Le contrat finit après la promotion, qui s'achève le 30 novembre 2027.",
        ),
        ({"salary_band": "999999"}, "Sélectionnez un choix valide."),
        ({"start_date": "demain"}, "Saisissez une date valide."),
    ],
)
def test_a_bad_contract_is_refused_on_the_page_and_nothing_changes(
    client, recruitment, changes, message
):
    client.force_login(recruitment.users["host"])
    response = client.post(
        reverse("recruitment:contract", args=[recruitment.fellow.pk]),
        contract_post(recruitment, **changes),
    )
    assert response.status_code == 400
    page = text(response)
    assert "Rien n’a été enregistré : des points sont à corriger." in page
    assert message in page
    assert not Contract.objects.exists()
    assert not OutboxMessage.objects.exists()


def test_a_departure_from_the_page(client, recruitment):
    contracts.save_contract(
        recruitment.fellow, contract_terms(recruitment), recruitment.users["host"]
    )
    client.force_login(recruitment.users["host"])
    url = reverse("recruitment:departure", args=[recruitment.fellow.pk])
    response = client.post(url, {"left_on": "2027-12-01", "reason": "Mutation"})
    assert response.status_code == 400
    assert "Le départ doit tomber pendant le contrat" in text(response)
    response = client.post(url, {"left_on": "2027-06-01", "reason": "Mutation"}, follow=True)
    assert "Le départ est enregistré." in text(response)
    assert Contract.objects.get().left_on == datetime.date(2027, 6, 1)
    assert actions(recruitment.fellow)[-1][0] == "recruitment.departure_recorded"


def test_the_team_sees_every_state_filters_and_searches(client, recruitment):
    host = recruitment.users["host"]
    contracts.save_contract(recruitment.fellow, contract_terms(recruitment), host)
    contracts.save_contract(recruitment.second, contract_terms(recruitment), host)
    for item in recruitment.cohort.onboarding_items.all():
        onboarding.set_check(recruitment.second, item, True, host, datetime.date(2027, 1, 5))
    client.force_login(recruitment.users["team"])
    url = reverse("recruitment:cohort", args=[recruitment.cohort.pk])
    page = text(client.get(url))
    for tag in ["Tous (3)", "Contrat à saisir (1)", "Arrivée en cours (1)", "Prêts (1)",
                "Partis (0)"]:  # fmt: skip
        assert tag in page
    # Late: no contract a month before the start, or steps left after the arrival.
    for today, late in [("2026-11-01", 0), ("2026-12-10", 1), ("2027-01-20", 2)]:
        with time_machine.travel(datetime.datetime.fromisoformat(f"{today}T12:00+01:00")):
            client.force_login(recruitment.users["team"])  # sessions expire across months
            assert f"En retard ({late})" in text(client.get(url, {"etat": "en-retard"}))
    with time_machine.travel(datetime.datetime(2027, 1, 20, 12, tzinfo=datetime.UTC)):
        client.force_login(recruitment.users["team"])
        late = text(client.get(url, {"etat": "en-retard"}))
    assert "Camille Roux" in late and "Léa Éluard" in late and "Alex Petit" not in late
    assert "Camille Roux" in text(client.get(url, {"etat": "en-cours"}))
    assert "Alex Petit" not in text(client.get(url, {"etat": "en-cours"}))
    assert "Léa Éluard" in text(client.get(url, {"q": "eluard"}))
    assert "Camille Roux" not in text(client.get(url, {"q": "eluard"}))
    other = recruitment.elsewhere.challenge_id
    assert "Alex Petit" not in text(client.get(url, {"defi": other}))


def test_reminders_reach_each_administration_about_its_fellows_only(client, recruitment):
    host = recruitment.users["host"]
    contracts.save_contract(recruitment.second, contract_terms(recruitment), host)
    for item in recruitment.cohort.onboarding_items.all():
        onboarding.set_check(recruitment.second, item, True, host, datetime.date(2027, 1, 5))
    OutboxMessage.objects.all().delete()
    client.force_login(recruitment.users["team"])
    url = reverse("recruitment:cohort", args=[recruitment.cohort.pk])
    chosen = [recruitment.fellow.pk, recruitment.second.pk, recruitment.elsewhere.pk]
    response = client.post(url, {"fellow": chosen, "retour": "?etat=a-saisir"})
    assert response.status_code == 302 and response["Location"] == url + "?etat=a-saisir"
    mails = sorted(OutboxMessage.objects.all(), key=lambda m: m.to)
    assert [m.to for m in mails] == sorted([[host.email], [recruitment.users["other_host"].email]])
    to_host = next(m for m in mails if m.to == [host.email])
    assert "Camille Roux (Données de santé) : le contrat n'est pas encore saisi" in to_host.body
    assert "Alex Petit" not in to_host.body and "Léa" not in to_host.body
    assert actions(recruitment.cohort)[-1] == (
        "recruitment.reminded",
        {"fellows": [recruitment.fellow.pk, recruitment.elsewhere.pk],
         "administrations": 2, "unreached": 0},
    )  # fmt: skip
    OutboxMessage.objects.all().delete()
    response = client.post(url, {"fellow": [recruitment.second.pk]}, follow=True)
    assert "Aucun des EIG cochés n'attend de contrat ni d'étape d'arrivée." in text(response)
    assert not OutboxMessage.objects.exists()


def test_the_team_manages_the_steps_from_the_page(client, recruitment):
    client.force_login(recruitment.users["team"])
    url = reverse("recruitment:items", args=[recruitment.cohort.pk])
    response = client.post(url, {"label": "Charte signée"})
    assert response.status_code == 400
    assert "Cette étape est déjà dans la liste." in text(response)
    response = client.post(url, {"label": "Adresse de messagerie"}, follow=True)
    assert "L'étape est ajoutée." in text(response)
    assert "Adresse de messagerie" in text(response)
    response = client.post(url, {"action": "defaults"}, follow=True)
    assert "La promotion a déjà ses étapes" in text(response)


def test_the_team_page_costs_the_same_for_a_larger_cohort(client, recruitment):
    client.force_login(recruitment.users["team"])
    url = reverse("recruitment:cohort", args=[recruitment.cohort.pk])
    small = measure(client, url)
    challenge = recruitment.fellow.challenge
    for n in range(60):
        role = RoleFactory(challenge=challenge)
        if n % 2:
            contracts.save_contract(role, contract_terms(recruitment), recruitment.users["host"])
    large = measure(client, url)
    assert large.queries == small.queries
    from cohorte.people.models import Role

    assert large.rows(Role) <= 50 + 5  # one page of fellows, whatever the cohort's size
