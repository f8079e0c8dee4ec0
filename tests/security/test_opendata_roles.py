"""The open data page and the public API against every role: the same for all, signed in or
not (public data only), and read-only for all (docs/permissions.md)."""

import pytest
from django.core.management import call_command

from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db

# (method, URL, status for everyone)
PAGES = [
    ("get", "/donnees/", 200),
    ("get", "/donnees/defis.csv", 200),
    ("get", "/api/v1/docs", 200),
    ("get", "/api/v1/openapi.json", 200),
    ("get", "/api/v1/defis/", 200),
    ("get", "/api/v1/personnes/", 200),
    ("get", "/api/v1/chiffres-cles/", 200),
    ("post", "/api/v1/defis/", 405),
    ("delete", "/api/v1/personnes/camille-roux/", 405),
]


@pytest.mark.parametrize(("method", "url", "expected"), PAGES)
def test_every_role_gets_the_same(client, cohort_world, settings, tmp_path, method, url, expected):  # noqa: F811
    settings.OPENDATA_ROOT = tmp_path / "donnees"
    if url.startswith("/donnees/"):
        call_command("export_opendata", str(settings.OPENDATA_ROOT))
    bodies = set()
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        response = getattr(client, method)(url)
        assert response.status_code == expected, (role, url)
        if url.startswith("/api/v1/") and url != "/api/v1/docs":
            bodies.add(response.content)
    # The API answers the same whoever asks: nothing more for a signed-in team member.
    assert len(bodies) <= 1
