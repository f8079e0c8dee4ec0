"""Seats of a cohort: held by a fellow, vacant with a reason, to fill (issue #11, §1)."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from cohorte.notifications.models import OutboxMessage
from cohorte.recruitment import contracts, seats
from cohorte.recruitment.models import VacantSeat

from .conftest import actions, contract_terms

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 1)


def test_seats_follow_fellows_departures_and_vacant_seats(recruitment):
    cohort, team = recruitment.cohort, recruitment.users["team"]
    other = recruitment.elsewhere.challenge  # 2 seats, 1 fellow
    assert seats.of_cohort(cohort) == seats.Seats(planned=4, filled=3, vacant=0)
    seats.record_vacant(other, datetime.date(2027, 2, 1), "Aucun profil retenu.", team, TODAY)
    assert seats.of_cohort(cohort).open == 0
    assert actions(other)[-1] == ("recruitment.seat_vacant", {"day": "2027-02-01"})
    [mail] = OutboxMessage.objects.all()
    assert mail.subject == "Place non pourvue : Cadastre ouvert"
    assert "Aucun profil retenu." in mail.body
    with pytest.raises(ValidationError) as refused:
        seats.record_vacant(other, TODAY, "Encore", team, TODAY)
    assert refused.value.messages == [
        "Toutes les places de ce défi sont déjà pourvues ou déclarées vacantes."
    ]
    # Camille leaves: her seat is to fill again, then may be given up too.
    contracts.save_contract(recruitment.fellow, contract_terms(recruitment), team)
    contracts.record_departure(recruitment.fellow, datetime.date(2027, 2, 15), "Mutation", team)
    assert seats.of_cohort(cohort) == seats.Seats(planned=4, filled=2, vacant=1)
    assert seats.of_cohort(cohort).open == 1
    seats.record_vacant(recruitment.fellow.challenge, TODAY, "Pas de remplaçant.", team, TODAY)
    assert seats.of_cohort(cohort).open == 0


@pytest.mark.parametrize(
    "day, reason, message",
    [
        (TODAY, "  ", "Indiquez pourquoi la place reste vacante."),
        (TODAY, "x" * 2001, "Le motif dépasse 2000 caractères."),
        (
            datetime.date(2027, 3, 2),
            "Aucun profil",
            "Cette date est à venir : enregistrez la place une fois constatée.",
        ),
    ],
)
def test_a_bad_vacant_seat_is_refused(recruitment, day, reason, message):
    with pytest.raises(ValidationError) as refused:
        seats.record_vacant(
            recruitment.elsewhere.challenge, day, reason, recruitment.users["team"], TODAY
        )
    assert refused.value.messages == [message]
    assert not VacantSeat.objects.exists()


def test_the_team_records_a_vacant_seat_from_the_page(client, recruitment):
    url = reverse("recruitment:vacant_seat", args=[recruitment.cohort.pk])
    data = {"challenge": recruitment.elsewhere.challenge_id, "day": "2026-12-01",
            "reason": "Aucun profil retenu."}  # fmt: skip
    assert client.post(url, data).status_code == 302  # to the login page
    for role in ["host", "fellow", "mentor", "candidate", "other_host", "preinstructor"]:
        client.force_login(recruitment.users[role])
        assert client.post(url, data).status_code == 403
    assert not VacantSeat.objects.exists()
    client.force_login(recruitment.users["team"])
    assert client.get(url).status_code == 405
    response = client.post(url, {**data, "reason": ""})
    assert response.status_code == 400
    assert "Rien n’a été enregistré" in html.unescape(response.content.decode())
    response = client.post(url, data, follow=True)
    page = html.unescape(response.content.decode())
    assert "La place non pourvue est enregistrée." in page
    assert "4 places prévues : 3 occupées par un EIG, 1 non pourvues, 0 à pourvoir." in page
    assert "Cadastre ouvert — 1er décembre 2026 : Aucun profil retenu." in page
