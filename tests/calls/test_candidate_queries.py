"""What a new candidate's requests read: the call kept per process, no decision to show nor
interview looked for on a draft never submitted (both need a submitted application); the
withdrawal's guard alone still asks whether a decision was sent."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.calls.models import Application, Call
from cohorte.selection.models import Decision, InterviewSlot
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def queries_of(request) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = request()
    assert response.status_code in (200, 302)
    return [query["sql"] for query in queries]


def test_a_new_candidate_reads_the_call_once_and_neither_decisions_nor_interviews(client, world):
    client.force_login(UserFactory())
    url = reverse("calls:application", args=[world.call.slug])
    client.get(url)  # the call is read with its form, and kept
    requests = {
        "start page": lambda: client.get(url),
        "start": lambda: client.post(url, {"action": "start"}),
        "form": lambda: client.get(url),
    }
    seen = {name: queries_of(request) for name, request in requests.items()}
    call_table = connection.ops.quote_name(Call._meta.db_table)
    for name, queries in seen.items():
        reads_of_the_call = [sql for sql in queries if sql.startswith("SELECT") and
                             f"FROM {call_table}" in sql]  # fmt: skip
        assert len(reads_of_the_call) == 1, name
        assert "structure_stamp" in reads_of_the_call[0], name
        assert not [sql for sql in queries if InterviewSlot._meta.db_table in sql], name
        decisions = [sql for sql in queries if Decision._meta.db_table in sql]
        if name == "form":  # "can I withdraw?": has a decision been sent?
            assert len(decisions) == 1 and decisions[0].startswith("SELECT 1 AS")
        else:
            assert decisions == [], name
    draft = Application.objects.get(call=world.call, candidate__isnull=False, version=0)
    assert draft.status == Application.Status.DRAFT
