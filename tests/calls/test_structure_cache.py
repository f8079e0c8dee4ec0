"""A call and its form kept per process: handed out again while unchanged, read again after any
write to it, its cohort, rounds, questions or statements, whatever the path."""

import datetime
import html

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte.calls import structure
from cohorte.calls.models import Call, Question, Round, Statement
from cohorte.programmes.models import Cohort
from tests.calls.test_views_candidate import form_data, snapshot
from tests.factories import ApplicationCallFactory

pytestmark = pytest.mark.django_db


def read(call) -> tuple[Call, int]:
    """The call as the candidate's pages read it, and the queries that took."""
    with CaptureQueriesContext(connection) as queries:
        found = structure.call_with_form(call.slug, Call.Kind.APPLICATIONS)
        shape = (
            found.cohort.name,
            [(r.name, r.closes_at) for r in found.rounds.all()],
            [q.label for q in found.questions.all()],
            [s.text for s in found.statements.all()],
        )
    found.shape = shape
    return found, len(queries)


@pytest.fixture
def call():
    call = ApplicationCallFactory(title="Appel gardé")
    Question.objects.create(call=call, order=1, label="Pourquoi vous ?")
    Statement.objects.create(call=call, order=1, text="Je certifie.")
    return call


def test_an_unchanged_call_costs_one_small_query_and_each_request_gets_its_own_copy(call):
    first, first_queries = read(call)
    second, second_queries = read(call)
    # The stamp; the call with its cohort and heard-from question; rounds, questions, statements.
    assert first_queries == 5
    assert second_queries == 1
    assert second.shape == first.shape
    assert second is not first and second.rounds.all()[0] is not first.rounds.all()[0]
    second.title = "changé dans une requête"
    assert read(call)[0].title == "Appel gardé"


@pytest.mark.parametrize(
    "change",
    [
        "call_update", "call_saved_from_an_older_copy", "cohort_renamed", "round_created",
        "round_update", "round_deleted", "questions_bulk_created", "question_saved",
        "question_deleted", "statement_update", "raw_sql_on_rounds",
    ],
)  # fmt: skip
def test_every_kind_of_write_is_seen_at_the_next_read(call, change):
    before, _ = read(call)
    later = timezone.now() + datetime.timedelta(days=40)
    if change == "call_update":
        Call.objects.filter(pk=call.pk).update(title="Appel renommé")
    elif change == "call_saved_from_an_older_copy":
        Call.objects.filter(pk=call.pk).update(title="Appel renommé")
        call.title = "Appel renommé encore"  # this copy still holds the first stamp
        call.save()
    elif change == "cohort_renamed":
        Cohort.objects.filter(pk=call.cohort_id).update(name="Promotion renommée")
    elif change == "round_created":
        Round.objects.create(
            call=call, name="Seconde session", opens_at=call.opens_at, closes_at=later
        )
    elif change == "round_update":
        Round.objects.filter(call=call).update(closes_at=later)
    elif change == "round_deleted":
        Round.objects.filter(call=call).delete()
    elif change == "questions_bulk_created":
        Question.objects.bulk_create([Question(call=call, order=2, label="Et ensuite ?")])
    elif change == "question_saved":
        question = call.questions.get(label="Pourquoi vous ?")
        question.label = "Pourquoi vous, vraiment ?"
        question.save()
    elif change == "question_deleted":
        call.questions.all().delete()
    elif change == "statement_update":
        Statement.objects.filter(call=call).update(text="Je certifie sur l'honneur.")
    elif change == "raw_sql_on_rounds":
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {Round._meta.db_table} SET name = %s WHERE call_id = %s",
                ["Session renommée", call.pk],
            )
    after, queries = read(call)
    expected = Call.objects.select_related("cohort").get(pk=call.pk)
    assert queries == 5  # read again
    assert after.shape != before.shape or after.title != before.title
    assert after.title == expected.title
    assert after.shape == (
        expected.cohort.name,
        [(r.name, r.closes_at) for r in expected.rounds.all()],
        [q.label for q in expected.questions.all()],
        [s.text for s in expected.statements.all()],
    )


def test_a_question_moved_to_another_call_changes_both(call):
    other = ApplicationCallFactory(title="Autre appel")
    read(call), read(other)
    labels = [q.label for q in other.questions.all()]
    Question.objects.filter(call=call, label="Pourquoi vous ?").update(call=other)
    assert "Pourquoi vous ?" not in read(call)[0].shape[2]
    assert sorted(read(other)[0].shape[2]) == sorted([*labels, "Pourquoi vous ?"])


def test_an_unknown_slug_or_a_call_of_another_kind_is_not_found(call):
    Call.objects.filter(pk=call.pk).update(kind=Call.Kind.PROJECTS)
    for slug in (call.slug, "nulle-part"):
        with pytest.raises(Http404):
            structure.call_with_form(slug, Call.Kind.APPLICATIONS)


def test_the_triggers_are_installed_once_however_often_migrate_runs(call):
    structure.install_triggers(connection)
    structure.install_triggers(connection)
    read(call)
    Round.objects.filter(call=call).update(name="Toujours vu")
    assert read(call)[0].shape[1][0][0] == "Toujours vu"


def test_a_deadline_brought_forward_refuses_the_next_submission(client, world):
    """The window checks use the rounds kept: a change made after the form was read counts."""
    client.force_login(world.candidate)
    url = reverse("calls:application", args=[world.call.slug])
    assert client.get(url).status_code == 200  # the call and its rounds are kept now
    past = timezone.now() - datetime.timedelta(minutes=1)
    Round.objects.filter(call=world.call).update(closes_at=past)
    Call.objects.filter(pk=world.call.pk).update(closes_at=past)
    before = snapshot(world.application)
    response = client.post(url, form_data(world.application, action="submit"))
    assert response.status_code == 403
    assert "appel a fermé le" in html.unescape(response.text)
    assert snapshot(world.application) == before


def test_the_heard_from_question_is_kept_with_the_call_and_its_changes_seen(call):
    from cohorte.campaigns import domain
    from cohorte.campaigns.models import HeardFromQuestion

    found, _ = read(call)
    assert domain.question_of(found) is None
    assert read(call)[1] == 1 and domain.question_of(read(call)[0]) is None  # kept, absent
    HeardFromQuestion.objects.create(call=call, label="Comment nous avez-vous connus ?")
    with CaptureQueriesContext(connection) as queries:
        question = domain.question_of(read(call)[0])
    assert question.label == "Comment nous avez-vous connus ?"
    assert len(queries) == 5  # read again, the question joined to the call: no query of its own
    HeardFromQuestion.objects.filter(call=call).update(label="Par qui ?")
    assert domain.question_of(read(call)[0]).label == "Par qui ?"
