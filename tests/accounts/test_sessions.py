"""Sessions read by a query compiled once: the same answers as Django's database sessions."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte import compiled_sql
from cohorte.accounts import sessions
from cohorte.accounts.sessions import SessionStore
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def saved(**data) -> str:
    store = SessionStore()
    store.update(data)
    store.create()
    return store.session_key


def test_the_settings_use_it():
    assert settings.SESSION_ENGINE == "cohorte.accounts.sessions"


def test_a_saved_session_is_read_back_in_one_query():
    key = saved(colour="bleu", count=3)
    store = SessionStore(key)
    with CaptureQueriesContext(connection) as queries:
        assert store["colour"] == "bleu" and store["count"] == 3
    assert len(queries) == 1
    assert store.session_key == key


@pytest.mark.parametrize("case", ["expired", "unknown"])
def test_an_expired_or_unknown_session_is_empty_and_loses_its_key(case):
    key = saved(colour="bleu")
    if case == "expired":
        Session.objects.filter(session_key=key).update(
            expire_date=timezone.now() - datetime.timedelta(seconds=1)
        )
    store = SessionStore(key if case == "expired" else "x" * 32)
    assert dict(store.items()) == {}
    assert store.session_key is None


def test_the_query_is_built_once_per_database(monkeypatch):
    monkeypatch.setattr(compiled_sql, "_compiled", {})
    built = []
    original = sessions._session_sql
    monkeypatch.setattr(sessions, "_session_sql", lambda: built.append(1) or original())
    for key in (saved(n=1), saved(n=2), saved(n=3)):
        assert SessionStore(key)["n"] in (1, 2, 3)
    assert built == [1]


def test_a_signed_in_person_stays_signed_in_and_an_expired_session_signs_out(client):
    user = UserFactory()
    client.force_login(user)
    url = reverse("account_email")
    assert client.get(url).status_code == 200
    Session.objects.update(expire_date=timezone.now() - datetime.timedelta(seconds=1))
    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(reverse("account_login"))
