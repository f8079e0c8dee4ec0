"""The team builds a survey: settings, questions in order, preview; nothing changes once sent."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.surveys.models import Question, Survey

from .conftest import make_survey, snapshot, text

pytestmark = pytest.mark.django_db


def url(name, survey, *more):
    return reverse(f"surveys:{name}", args=[survey.cohort_id, survey.pk, *more])


def test_the_team_creates_a_survey_in_paris_time(client, cohort_world, on_day):
    world = cohort_world
    client.force_login(world.users["director"])
    response = client.post(
        reverse("surveys:new", args=[world.cohort.pk]),
        {
            "title": "Bilan des mentors",
            "intro": "Merci de **prendre** cinq minutes.",
            "audience": "mentors",
            "closes_at": "2027-12-10T18:00",
        },
    )
    survey = Survey.objects.get()
    assert response.status_code == 302
    assert response.url == url("survey", survey)
    assert (survey.title, survey.audience, survey.anonymous, survey.created_by) == (
        "Bilan des mentors",
        "mentors",
        False,  # an unticked box: the team chose named answers
        world.users["director"],
    )
    assert survey.closes_at.isoformat() == "2027-12-10T17:00:00+00:00"
    log = ActivityLog.objects.get()
    assert (log.action, log.actor, log.data["audience"]) == (
        "survey.created",
        world.users["director"],
        "mentors",
    )
    page = text(client.get(url("survey", survey)))
    assert "Clôture le 10 décembre 2027 à 18 h 00 (heure de Paris)" in page


def test_a_closing_date_in_the_past_is_refused(client, cohort_world, on_day):
    client.force_login(cohort_world.users["team"])
    before = snapshot()
    response = client.post(
        reverse("surveys:new", args=[cohort_world.cohort.pk]),
        {"title": "Bilan", "audience": "fellows", "closes_at": "2027-11-19T18:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "closes_at": ["La date de clôture doit être dans le futur."]
    }
    assert snapshot() == before


def test_questions_are_added_changed_moved_and_removed(client, cohort_world, on_day):
    world = cohort_world
    survey = make_survey(world, kinds=["scale"])
    client.force_login(world.users["team"])
    response = client.post(
        url("question_new", survey),
        {
            "kind": "multiple",
            "label": "Ce qui vous a servi",
            "choices_text": "Mentorat\n\n Bootcamp \n",
        },
    )
    assert response.status_code == 302
    added = Question.objects.get(kind="multiple")
    assert (added.order, added.choices, added.required) == (1, ["Mentorat", "Bootcamp"], False)
    client.post(
        url("question", survey, added.pk),
        {
            "kind": "multiple",
            "label": "Ce qui vous a aidé",
            "choices_text": "A\nB",
            "required": "on",
        },
    )
    added.refresh_from_db()
    assert (added.label, added.choices, added.required) == ("Ce qui vous a aidé", ["A", "B"], True)
    client.post(url("question_move", survey, added.pk), {"sens": "haut"})
    assert list(survey.questions.values_list("kind", flat=True)) == ["multiple", "scale"]
    client.post(url("question_remove", survey, added.pk))
    assert list(survey.questions.values_list("kind", flat=True)) == ["scale"]
    assert list(ActivityLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "survey.question_added",
        "survey.question_changed",
        "survey.question_moved",
        "survey.question_removed",
    ]


def test_a_choice_question_needs_two_distinct_choices(client, cohort_world, on_day):
    survey = make_survey(cohort_world, kinds=["scale"])
    client.force_login(cohort_world.users["team"])
    before = snapshot()
    for choices, message in [
        ("Seul choix", "Proposez au moins deux choix, un par ligne."),
        ("Oui\nOui", "Chaque choix ne figure qu’une fois."),
    ]:
        response = client.post(
            url("question_new", survey),
            {"kind": "single", "label": "Votre avis", "choices_text": choices},
        )
        assert response.status_code == 400
        assert response.context["form"].errors == {"choices_text": [message]}
    assert snapshot() == before


def test_a_sent_survey_cannot_change(client, cohort_world, on_day):
    survey = make_survey(cohort_world)
    survey.sent_at = survey.closes_at.replace(month=11, day=19)
    survey.save()
    question = survey.questions.first()
    client.force_login(cohort_world.users["team"])
    before = snapshot()
    response = client.post(
        url("question", survey, question.pk), {"kind": "scale", "label": "Autre chose"}
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Ce questionnaire est envoyé : ses questions ne peuvent plus changer."
    ]
    response = client.post(url("question_new", survey), {"kind": "text", "label": "Encore ?"})
    assert response.context["form"].non_field_errors() == [
        "Ce questionnaire est envoyé : ses questions ne peuvent plus changer."
    ]
    for name, data in [("question_move", {"sens": "bas"}), ("question_remove", {})]:
        response = client.post(url(name, survey, question.pk), data, follow=True)
        assert [str(m) for m in response.context["messages"]] == [
            "Ce questionnaire est envoyé : ses questions ne peuvent plus changer."
        ]
    response = client.post(
        url("survey", survey),
        {"title": "Autre", "audience": "fellows", "closes_at": "2027-12-20T18:00"},
    )
    assert response.status_code == 400
    assert response.context["form"].non_field_errors() == [
        "Ce questionnaire est envoyé : il ne peut plus être modifié."
    ]
    assert snapshot() == before


def test_the_preview_shows_the_form_as_respondents_see_it(client, cohort_world, on_day):
    survey = make_survey(cohort_world, intro="Merci de **prendre** cinq minutes.")
    client.force_login(cohort_world.users["team"])
    page = text(client.get(url("preview", survey)))
    assert "<strong>prendre</strong>" in page
    assert "Vos réponses sont anonymes : personne, pas même l’équipe du programme" in page
    assert (
        "Ce questionnaire est ouvert jusqu’au 10 décembre 2027 à 18 h 00 (heure de Paris)." in page
    )
    assert "Un mot pour la suite (facultatif)" in page
    assert (
        'type="submit"'
        not in page.split("<main")[1].split("</main>")[0].split("<form novalidate>")[1]
    )


def test_the_list_shows_each_survey_with_its_answer_rate(client, cohort_world, on_day):
    world = cohort_world
    survey = make_survey(world)
    make_survey(world, title="Bilan des mentors", audience="mentors", anonymous=False)
    survey.sent_at = survey.closes_at.replace(month=11, day=19)
    survey.save()
    for n, answered in enumerate([True, False, False]):
        survey.invitations.create(
            email=f"p{n}@example.org", token_hash=f"{n:064d}", answered=answered
        )
    client.force_login(world.users["team"])
    page = text(client.get(reverse("surveys:list", args=[world.cohort.pk])))
    assert "1 sur 3" in page
    assert "en préparation" in page and "ouvert" in page
    assert "Bilan des mentors" in page
    home = text(client.get(reverse("surveys:home")))
    assert "Promotion 11</a> (2 questionnaires)" in home
