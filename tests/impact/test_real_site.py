"""The programme's real Jekyll site (2017-2022, ../shared/data) imported: /impact/ shows the
figures of what the site holds: its five cohorts, its 71 défis, their 60 host
administrations and their 128 fellows."""

import pytest

from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.impact.figures import figures, per_cohort
from cohorte.people.models import Role

pytestmark = pytest.mark.django_db

EXPECTED = {"fellows": 128, "challenges": 71, "organisations": 60}
# Défis and fellows per cohort, newest first (the site's "DIG" promotion has no number).
PER_COHORT = {
    "Promotion 4": (17, 41),
    "Promotion 3": (15, 32),
    "DIG": (17, 21),
    "Promotion 2": (13, 28),
    "Promotion 1": (9, 9),
}


@pytest.fixture
def imported(shared_data):
    return import_site(shared_data / "eig-site-jekyll")


def _shown(html: str, key: str) -> str:
    row = html[html.index(f'id="chiffre-{key}"') :]
    return row[: row.index("</tr>")]


def test_impact_page_shows_the_real_counts(client, imported):
    # The same numbers counted straight from the imported rows.
    assert Role.objects.filter(kind="fellow").values("person").distinct().count() == 128
    assert Challenge.objects.public().count() == 71
    found = {f.key: f.value for f in figures()}
    assert {key: found[key] for key in EXPECTED} == EXPECTED
    # Nothing after the programme is on the old site: the rates cannot be measured.
    assert found["sustained_12"] is None and found["public_service_12"] is None
    by_cohort = {
        cohort.name: tuple(f.value for f in found if f.key in ("challenges", "fellows"))[::-1]
        for cohort, found in per_cohort()
    }
    assert by_cohort == PER_COHORT
    html = client.get("/impact/").content.decode()
    for key, value in EXPECTED.items():
        assert f"<strong>{value}</strong>" in _shown(html, key), key
    assert "<strong>non mesurable</strong>" in _shown(html, "sustained_12")
    for name in PER_COHORT:
        assert f'<th scope="row">{name}</th>' in html
