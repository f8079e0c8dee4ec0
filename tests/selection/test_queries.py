"""List views of the jury area: the number of queries does not grow with the list."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.reviews import domain as reviews
from cohorte.selection import rankings
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, InterviewSlotFactory

pytestmark = pytest.mark.django_db


def grow(world, panel, n):
    item = rankings.RankingList(world.challenge, None)
    for _ in range(n):
        application = ApplicationFactory(call=world.call, status="shortlisted")
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        InterviewSlotFactory(panel=panel, application=application, challenge=world.challenge)
        scores = {str(c.pk): 3 for c in world.call.grid.criteria.all()}
        reviews.submit_review(application, world.juror, scores, "", "yes", stage="interview")
        rankings.add_entry(world.call, item, application, world.team)
        ApplicationFactory(call=world.call, status="shortlisted")  # to schedule


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("role", "url"),
    [
        ("team", lambda w, p: reverse("selection:home")),
        ("juror", lambda w, p: reverse("selection:home")),
        ("team", lambda w, p: reverse("selection:panel_detail", args=[p.pk])),
        ("juror", lambda w, p: reverse("selection:panel_detail", args=[p.pk])),
        ("team", lambda w, p: reverse("selection:rankings", args=[w.call.slug])),
        (
            "team",
            lambda w, p: (
                reverse("selection:ranking", args=[w.call.slug]) + f"?defi={w.challenge.pk}"
            ),
        ),
    ],
    ids=["team-home", "juror-home", "team-panel", "juror-panel", "rankings", "ranking"],
)
def test_no_n_plus_one(world, as_user, panel, role, url):
    client = as_user(world.roles()[role])
    grow(world, panel, 2)
    small = count(client, url(world, panel))
    grow(world, panel, 10)
    assert count(client, url(world, panel)) == small
