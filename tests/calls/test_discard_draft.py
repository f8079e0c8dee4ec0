"""A draft never submitted is deleted, not withdrawn: its candidate may start again; a
submitted application is withdrawn, with a confirmation that says it is final."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, ApplicationFile
from cohorte.notifications.models import OutboxMessage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def started(world, client):
    user = UserFactory(username="novice")
    client.force_login(user)
    client.post(reverse("calls:application", args=[world.call.slug]), {"action": "start"})
    application = Application.objects.get(candidate=user)
    stored = ApplicationFile(application=application, kind="cv", original_name="cv.pdf", size=18)
    stored.file.save("cv.pdf", ContentFile(b"%PDF-1.4 brouillon"), save=True)
    return application, stored


def test_a_new_draft_is_deleted_and_the_candidate_may_start_again(world, client, started):
    application, stored = started
    url = reverse("calls:withdraw", args=[world.call.slug])
    page = client.get(url).content.decode()
    assert "<h1>Supprimer mon brouillon</h1>" in page
    assert "Vous pourrez recommencer une candidature à cet appel tant qu’il est ouvert." in page
    assert "définitif" not in page
    storage, name = stored.file.storage, stored.file.name
    response = client.post(url)
    assert response.status_code == 302
    assert response["Location"] == world.call.get_absolute_url()
    assert not Application.objects.filter(pk=application.pk).exists()
    assert not storage.exists(name)
    entry = ActivityLog.objects.get(action="application.purged")
    assert entry.data["reason"] == "draft_discarded" and entry.data["files"] == 1
    assert OutboxMessage.objects.count() == 0  # nothing to tell: nothing was ever sent
    start = reverse("calls:application", args=[world.call.slug])
    client.post(start, {"action": "start"})
    assert Application.objects.filter(candidate=application.candidate, call=world.call).count() == 1


def test_a_submitted_application_is_withdrawn_for_good(world, client):
    client.force_login(world.candidate)
    url = reverse("calls:withdraw", args=[world.call.slug])
    page = client.get(url).content.decode()
    assert "<h1>Retirer ma candidature</h1>" in page
    assert "Le retrait est définitif" in page
    client.post(url)
    world.application.refresh_from_db()
    assert world.application.status == Application.Status.WITHDRAWN


def test_nobody_discards_someone_else_s_draft(world, client, started):
    from cohorte.calls import applications
    from cohorte.calls.applications import ApplicationError

    application, _ = started
    with pytest.raises(ApplicationError):
        applications.discard_draft(application, world.candidate)
    assert Application.objects.filter(pk=application.pk).exists()
