"""Exit surveys of the running cohort of ``tests.cohort_world``, on a day of its end."""

import datetime
import html
import json
import re

import pytest
import time_machine

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.sealing import unseal
from cohorte.surveys.models import Answer, Invitation, Question, Response, Survey
from tests.cohort_world import cohort_world  # noqa: F401 - the world, as a fixture

NOW = datetime.datetime(2027, 11, 20, 10, tzinfo=datetime.UTC)
CLOSES = datetime.datetime(2027, 12, 10, 17, tzinfo=datetime.UTC)  # 18 h 00 in Paris
LINK = re.compile(r"https?://[^/]+/questionnaires/([A-Za-z0-9_-]+)/")


@pytest.fixture
def on_day():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text(response) -> str:
    return html.unescape(response.content.decode())


def make_survey(world, *, anonymous=True, audience="fellows", kinds=None, **values):
    """A survey of the world's cohort with one question of each kind (or of ``kinds``)."""
    survey = Survey.objects.create(
        cohort=world.cohort,
        title=values.pop("title", "Bilan de fin de programme"),
        audience=audience,
        anonymous=anonymous,
        closes_at=values.pop("closes_at", CLOSES),
        created_by=world.users["team"],
        **values,
    )
    questions = {
        "scale": ("Le programme vous a-t-il aidé·e ?", []),
        "yes_no": ("Recommanderiez-vous le programme ?", []),
        "single": ("Votre situation après le programme", ["Dans l’État", "Ailleurs"]),
        "multiple": ("Ce qui vous a servi", ["Mentorat", "Formations", "Promotion"]),
        "number": ("Combien d’usagers ?", []),
        "text": ("Un mot pour la suite", []),
    }
    for order, kind in enumerate(kinds or questions):
        label, choices = questions[kind]
        Question.objects.create(
            survey=survey, order=order, kind=kind, label=label, choices=choices,
            required=kind != "text",
        )  # fmt: skip
    return survey


def secrets_sent() -> dict[str, str]:
    """{address: the personal secret of its latest e-mail}, read from the sealed outbox."""
    found = {}
    for message in OutboxMessage.objects.order_by("pk"):
        body = json.loads(unseal(message.sealed_body))["body"]
        found[message.to[0]] = LINK.search(body).group(1)
    return found


def answers_for(survey) -> dict[str, object]:
    """A complete valid POST for a survey built by ``make_survey``."""
    data = {}
    for question in survey.questions.all():
        value = {
            "scale": "4",
            "yes_no": "oui",
            "single": question.choices[:1] and question.choices[0],
            "multiple": question.choices[:2],
            "number": "1250,5",
            "text": "Merci à toute l’équipe",
        }[question.kind]
        data[f"q{question.pk}"] = value
    return data


def snapshot():
    """Everything a refused change must leave as it was."""
    return (
        list(Survey.objects.order_by("pk").values()),
        list(Question.objects.order_by("pk").values()),
        list(Invitation.objects.order_by("pk").values()),
        list(Response.objects.order_by("pk").values()),
        list(Answer.objects.order_by("pk").values()),
        ActivityLog.objects.count(),
        OutboxMessage.objects.count(),
    )
