"""E-mail templates in the admin: checked placeholders, one general text, a preview."""

import html

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import EmailTemplate
from tests.factories import ApplicationCallFactory, UserFactory

pytestmark = pytest.mark.django_db

ADD = reverse("admin:notifications_emailtemplate_add")


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(username="admin", is_staff=True, is_superuser=True))
    return client


def text(response) -> str:
    return html.unescape(response.content.decode())


def test_an_unknown_placeholder_is_refused_and_nothing_saved(admin_client):
    response = admin_client.post(
        ADD,
        {
            "key": "decision_selected",
            "call": "",
            "subject": "Bravo {prenom}",
            "body": "Défi {challenge_title}, {inconnu}",
        },  # fmt: skip
    )
    assert response.status_code == 200
    assert not EmailTemplate.objects.exists()
    page = text(response)
    allowed = (
        "Champs possibles : {announcement_date}, {call_title}, {candidate_name}, "
        "{challenge_title}, {profile}, {site_url}."
    )
    assert f"Champs inconnus : {{prenom}}. {allowed}" in page
    assert f"Champs inconnus : {{inconnu}}. {allowed}" in page


def test_a_valid_template_is_saved_audited_and_previewed(admin_client, settings):
    settings.SITE_URL = "https://eig.example.org"
    call = ApplicationCallFactory(title="EIG 5")
    response = admin_client.post(
        ADD,
        {
            "key": "decision_waiting_list",
            "call": call.pk,
            "subject": "{call_title}",
            "body": "Bonjour {candidate_name}, défi {challenge_title} ({site_url})",
        },  # fmt: skip
    )
    assert response.status_code == 302
    template = EmailTemplate.objects.get()
    assert (template.key, template.call) == ("decision_waiting_list", call)
    [entry] = ActivityLog.objects.filter(action="emailtemplate.created")
    assert entry.subject == template

    page = text(admin_client.get(reverse("admin:notifications_emailtemplate_change",
                                         args=[template.pk])))  # fmt: skip
    assert "Bonjour Camille Martin, défi Datapass (https://eig.example.org)" in page
    assert "<strong>EIG 5</strong>" in page


def test_only_one_general_template_per_email(admin_client):
    EmailTemplate.objects.create(key="decision_selected", subject="S", body="B")
    response = admin_client.post(
        ADD, {"key": "decision_selected", "call": "", "subject": "T", "body": "C"}
    )
    assert response.status_code == 200
    assert "Un modèle général existe déjà pour cet e-mail" in text(response)
    assert EmailTemplate.objects.count() == 1


def test_an_unknown_email_key_is_refused(admin_client):
    response = admin_client.post(ADD, {"key": "n_importe_quoi", "call": "", "subject": "S",
                                       "body": "B"})  # fmt: skip
    assert response.status_code == 200
    assert not EmailTemplate.objects.exists()
