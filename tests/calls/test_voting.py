"""The voting step: shortlisted candidates rank the défis until the vote closes."""

import datetime
import html

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.domain import history
from cohorte.calls import voting
from cohorte.calls.applications import ApplicationError, WindowClosed
from cohorte.calls.choices import encode
from cohorte.calls.models import Application, Call
from cohorte.notifications.models import OutboxMessage

pytestmark = pytest.mark.django_db

CLOSES = datetime.datetime(2030, 5, 2, 21, 59, tzinfo=datetime.UTC)  # 23 h 59 in Paris


@pytest.fixture
def vote_world(world):
    call = world.call
    call.choice_timing = Call.ChoiceTiming.VOTING
    call.voting_closes_at = CLOSES
    call.max_choices = 2
    call.save()
    world.application.status = Application.Status.SHORTLISTED
    world.application.save()
    return world


def ranking(application):
    return list(application.choices.values_list("rank", "challenge__slug"))


def test_a_vote_replaces_the_ranking_and_is_logged_and_confirmed(vote_world):
    w = vote_world
    before = CLOSES - datetime.timedelta(days=1)
    voting.cast_vote(
        w.application,
        [{"challenge": w.other_challenge.pk, "profile": None},
         {"challenge": w.challenge.pk, "profile": None}],
        w.candidate, now=before,
    )  # fmt: skip
    assert ranking(w.application) == [(1, "autre-defi"), (2, "defi-choisi")]
    entry = history(w.application).get(action="application.voted")
    assert entry.actor == w.candidate
    assert entry.data == {
        "ranking": [
            {"rank": 1, "challenge": w.other_challenge.pk, "profile": None},
            {"rank": 2, "challenge": w.challenge.pk, "profile": None},
        ]
    }
    message = OutboxMessage.objects.get()
    assert message.to == [w.candidate.email]
    assert message.subject == "Vos choix de défis sont enregistrés"
    assert "1. Autre défi\n2. Défi choisi" in message.body
    assert "jusqu'au 2 mai 2030 à 23 h 59" in message.body


def test_a_vote_one_second_after_closing_is_refused_and_changes_nothing(vote_world):
    w = vote_world
    with pytest.raises(WindowClosed) as refused:
        voting.cast_vote(
            w.application, [{"challenge": w.other_challenge.pk, "profile": None}], w.candidate,
            now=CLOSES + datetime.timedelta(seconds=1),
        )  # fmt: skip
    assert refused.value.message == (
        "Le vote a fermé le 2 mai 2030 à 23 h 59, heure de Paris : vos choix ne peuvent plus "
        "changer."
    )
    assert ranking(w.application) == [(1, "defi-choisi")]
    assert OutboxMessage.objects.count() == 0


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ("empty", "Classez au moins un choix."),
        ("duplicate", "Vous avez choisi deux fois « Défi choisi » : chaque choix doit être "
                      "différent."),
        ("too_many", "Vous pouvez faire au plus 2 choix (vous en avez fait 3)."),
        ("unknown", "Un de vos choix n'est pas proposé par cet appel."),
    ],
)  # fmt: skip
def test_bad_rankings_are_refused_with_a_clear_message(vote_world, values, message):
    w = vote_world
    third = w.call.challenges.create(
        cohort=w.call.cohort,
        title="Troisième",
        slug="troisieme",
        host_organisation=None,
        status="published",  # a draft défi is never offered (issue #16)
    )
    mine, other = w.challenge.pk, w.other_challenge.pk
    values = {
        "empty": [],
        "duplicate": [{"challenge": mine}, {"challenge": mine}],
        "too_many": [{"challenge": mine}, {"challenge": other}, {"challenge": third.pk}],
        "unknown": [{"challenge": 999999}],
    }[values]
    with pytest.raises(ValidationError) as refused:
        voting.cast_vote(w.application, values, w.candidate, now=CLOSES - datetime.timedelta(1))
    assert message in refused.value.messages
    assert ranking(w.application) == [(1, "defi-choisi")]
    assert not history(w.application).filter(action="application.voted").exists()


def test_only_shortlisted_candidates_of_a_voting_call_vote(vote_world):
    w = vote_world
    early = CLOSES - datetime.timedelta(days=1)
    with pytest.raises(WindowClosed, match="réservé aux candidat·es présélectionné·es"):
        voting.cast_vote(w.other_application, [{"challenge": w.other_challenge.pk}],
                         w.other_candidate, now=early)  # fmt: skip
    with pytest.raises(ApplicationError, match="Seul·e le ou la candidat·e peut voter."):
        voting.cast_vote(w.application, [{"challenge": w.challenge.pk}], w.team, now=early)
    w.call.choice_timing = Call.ChoiceTiming.APPLICATION
    w.call.save()
    with pytest.raises(WindowClosed, match="ne prévoit pas de vote"):
        voting.cast_vote(w.application, [{"challenge": w.challenge.pk}], w.candidate, now=early)


EXPECTED_GET = {
    "anonymous": 302,
    "candidate": 200,
    "other_candidate": 200,  # their own application: told the vote is not for them
    "team": 404,
    "director": 404,
    "mentor": 404,
    "other_mentor": 404,
    "juror": 404,
    "other_juror": 404,
}


@pytest.mark.parametrize("role", EXPECTED_GET)
def test_vote_page_by_role(client, vote_world, role, settings):
    user = vote_world.roles()[role]
    if user.is_authenticated:
        client.force_login(user)
    response = client.get(reverse("calls:vote", args=[vote_world.call.slug]))
    assert response.status_code == EXPECTED_GET[role]
    if role == "candidate":
        assert "Enregistrer mon classement" in response.content.decode()
    if role == "other_candidate":
        page = html.unescape(response.content.decode())
        assert "Le vote est réservé aux candidat·es présélectionné·es." in page


def test_voting_through_the_page(client, vote_world):
    w = vote_world
    client.force_login(w.candidate)
    url = reverse("calls:vote", args=[w.call.slug])
    page = client.get(reverse("calls:application", args=[w.call.slug])).content.decode()
    assert url in page  # the application page invites to vote
    response = client.post(url, {"choices": [encode(w.other_challenge.pk, None), ""]})
    assert response.status_code == 302
    assert ranking(w.application) == [(1, "autre-defi")]
    bad = client.post(url, {"choices": ["n'importe quoi"]})
    assert bad.status_code == 400
    assert "Un de vos choix n'est pas proposé par cet appel." in html.unescape(bad.content.decode())
    assert ranking(w.application) == [(1, "autre-defi")]


def test_after_closing_the_page_shows_the_ranking_read_only(client, vote_world):
    w = vote_world
    w.call.voting_closes_at = timezone.now() - datetime.timedelta(minutes=1)
    w.call.save()
    client.force_login(w.candidate)
    response = client.get(reverse("calls:vote", args=[w.call.slug]))
    page = response.content.decode()
    assert "Le vote a fermé le" in page
    assert "Enregistrer mon classement" not in page
    assert "Défi choisi" in page
