"""The cohort of ``tests.cohort_world``: Camille ("fellow") writes about the défi ``first``."""

import pytest

from cohorte.contributions.models import Contribution
from tests.cohort_world import cohort_world  # noqa: F401 - the world, as a fixture


def make_contribution(world, status=Contribution.Status.DRAFT, **fields):
    """A contribution of Camille on the défi ``first``."""
    values = {
        "challenge": world.first,
        "author": world.users["fellow"],
        "title": "Ce que les données de santé nous ont appris",
        "summary": "Six mois d'enquête auprès des hôpitaux.",
        "body": "## Le début\n\nNous avons **rencontré** vingt équipes.",
        "status": status,
    }
    values.update(fields)
    return Contribution.objects.create(**values)


@pytest.fixture
def contribution(cohort_world):  # noqa: F811
    return make_contribution(cohort_world)
