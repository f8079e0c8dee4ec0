"""The défis go public on the call for projects' announcement date, not before."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from cohorte import periodic
from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Challenge
from cohorte.projects.publication import publish_due_projects, publish_projects
from cohorte.selection.decisions import DecisionError
from tests.factories import ApplicationCallFactory
from tests.projects.decisions_helpers import login, profile, send, snapshot, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def converted(project_world):
    """The world's proposal selected and sent, an open call for applications of the cohort."""
    profile()
    applications = ApplicationCallFactory(cohort=project_world.call.cohort)
    send(project_world, project_world.proposal)
    return project_world.proposal.challenge, applications


def announce(call, days=-1):
    call.announcement_at = timezone.now() + datetime.timedelta(days=days)
    call.save(update_fields=["announcement_at"])


def test_the_defi_is_hidden_until_published_then_public_and_open(client, project_world, converted):
    challenge, applications = converted
    detail = reverse("public:challenge_detail", args=[challenge.slug])
    assert client.get(detail).status_code == 404
    assert challenge.title not in text(client.get(reverse("public:challenge_list")))
    call_page = reverse("calls:call_detail", args=[applications.slug])
    assert challenge.title not in text(client.get(call_page))
    # Already attached to the call for applications, waiting for the announcement.
    assert applications.challenges.get() == challenge

    announce(project_world.call)
    assert publish_projects(project_world.call, actor=project_world.team) == 1
    # The public pages' cache is renewed when the publication commits; a test never commits.
    cache.clear()
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    assert client.get(detail).status_code == 200
    assert challenge.title in text(client.get(reverse("public:challenge_list")))
    assert challenge.title in text(client.get(call_page))
    entry = ActivityLog.objects.get(action="projects.published")
    assert entry.object_id == str(project_world.call.pk)
    assert entry.actor == project_world.team
    assert entry.data["challenges"] == [challenge.pk]


def test_publishing_before_the_announcement_is_refused(project_world, converted):
    before = snapshot(project_world)
    with pytest.raises(DecisionError, match="pas de date d'annonce"):
        publish_projects(project_world.call)
    announce(project_world.call, days=2)
    with pytest.raises(DecisionError, match="restent confidentiels jusqu'à l'annonce"):
        publish_projects(project_world.call)
    assert snapshot(project_world)[1:] == before[1:]  # announce() changed the call only


def test_publishing_twice_publishes_once(project_world, converted):
    announce(project_world.call)
    assert publish_projects(project_world.call) == 1
    assert publish_projects(project_world.call) == 0
    assert ActivityLog.objects.filter(action="projects.published").count() == 1


def test_publication_joins_a_call_for_applications_opened_since(project_world, converted):
    challenge, _applications = converted
    later = ApplicationCallFactory(cohort=project_world.call.cohort)
    announce(project_world.call)
    publish_projects(project_world.call)
    assert later.challenges.get() == challenge


def test_the_hourly_job_publishes_announced_calls_only(project_world, converted):
    challenge, _applications = converted
    jobs = {job.name: job for job in periodic.jobs()}
    job = jobs["projects_publication"]
    assert job.every == datetime.timedelta(hours=1)
    assert job.func(timezone.now()) == 0  # no announcement date yet
    announce(project_world.call, days=1)
    assert publish_due_projects(timezone.now()) == 0
    assert job.func(timezone.now() + datetime.timedelta(days=2)) == 1
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
    assert job.func(timezone.now() + datetime.timedelta(days=3)) == 0


def test_the_team_publishes_from_the_page(client, project_world, converted):
    challenge, _applications = converted
    login(client, project_world, "team")
    url = reverse("project_decisions:challenges", args=[project_world.call.pk])
    page = text(client.get(url))
    assert challenge.title in page
    assert "caché jusqu’à l’annonce" in page
    assert "Développement × 2" in page
    assert "Camille Martin" in page
    publish = reverse("project_decisions:publish", args=[project_world.call.pk])
    response = client.post(publish, follow=True)
    assert "pas de date d'annonce" in text(response)
    announce(project_world.call)
    response = client.post(publish, follow=True)
    assert "1 défi publié sur le site public." in text(response)
    response = client.post(publish, follow=True)
    assert "Aucun défi à publier" in text(response)
    challenge.refresh_from_db()
    assert challenge.status == Challenge.Status.PUBLISHED
