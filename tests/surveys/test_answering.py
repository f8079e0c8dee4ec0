"""Answering through the personal link: once, before the closing date, with valid answers."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.surveys import domain
from cohorte.surveys.models import Answer, Invitation, Response, Survey

from .conftest import NOW, answers_for, make_survey, secrets_sent, snapshot, text

pytestmark = pytest.mark.django_db


def sent(client, world, **values):
    survey = make_survey(world, **values)
    domain.send(survey, world.users["team"], NOW)
    return survey, secrets_sent()


def link(secret):
    return reverse("surveys:answer", args=[secret])


def test_a_named_answer_keeps_who_and_when(client, cohort_world, on_day):
    survey, secrets = sent(client, cohort_world, anonymous=False)
    page = client.get(link(secrets["camille@example.org"]))
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"
    assert (
        "Vos réponses ne sont pas anonymes : l’équipe du programme les lit avec votre nom."
        in text(page)
    )
    response = client.post(link(secrets["camille@example.org"]), answers_for(survey))
    assert response.status_code == 200
    assert "Merci : vos réponses sont enregistrées." in text(response)
    invitation = Invitation.objects.get(email="camille@example.org")
    stored = Response.objects.get()
    assert (stored.invitation, stored.submitted_at, invitation.answered) == (invitation, NOW, True)
    values = {a.question.kind: (a.number, a.text, a.choices) for a in stored.answers.all()}
    assert values == {
        "scale": (Decimal("4"), "", []),
        "yes_no": (Decimal("1"), "", []),
        "single": (None, "Dans l’État", ["Dans l’État"]),
        "multiple": (None, "Mentorat\nFormations", ["Mentorat", "Formations"]),
        "number": (Decimal("1250.5"), "", []),
        "text": (None, "Merci à toute l’équipe", []),
    }
    log = ActivityLog.objects.get(action="survey.answered")
    assert (log.object_id, log.actor, log.data) == (str(invitation.pk), None, {"survey": survey.pk})


def test_an_anonymous_answer_keeps_neither_who_nor_when(client, cohort_world, on_day):
    survey, secrets = sent(client, cohort_world)
    page = text(client.get(link(secrets["camille@example.org"])))
    assert "Vos réponses sont anonymes : personne, pas même l’équipe du programme" in page
    data = answers_for(survey)
    data.pop(f"q{survey.questions.get(kind='text').pk}")  # optional: left blank
    client.post(link(secrets["camille@example.org"]), data)
    stored = Response.objects.get()
    assert (stored.invitation, stored.submitted_at) == (None, None)
    assert stored.answers.count() == 5
    assert Invitation.objects.get(email="camille@example.org").answered is True
    assert not ActivityLog.objects.filter(action="survey.answered").exists()


def test_the_same_link_answered_twice_stores_one_response(client, cohort_world, on_day):
    survey, secrets = sent(client, cohort_world)
    secret = secrets["camille@example.org"]
    # Two tabs opened before either sends.
    assert client.get(link(secret)).status_code == 200
    client.post(link(secret), answers_for(survey))
    before = snapshot()
    response = client.post(link(secret), answers_for(survey))
    assert response.status_code == 400
    assert "Vous avez déjà répondu à ce questionnaire." in text(response)
    assert snapshot() == before
    assert "Vous avez déjà répondu à ce questionnaire." in text(client.get(link(secret)))
    # The domain checks under the invitation's lock, whatever the page saw.
    with pytest.raises(Exception, match="Vous avez déjà répondu à ce questionnaire."):
        domain.answer(secret, {}, NOW)
    assert snapshot() == before
    assert Response.objects.count() == 1


def test_after_the_closing_date_nothing_is_stored(client, cohort_world, on_day):
    survey, secrets = sent(client, cohort_world)
    on_day.move_to(datetime.datetime(2027, 12, 10, 17, tzinfo=datetime.UTC))
    before = snapshot()
    response = client.post(link(secrets["lea@example.org"]), answers_for(survey))
    assert response.status_code == 400
    message = "Ce questionnaire est clos depuis le 10 décembre 2027 à 18 h 00."
    assert message in text(response)
    assert snapshot() == before
    assert message in text(client.get(link(secrets["lea@example.org"])))


def test_a_forged_link_is_not_found(client, cohort_world, on_day):
    survey, secrets = sent(client, cohort_world)
    before = snapshot()
    forged = secrets["lea@example.org"][:-1] + (
        "A" if secrets["lea@example.org"][-1] != "A" else "B"
    )
    for secret in [forged, "x" * 101, Invitation.objects.first().token_hash]:
        assert client.get(link(secret)).status_code == 404
        assert client.post(link(secret), answers_for(survey)).status_code == 404
    assert snapshot() == before


@pytest.mark.parametrize(
    "kind, value, message",
    [
        ("scale", "6", "Choisissez une note de 1 à 5."),
        ("scale", "", "Répondez à cette question."),
        ("yes_no", "peut-être", "Répondez par oui ou par non."),
        ("single", "Au soleil", "Choisissez parmi les réponses proposées."),
        ("multiple", ["Mentorat", "Sieste"], "Choisissez parmi les réponses proposées."),
        ("number", "beaucoup", "Saisissez un nombre."),
        ("number", "12345678901", "Saisissez un nombre de dix chiffres au plus avant la virgule."),
        ("text", "x" * 5001, "Votre réponse tient en 5 000 caractères."),
    ],
)
def test_a_wrong_answer_is_refused_and_nothing_stored(
    client, cohort_world, on_day, kind, value, message
):
    survey, secrets = sent(client, cohort_world)
    data = answers_for(survey)
    question = survey.questions.get(kind=kind)
    data[f"q{question.pk}"] = value
    before = snapshot()
    response = client.post(link(secrets["alex@example.org"]), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {f"q{question.pk}": [message]}
    assert "Rien n’a été enregistré : des réponses sont à corriger." in text(response)
    assert snapshot() == before
    assert not Answer.objects.exists()


def test_a_survey_of_another_cohort_is_not_found_under_this_one(client, cohort_world, on_day):
    survey = make_survey(cohort_world)
    client.force_login(cohort_world.users["team"])
    url = reverse("surveys:survey", args=[cohort_world.other_cohort.pk, survey.pk])
    assert client.get(url).status_code == 404
    assert Survey.objects.count() == 1
