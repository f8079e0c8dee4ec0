"""Results per question, the answer rate, the exports; and anonymity, end to end."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.surveys import domain, figures
from cohorte.surveys.models import Invitation, Response

from .conftest import NOW, answers_for, make_survey, secrets_sent, text

pytestmark = pytest.mark.django_db
FELLOWS = ["alex@example.org", "camille@example.org", "lea@example.org"]


def answered(client, world, respondents=3, **values):
    """A survey sent to the three fellows: Camille and Alex answered alike, Léa differently."""
    survey = make_survey(world, **values)
    domain.send(survey, world.users["team"], NOW)
    secrets = secrets_sent()
    questions = {q.kind: f"q{q.pk}" for q in survey.questions.all()}
    first = answers_for(survey)
    second = {
        **answers_for(survey),
        questions["scale"]: "2",
        questions["yes_no"]: "non",
        questions["single"]: "Ailleurs",
        questions["multiple"]: ["Formations"],
        questions["number"]: "10",
        questions["text"]: "Bravo",
    }
    client.post(reverse("surveys:answer", args=[secrets["camille@example.org"]]), first)
    client.post(reverse("surveys:answer", args=[secrets["lea@example.org"]]), second)
    if respondents == 3:
        client.post(reverse("surveys:answer", args=[secrets["alex@example.org"]]), first)
    return survey


def url(name, survey, *more):
    return reverse(f"surveys:{name}", args=[survey.cohort_id, survey.pk, *more])


def test_results_are_aggregated_per_question(client, cohort_world, on_day):
    survey = answered(client, cohort_world)
    client.force_login(cohort_world.users["team"])
    response = client.get(url("results", survey))
    page = text(response)
    assert "Taux de réponse : 3 sur 3 (100 %)" in page
    got = {
        r.question.kind: (r.answered, r.counts, None if r.mean is None else float(r.mean), r.texts)
        for r in response.context["results"]
    }
    assert got == {
        "scale": (3, [("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 0)], pytest.approx(10 / 3), []),
        "yes_no": (3, [("Oui", 2), ("Non", 1)], None, []),
        "single": (3, [("Dans l’État", 2), ("Ailleurs", 1)], None, []),
        "multiple": (3, [("Mentorat", 2), ("Formations", 3), ("Promotion", 0)], None, []),
        "number": (3, [("10", 1), ("1250,5", 2)], 837.0, []),
        # Sorted by their text, never by who or when.
        "text": (3, [], None, ["Bravo", "Merci à toute l’équipe", "Merci à toute l’équipe"]),
    }
    assert "moyenne : 3,33" in page


def test_an_anonymous_survey_shows_nothing_before_three_responses(client, cohort_world, on_day):
    survey = answered(client, cohort_world, respondents=2)
    client.force_login(cohort_world.users["team"])
    response = client.get(url("results", survey))
    page = text(response)
    assert "Taux de réponse : 2 sur 3 (67 %)" in page
    assert (
        "Les résultats d’un questionnaire anonyme s’affichent à partir de 3 réponses : avec "
        "moins, savoir qui a répondu dirait qui a répondu quoi."
    ) in page
    assert response.context["results"] == []
    assert "Bravo" not in page
    for what in ("reponses", "resultats"):
        assert client.get(url("export", survey, what, "csv")).status_code == 404


def test_a_named_survey_shows_its_first_response(client, cohort_world, on_day):
    survey = make_survey(cohort_world, anonymous=False, kinds=["scale"])
    domain.send(survey, cohort_world.users["team"], NOW)
    secret = secrets_sent()["lea@example.org"]
    question = survey.questions.get()
    client.post(reverse("surveys:answer", args=[secret]), {f"q{question.pk}": "5"})
    client.force_login(cohort_world.users["team"])
    response = client.get(url("results", survey))
    assert [r.counts[-1] for r in response.context["results"]] == [("5", 1)]


def test_the_exports_of_a_named_survey_name_each_respondent(client, cohort_world, on_day):
    survey = answered(client, cohort_world, respondents=2, anonymous=False)
    client.force_login(cohort_world.users["director"])
    response = client.get(url("export", survey, "reponses", "csv"))
    assert response["Content-Disposition"] == (
        f'attachment; filename="questionnaire-{survey.pk}-reponses.csv"'
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][:4] == ["Réponse", "Nom", "Adresse e-mail", "Envoyée le"]
    assert sorted(row[1] for row in rows[1:]) == ["Camille Roux", "Léa Éluard"]
    assert {row[2] for row in rows[1:]} == {"camille@example.org", "lea@example.org"}


def test_the_summary_export_in_xlsx(client, cohort_world, on_day):
    survey = answered(client, cohort_world)
    client.force_login(cohort_world.users["team"])
    response = client.get(url("export", survey, "resultats", "xlsx"))
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    assert rows[0] == ["Question", "Type", "Réponse", "Nombre", "Moyenne"]
    assert ["Le programme vous a-t-il aidé·e ?", "note de 1 à 5", "Moyenne", 3, 3.33] in rows
    assert ["Ce qui vous a servi", "plusieurs choix", "Formations", 3, None] in rows
    assert ["Un mot pour la suite", "texte libre", "Bravo", 1, None] in rows
    assert client.get(url("export", survey, "resultats", "pdf")).status_code == 404
    assert client.get(url("export", survey, "tout", "csv")).status_code == 404


def test_nothing_ties_an_anonymous_answer_to_a_person(client, cohort_world, on_day):
    survey = answered(client, cohort_world)
    # The database: responses hold no invitation and no time; invitations only say answered.
    assert list(Response.objects.values_list("invitation", "submitted_at")) == [(None, None)] * 3
    assert {f.name for f in Invitation._meta.concrete_fields} == {
        "id", "survey", "person", "email", "token_hash", "sent_at", "answered"
    }  # fmt: skip
    assert sorted(Invitation.objects.values_list("email", "answered")) == [
        ("alex@example.org", True),
        ("camille@example.org", True),
        ("lea@example.org", True),
    ]
    # Answering left no log entry (its time would say who answered when).
    assert list(ActivityLog.objects.values_list("action", flat=True)) == ["survey.sent"]
    # The pages and the exports: no name, no address, no time of an answer.
    client.force_login(cohort_world.users["team"])
    pages = [text(client.get(url("results", survey)))]
    for what in ("reponses", "resultats"):
        for fmt in ("csv", "xlsx"):
            body = b"".join(client.get(url("export", survey, what, fmt)).streaming_content)
            if fmt == "csv":
                pages.append(body.decode("utf-8-sig"))
            else:
                sheet = openpyxl.load_workbook(io.BytesIO(body)).active
                pages.append(repr(list(sheet.iter_rows(values_only=True))))
    for identity in (
        "Camille",
        "Roux",
        "Léa",
        "Éluard",
        "camille@",
        "lea@",
        "2027-11-20",
        "20/11/2027",
    ):
        assert all(identity not in page for page in pages), identity
    raw = pages[1].splitlines()
    assert raw[0].startswith("Réponse,Le programme vous a-t-il aidé·e ?")
    # Rows in the order of the responses' random keys.
    assert [line.split(",")[0] for line in raw[1:]] == sorted(
        str(pk) for pk in Response.objects.values_list("pk", flat=True)
    )


def test_answer_counts_per_cohort(client, cohort_world, on_day):
    answered(client, cohort_world)
    other = make_survey(cohort_world, audience="mentors")
    domain.send(other, cohort_world.users["team"], NOW)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        counts = figures.answer_counts([cohort_world.cohort.pk, cohort_world.other_cohort.pk])
    assert counts == {cohort_world.cohort.pk: (3, 5)}
    assert len(queries) == 2
