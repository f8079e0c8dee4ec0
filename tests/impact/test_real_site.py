"""The programme's real Jekyll site (2017-2022, ../shared/data) imported: /impact/ shows the
figures of what the site holds: its five cohorts, 71 défis and their fellows."""

import re

import pytest

from cohorte.content.importers import import_site
from cohorte.impact.figures import figures, per_cohort

pytestmark = pytest.mark.django_db

# Counted independently in the site's files: the défis of _defis/, the people whose entry in
# _data/personnes.yml names a promotion as EIG, their host administrations.
EXPECTED = {"fellows": FELLOWS, "challenges": 71, "organisations": ORGANISATIONS}


@pytest.fixture
def imported(shared_data):
    return import_site(shared_data / "eig-site-jekyll")


def test_impact_page_shows_the_real_counts(client, imported):
    found = {f.key: f.value for f in figures()}
    assert {key: found[key] for key in EXPECTED} == EXPECTED
    rows = per_cohort()
    assert [cohort.name for cohort, _ in rows] == PROMOTIONS
    assert {cohort.name: next(f.value for f in fs if f.key == "challenges") for cohort, fs in rows} == PER_COHORT
    html = client.get("/impact/").content.decode()
    for key, value in EXPECTED.items():
        row = html[html.index(f'id="chiffre-{key}"') :]
        assert re.search(rf"<strong>{value}</strong>", row[: row.index("</tr>")]), key
    for name in PROMOTIONS:
        assert f'<th scope="row">{name}</th>' in html
