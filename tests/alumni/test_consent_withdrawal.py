"""A fellow who withdraws consent disappears from the public page at once, cache on."""

import datetime

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cohorte.alumni.models import AlumniProfile, CareerStep
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort
from tests.cohort_world import build_cohort_world

pytestmark = pytest.mark.django_db(transaction=True)
PUBLIC = "/que-sont-ils-devenus/"


def test_withdrawing_consent_takes_the_fellow_off_the_cached_page_at_once(transactional_db):
    with time_machine.travel(datetime.datetime(2028, 3, 1, 10, tzinfo=datetime.UTC)):
        world = build_cohort_world()
        Cohort.objects.filter(pk=world.cohort.pk).update(status=Cohort.Status.FINISHED)
        camille = Person.objects.get(user=world.users["fellow"])
        fellow, visitor = Client(), Client()
        fellow.force_login(world.users["fellow"])
        mine = "/mon-espace/parcours/"
        fellow.post(
            mine,
            {
                "formulaire": "etape",
                "etape-situation": "own_company",
                "etape-organisation": "Camille Conseil",
                "etape-since": "2028-01-02",
            },
        )
        fellow.post(mine, {"formulaire": "partage", "partage-path_public": "on"})
        assert AlumniProfile.objects.get(person=camille).path_public is True

        shown = visitor.get(PUBLIC)
        assert shown["Cache-Control"] == "public, max-age=60"
        assert "Camille Roux" in shown.content.decode()
        with CaptureQueriesContext(connection) as queries:
            assert visitor.get(PUBLIC).content == shown.content
        assert len(queries) == 1  # served from the cache: the version and the page, read together

        fellow.post(mine, {"formulaire": "partage"})  # every box unticked

        after = visitor.get(PUBLIC).content.decode()
        assert "Camille Roux" not in after and "Camille Conseil" not in after
        assert "Aucun parcours publié pour l’instant." in after

        # A new step of someone who agreed shows at once too.
        fellow.post(mine, {"formulaire": "partage", "partage-path_public": "on"})
        assert "Camille Conseil" in visitor.get(PUBLIC).content.decode()
        CareerStep.objects.create(
            person=camille, situation="studies", since=datetime.date(2028, 2, 1)
        )
        assert "En études ou en formation" in visitor.get(PUBLIC).content.decode()
