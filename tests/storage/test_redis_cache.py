"""The shared cache on Redis (a server runs on 127.0.0.1:6379): the public page cache works
on it as on the database cache, and what one process stores another one reads."""

import uuid

import pytest
import redis
from django.core.cache import caches

from tests.factories import ChallengeFactory

pytestmark = pytest.mark.django_db(transaction=True)
SERVER = "redis://127.0.0.1:6379/3"


@pytest.fixture
def on_redis(settings):
    prefix = f"cohorte-test-{uuid.uuid4().hex[:8]}"
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": SERVER,
            "KEY_PREFIX": prefix,
        }
    }
    server = redis.Redis.from_url(SERVER)
    yield server, prefix
    for key in server.scan_iter(f"{prefix}:*"):
        server.delete(key)


def test_a_cached_public_page_is_read_from_redis_without_the_database(
    client, on_redis, django_assert_num_queries
):
    server, prefix = on_redis
    challenge = ChallengeFactory(title="Archives vivantes")
    first = client.get(challenge.get_absolute_url())
    assert first.status_code == 200
    assert any(server.scan_iter(f"{prefix}:*"))  # the page is in Redis, for every process
    with django_assert_num_queries(0):
        second = client.get(challenge.get_absolute_url())
    assert second.content == first.content


def test_a_change_committed_anywhere_makes_the_cached_pages_stale(client, on_redis):
    challenge = ChallengeFactory(title="Archives vivantes")
    client.get(challenge.get_absolute_url())
    challenge.title = "Archives vivantes et ouvertes"
    challenge.save()
    assert "Archives vivantes et ouvertes" in client.get(challenge.get_absolute_url()).text


def test_another_connection_sees_what_this_one_stored(on_redis):
    caches["default"].set("shared-key", {"vu": 1})
    other = caches.create_connection("default")  # what another process builds
    assert other.get("shared-key") == {"vu": 1}
