"""Every role of the running cohort against the programme template's pages.

The team and its director download, check and import a template; everyone else signed in
gets 403 and anonymous visitors go to the login page, with nothing changed or journaled.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.content.models import Page
from cohorte.programmes.models import Programme
from cohorte.programmes.template_views import WAITING
from cohorte.programmes.templates_io import dumps, export_template
from tests.cohort_world import ROLES, cohort_world  # noqa: F401

pytestmark = pytest.mark.django_db
TEAM = {"team", "director"}


def _file(programme):
    template = export_template(programme)
    template["programme"]["name"] = "Talents du numérique"
    template["sections"]["pages"] = [{"slug": "a-propos", "title": "À propos", "body": "Texte."}]
    return dumps(template).encode()


def _send(client, name, content):
    if name == "page":
        return client.get(reverse("programme_template:page"))
    if name == "preview":
        upload = SimpleUploadedFile("modele.json", content, "application/json")
        return client.post(reverse("programme_template:page"), {"file": upload})
    if name == "import":
        session = client.session
        session[WAITING] = content.decode()
        session.save()
    return client.post(reverse(f"programme_template:{name}"))


# (what, what the team gets)
ACTIONS = [("page", 200), ("preview", 200), ("download", 200), ("import", 302)]


@pytest.mark.parametrize("action", ACTIONS, ids=lambda a: a[0])
def test_only_the_team_uses_the_template_pages(client, cohort_world, action):  # noqa: F811
    name, ok = action
    programme = Programme.objects.get()
    content = _file(programme)
    wrong = []
    for role in ["anonymous", *ROLES]:
        client.logout()
        if role != "anonymous":
            client.force_login(cohort_world.users[role])
        logs = ActivityLog.objects.count()
        response = _send(client, name, content)
        expected = 302 if role == "anonymous" else ok if role in TEAM else 403
        if response.status_code != expected:
            wrong.append((role, expected, response.status_code))
        if role == "anonymous":
            assert response.url.startswith("/compte/login/?next=")
        if role not in TEAM:
            programme.refresh_from_db()
            changed = programme.name != "Entrepreneurs d'intérêt général" or Page.objects.exists()
            if changed or ActivityLog.objects.count() != logs:
                wrong.append((role, "changed"))
        else:
            # The next role meets the programme as it was.
            Programme.objects.filter(pk=programme.pk).update(name="Entrepreneurs d'intérêt général")
            Page.objects.all().delete()
    assert wrong == []
