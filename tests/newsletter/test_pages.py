"""The newsletter's pages are valid HTML (the Nu checker), errors shown or not, and the team's
menu leads to them."""

import pytest
from django.test import RequestFactory
from django.urls import reverse

from cohorte.accounts.menu import work_menu
from cohorte.newsletter import tokens
from cohorte.newsletter.models import Edition, Subscriber
from tests.html import vnu

from .conftest import confirmed

pytestmark = pytest.mark.django_db


def test_the_team_alone_finds_the_newsletter_in_its_menu(cohort_world):
    def labels(role, path):
        request = RequestFactory().get(path)
        request.user = cohort_world.users[role]
        return {str(i["label"]): i["current"] for i in work_menu(request)}

    for role, shown in [("team", True), ("director", True), ("link", False), ("fellow", False)]:
        assert ("Lettre d'information" in labels(role, "/mon-espace/")) is shown, role
    assert labels("team", "/gestion/lettre/4/modifier/")["Lettre d'information"] is True


@pytest.mark.skipif(vnu.missing() is not None, reason=vnu.missing() or "")
def test_newsletter_pages_are_valid_html(client, cohort_world, on_day, tmp_path):
    pending = Subscriber.objects.create(email="p@example.org", calls=True)
    alice = confirmed("alice@example.org")
    edition = Edition.objects.create(subject="Lettre de mars", intro="Bonjour", calls=True)
    sent = Edition.objects.create(subject="Lettre de février", calls=True, status="sent")
    pages = {
        "subscribe": client.get(reverse("newsletter:subscribe")),
        "subscribe_errors": client.post(reverse("newsletter:subscribe"), {"email": "x"}),
        "subscribe_done": client.post(
            reverse("newsletter:subscribe"), {"email": "b@example.org", "jobs": "on"}
        ),
        "confirm": client.get(
            reverse("newsletter:confirm", args=[tokens.confirmation_token(pending)])
        ),
        "confirm_refused": client.get(reverse("newsletter:confirm", args=["1.abc:forged"])),
        "unsubscribe": client.get(
            reverse("newsletter:unsubscribe", args=[tokens.unsubscribe_token(alice)])
        ),
    }
    client.force_login(cohort_world.users["team"])
    pages.update(
        home=client.get(reverse("newsletter:home")),
        export_errors=client.post(reverse("newsletter:export"), {"reason": ""}),
        new=client.get(reverse("newsletter:new")),
        new_errors=client.post(reverse("newsletter:new"), {"subject": ""}),
        edition=client.get(reverse("newsletter:edition", args=[edition.pk])),
        sent=client.get(reverse("newsletter:edition", args=[sent.pk])),
    )
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, response in pages.items():
        assert response.status_code in (200, 400), name
        (folder / f"{name}.html").write_bytes(response.content)
    assert [str(p) for p in vnu.check(folder)] == []
