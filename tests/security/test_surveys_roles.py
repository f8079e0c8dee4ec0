"""Every role of the running cohort against the exit survey pages (docs/permissions.md).

The team and its director build, send and read the surveys; everyone else signed in gets
403 (EIG Link fellows, the cohort's fellows and mentors, the host's HR contact, strangers)
and anonymous visitors go to the login page. The respondent's page needs no account: its
personal link is the credential (tests/surveys/test_answering.py).
"""

import datetime

import pytest
from django.urls import reverse

from cohorte.surveys.models import Question, Survey
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}

PAGES = [
    # (url name, arguments, method, what the team gets)
    ("surveys:home", (), "get", 200),
    ("surveys:list", ("cohort",), "get", 200),
    ("surveys:new", ("cohort",), "get", 200),
    ("surveys:new", ("cohort",), "post", 400),
    ("surveys:survey", ("cohort", "survey"), "get", 200),
    ("surveys:question_new", ("cohort", "survey"), "get", 200),
    ("surveys:question", ("cohort", "survey", "question"), "get", 200),
    ("surveys:question_move", ("cohort", "survey", "question"), "post", 302),
    ("surveys:question_remove", ("cohort", "survey", "fresh_question"), "post", 302),
    ("surveys:preview", ("cohort", "survey"), "get", 200),
    ("surveys:send", ("cohort", "sent"), "post", 302),
    ("surveys:remind", ("cohort", "sent"), "post", 302),
    ("surveys:results", ("cohort", "sent"), "get", 200),
    ("surveys:export", ("cohort", "sent", "reponses", "csv"), "get", 200),
    ("surveys:export", ("cohort", "sent", "resultats", "xlsx"), "get", 200),
]


def _survey(world, title):
    survey = Survey.objects.create(
        cohort=world.cohort,
        title=title,
        audience="mentors",
        anonymous=False,  # its results show from the first response
        closes_at=datetime.datetime(2100, 1, 1, tzinfo=datetime.UTC),
    )
    Question.objects.create(survey=survey, kind="scale", label="Note")
    Question.objects.create(survey=survey, kind="text", label="Un mot")
    return survey


def _url(name, args, known, survey):
    values = []
    for arg in args:
        if arg == "fresh_question":  # the team's POST removes it: a new one each time
            values.append(Question.objects.create(survey=survey, kind="text", label="À ôter").pk)
        elif arg in known:
            values.append(known[arg])
        else:
            values.append(arg)
    return reverse(name, args=values)


@pytest.mark.parametrize("page", PAGES, ids=lambda p: f"{p[2]} {p[0]} {p[1][-1:]}")
def test_only_the_team_uses_the_survey_pages(client, cohort_world, page):  # noqa: F811
    world = cohort_world
    name, args, method, ok = page
    survey, sent = _survey(world, "Brouillon"), _survey(world, "Envoyé")
    from django.utils import timezone

    from cohorte.surveys import domain

    domain.send(sent, world.users["team"], timezone.now())
    known = {
        "cohort": world.cohort.pk,
        "survey": survey.pk,
        "sent": sent.pk,
        "question": survey.questions.first().pk,
    }
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(world.users[role])
        response = getattr(client, method)(_url(name, args, known, survey))
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next="), name
    assert wrong == [], name
