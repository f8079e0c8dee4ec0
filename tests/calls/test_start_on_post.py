"""Following a link to the application page never creates an application: a GET shows a
"start" button, and only its POST (with the CSRF token) creates the draft (issue #16, item 8).
"""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.organisations.models import Organisation
from cohorte.projects.models import Proposal
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def newcomer(db):
    return UserFactory(username="newcomer", email="newcomer@example.org")


def created():
    return (
        Application.objects.count(),
        ActivityLog.objects.filter(action="application.created").count(),
    )


def test_a_get_shows_a_start_button_and_creates_nothing(world, newcomer, client):
    client.force_login(newcomer)
    url = reverse("calls:application", args=[world.call.slug])
    before = created()
    response = client.get(url, HTTP_REFERER="https://ailleurs.example/lien-piege")
    assert response.status_code == 200
    assert created() == before
    assert not Application.objects.filter(candidate=newcomer).exists()
    page = response.content.decode()
    form = re.search(r'<form method="post" action="([^"]+)"[^>]*>(.*?)</form>', page, re.S)
    assert form.group(1) == url
    assert 'name="csrfmiddlewaretoken"' in form.group(2)
    assert '<button class="fr-btn" type="submit">Commencer ma candidature</button>' in form.group(2)
    assert "heure de Paris" in page
    assert 'name="application"' not in page  # no form of an application yet


def test_the_start_button_creates_the_draft(world, newcomer, client):
    client.force_login(newcomer)
    url = reverse("calls:application", args=[world.call.slug])
    response = client.post(url, {"action": "start"})
    assert response.status_code == 302 and response["Location"] == url
    application = Application.objects.get(candidate=newcomer, call=world.call)
    assert application.status == Application.Status.DRAFT
    entry = ActivityLog.objects.get(action="application.created")
    assert (entry.object_id, entry.actor) == (str(application.pk), newcomer)
    page = client.get(url).content.decode()
    assert f'name="application" value="{application.pk}"' in page
    # Starting again changes nothing.
    client.post(url, {"action": "start"})
    assert Application.objects.filter(candidate=newcomer).count() == 1
    assert ActivityLog.objects.filter(action="application.created").count() == 1


def test_a_post_from_another_site_is_refused(world, newcomer):
    client = Client(enforce_csrf_checks=True)
    client.force_login(newcomer)
    response = client.post(
        reverse("calls:application", args=[world.call.slug]), {"action": "start"}
    )
    assert response.status_code == 403
    assert not Application.objects.filter(candidate=newcomer).exists()


def test_a_closed_call_says_so_and_creates_nothing(world, newcomer, client):
    world.call.closes_at = timezone.now() - datetime.timedelta(days=1)
    world.call.save(update_fields=["closes_at"])
    world.call.rounds.update(closes_at=world.call.closes_at)
    client.force_login(newcomer)
    url = reverse("calls:application", args=[world.call.slug])
    page = client.get(url)
    assert page.status_code == 200 and "Commencer ma candidature" not in page.content.decode()
    refused = client.post(url, {"action": "start"})
    assert refused.status_code == 403
    assert not Application.objects.filter(candidate=newcomer).exists()


def test_the_team_still_cannot_apply(world, client):
    client.force_login(world.team)
    url = reverse("calls:application", args=[world.call.slug])
    assert client.get(url).status_code == 403
    assert client.post(url, {"action": "start"}).status_code == 403
    assert not Application.objects.filter(candidate=world.team).exists()


def test_the_proposal_side_creates_nothing_on_get_either(project_world, newcomer, client):
    client.force_login(UserFactory(username="agent", email="agent@culture.gouv.fr"))
    before = (Organisation.objects.count(), Proposal.objects.count(), ActivityLog.objects.count())
    url = reverse("projects:new", args=[project_world.call.slug])
    assert client.get(url, {"organisation": "new", "name": "Direction X", "kind": "central"})
    assert (
        Organisation.objects.count(),
        Proposal.objects.count(),
        ActivityLog.objects.count(),
    ) == before
