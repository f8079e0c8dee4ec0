"""The anonymous full-page cache and its invalidation when content changes."""

import datetime
import re

import pytest
from django.contrib import messages
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from cohorte.public import caching
from tests.factories import (
    CallFactory,
    ChallengeFactory,
    PersonFactory,
    RoleFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


def queries_for(client, url, **extra) -> tuple:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **extra)
    return response, len(queries)


def test_second_request_is_one_cache_read(client, django_assert_num_queries):
    challenge = ChallengeFactory(title="Archives vivantes")
    first = client.get(challenge.get_absolute_url())

    with django_assert_num_queries(1):  # the version and the page, read together
        second = client.get(challenge.get_absolute_url())

    assert second.status_code == 200
    assert second.content == first.content
    assert second["Content-Type"] == "text/html; charset=utf-8"
    assert second["Cache-Control"] == "public, max-age=60"
    assert first["Cache-Control"] == "public, max-age=60"
    assert not second.cookies
    assert not first.cookies


@pytest.mark.parametrize("url", ["/", "/defis/", "/blog/feed/", "/sitemap.xml", "/robots.txt"])
def test_every_kind_of_public_page_is_cached(client, url, django_assert_num_queries):
    ChallengeFactory()
    first = client.get(url)

    with django_assert_num_queries(1):
        second = client.get(url)

    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_head_is_served_from_the_cache(client, django_assert_num_queries):
    client.get("/defis/")

    with django_assert_num_queries(1):
        response = client.head("/defis/")

    assert response.status_code == 200


def test_unknown_parameters_share_the_page_and_filters_do_not(client):
    theme = ThemeFactory(slug="sante")
    ChallengeFactory().themes.add(theme)
    client.get("/defis/")

    _response, tracked = queries_for(client, "/defis/?utm_source=lettre")
    filtered, filtered_count = queries_for(client, "/defis/?theme=sante")

    assert tracked == 1
    assert filtered_count > 1
    assert len(filtered.context["page_obj"].object_list) == 1


def test_each_language_has_its_own_entry(client, settings):
    settings.LANGUAGES = [("fr", "Français"), ("en", "English")]
    client.get("/", headers={"accept-language": "fr"})

    _response, french = queries_for(client, "/", headers={"accept-language": "fr"})
    _response, english = queries_for(client, "/", headers={"accept-language": "en"})

    assert french == 1
    assert english > 1


def test_a_language_the_site_does_not_speak_shares_the_french_entry(client):
    client.get("/", headers={"accept-language": "fr"})

    _response, english = queries_for(client, "/", headers={"accept-language": "en"})

    assert english == 1


# These tests commit for real: invalidation happens on commit, which the usual test
# transaction never does.


@pytest.mark.django_db(transaction=True)
def test_saving_a_challenge_changes_the_page_on_the_next_request(client):
    challenge = ChallengeFactory(title="Ancien titre")
    assert "Ancien titre" in client.get(challenge.get_absolute_url()).content.decode()
    assert "Ancien titre" in client.get("/defis/").content.decode()

    challenge.title = "Nouveau titre"
    challenge.save()

    assert "Nouveau titre" in client.get(challenge.get_absolute_url()).content.decode()
    assert "Nouveau titre" in client.get("/defis/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_related_changes_also_invalidate(client):
    challenge = ChallengeFactory()
    role = RoleFactory(challenge=challenge, person=PersonFactory(full_name="Ada Lovelace"))
    url = challenge.get_absolute_url()
    client.get(url)

    challenge.themes.add(ThemeFactory(name="Thème ajouté"))  # many-to-many
    assert "Thème ajouté" in client.get(url).content.decode()

    role.person.full_name = "Ada King"  # another model
    role.person.save()
    assert "Ada King" in client.get(url).content.decode()

    role.delete()  # deletion
    assert "Ada King" not in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_invalidation_waits_for_the_commit(client):
    challenge = ChallengeFactory(title="Ancien titre")
    url = challenge.get_absolute_url()
    client.get(url)

    with transaction.atomic():
        challenge.title = "Nouveau titre"
        challenge.save()
        # Not committed yet: the cached page is still the one served.
        assert "Ancien titre" in client.get(url).content.decode()

    assert "Nouveau titre" in client.get(url).content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_transaction_bumps_the_version_once(monkeypatch):
    bumps = []
    monkeypatch.setattr(caching, "bump_content_version", lambda: bumps.append(1))

    with transaction.atomic():
        challenge = ChallengeFactory()
        challenge.themes.add(ThemeFactory(), ThemeFactory())
        RoleFactory(challenge=challenge)
        assert bumps == []

    assert bumps == [1]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_change_does_not_bump(monkeypatch):
    bumps = []
    monkeypatch.setattr(caching, "bump_content_version", lambda: bumps.append(1))

    with pytest.raises(RuntimeError), transaction.atomic():
        ChallengeFactory()
        raise RuntimeError

    assert bumps == []


def test_bump_makes_every_page_stale(client):
    ChallengeFactory()
    client.get("/defis/")

    caching.bump_content_version()

    _response, count = queries_for(client, "/defis/")
    assert count > 1


def test_authenticated_users_are_never_served_or_stored(client, django_user_model):
    ChallengeFactory()
    client.get("/defis/")  # an anonymous copy exists
    client.force_login(django_user_model.objects.create_user("agent", password="x"))

    response, count = queries_for(client, "/defis/")

    assert count > 1
    assert "private" in response["Cache-Control"]
    assert "public" not in response["Cache-Control"]


def test_a_request_with_a_pending_message_is_not_cached():
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    request._messages = CookieStorage(request)

    assert caching._is_cacheable_request(request)
    messages.info(request, "Enregistré.")
    assert not caching._is_cacheable_request(request)


def test_not_found_pages_are_not_cached(client):
    client.get("/defis/inconnu/")

    response, count = queries_for(client, "/defis/inconnu/")

    assert response.status_code == 404
    assert count > 1


def test_a_page_is_kept_no_longer_than_its_next_change_in_time(client):
    CallFactory(
        opens_at=timezone.now() + datetime.timedelta(seconds=30),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    )

    response = client.get("/")

    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 0 <= max_age <= 30
    stored = [value for key, value in _entries() if key != caching.VERSION_KEY]
    assert len(stored) == 1
    expires_at = stored[0][4]
    assert expires_at <= timezone.now() + datetime.timedelta(seconds=30)


def _entries():
    # Everything in the cache table, unpickled through the cache API.
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM cohorte_cache")
        keys = [row[0].split(":", 2)[2] for row in cursor.fetchall()]
    return [(key, cache.get(key)) for key in keys]


def test_a_defi_page_is_kept_no_longer_than_its_call_opening(client):
    challenge = ChallengeFactory()
    CallFactory(
        opens_at=timezone.now() + datetime.timedelta(seconds=30),
        closes_at=timezone.now() + datetime.timedelta(days=30),
    ).challenges.add(challenge)

    response = client.get(challenge.get_absolute_url())

    assert "Ce défi recrutera bientôt" in response.content.decode()
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert 0 <= max_age <= 30
