"""The team's e-mail template editor: checked placeholders, per-call texts, previews."""

import html

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications import emails
from cohorte.notifications.models import EmailTemplate

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.notifications.emails_urls")]

ROLES = ["anonymous", "candidate", "other_candidate", "mentor", "other_mentor", "juror",
         "other_juror", "team", "director"]  # fmt: skip


def text(response) -> str:
    return html.unescape(response.content.decode())


def edit_url(key="decision_not_selected", call=None) -> str:
    url = reverse("notifications:template_edit", args=[key])
    return f"{url}?appel={call.slug}" if call else url


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.roles()[role])


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("page", ["list", "edit"])
def test_pages_by_role(client, world, role, page):
    login(client, world, role)
    url = reverse("notifications:templates") if page == "list" else edit_url()
    response = client.get(url)
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == (200 if role in {"team", "director"} else 403)


@pytest.mark.parametrize("role", [r for r in ROLES if r not in {"team", "director"}])
def test_outsiders_cannot_save_or_reset(client, world, role):
    EmailTemplate.objects.create(key="decision_not_selected", subject="S", body="B")
    login(client, world, role)
    save = client.post(edit_url(), {"subject": "Piraté", "body": "Piraté", "save": "1"})
    reset = client.post(reverse("notifications:template_reset", args=["decision_not_selected"]))
    assert {save.status_code, reset.status_code} == {302 if role == "anonymous" else 403}
    assert list(EmailTemplate.objects.values_list("subject", flat=True)) == ["S"]


def test_the_list_shows_every_email_and_the_calls_own_texts(client, world):
    EmailTemplate.objects.create(key="decision_selected", call=world.call, subject="S", body="B")
    login(client, world, "team")
    page = text(client.get(reverse("notifications:templates")))
    for key in emails.DEFAULTS:
        assert f"<code>{key}</code>" in page
    assert "Décision : retenu·e" in page
    assert f'{edit_url("decision_selected", world.call)}">{world.call.title}</a>' in page


def test_the_editor_starts_from_the_default_with_a_preview(client, world, settings):
    settings.SITE_URL = "https://eig.example.org"
    login(client, world, "team")
    response = client.get(edit_url())
    assert response.context["form"].initial == {
        "subject": emails.DEFAULTS["decision_not_selected"].subject,
        "body": emails.DEFAULTS["decision_not_selected"].body,
    }
    subject, body = response.context["preview"]
    assert subject == "Réponse à votre candidature"
    assert body.startswith("Bonjour Camille Martin,\n\nNous sommes au regret")
    page = text(response)
    assert "{candidate_name}" in page and "{call_title}" in page and "{site_url}" in page


def test_saving_a_general_template(client, world):
    login(client, world, "team")
    response = client.post(
        edit_url(),
        {"subject": "Réponse : {call_title}", "body": "Bonjour {candidate_name}", "save": "1"},
    )
    assert response.status_code == 302
    template = EmailTemplate.objects.get()
    assert (template.key, template.call, template.subject, template.body) == (
        "decision_not_selected",
        None,
        "Réponse : {call_title}",
        "Bonjour {candidate_name}",
    )
    [entry] = ActivityLog.objects.filter(action="emailtemplate.created")
    assert (entry.subject, entry.actor) == (template, world.team)
    assert entry.data == {"key": "decision_not_selected", "call": None}


def test_an_unknown_placeholder_is_refused_and_nothing_saved(client, world):
    login(client, world, "team")
    response = client.post(
        edit_url(),
        {
            "subject": "Réponse {challenge_title}",
            "body": "Bonjour {prenom} {candidate.email}",
            "save": "1",
        },  # fmt: skip
    )
    assert response.status_code == 400
    assert not EmailTemplate.objects.exists()
    assert not ActivityLog.objects.exists()
    page = text(response)
    assert (
        "Champs inconnus : {challenge_title}. Champs possibles : {call_title}, "
        "{candidate_name}, {site_url}."
    ) in page
    assert (
        "Champs inconnus : {candidate.email}, {prenom}. Champs possibles : {call_title}, "
        "{candidate_name}, {site_url}."
    ) in page
    assert 'aria-describedby="id_body-erreur"' in page
    # What was typed is still there, nothing lost.
    assert "Bonjour {prenom} {candidate.email}</textarea>" in page


def test_preview_without_saving(client, world):
    login(client, world, "team")
    response = client.post(
        edit_url(call=world.call),
        {"subject": "À propos de {call_title}", "body": "Chère {candidate_name}", "preview": "1"},
    )
    assert response.status_code == 200
    assert response.context["preview"] == (
        f"À propos de {world.call.title}",
        "Chère Camille Martin",
    )
    assert not EmailTemplate.objects.exists()


def test_a_calls_own_template_overrides_the_general_one(client, world):
    login(client, world, "team")
    client.post(edit_url(), {"subject": "Général", "body": "Général", "save": "1"})
    client.post(edit_url(call=world.call), {"subject": "Propre", "body": "Propre", "save": "1"})
    assert emails.template_for("decision_not_selected", world.call) == ("Propre", "Propre")
    assert emails.template_for("decision_not_selected") == ("Général", "Général")
    # Editing the call's text again changes it in place.
    client.post(edit_url(call=world.call), {"subject": "Propre 2", "body": "P", "save": "1"})
    assert EmailTemplate.objects.filter(call=world.call).count() == 1
    assert ActivityLog.objects.filter(action="emailtemplate.changed").count() == 1


def test_resetting_falls_back_to_the_general_text(client, world):
    EmailTemplate.objects.create(key="decision_not_selected", subject="Général", body="G")
    own = EmailTemplate.objects.create(
        key="decision_not_selected", call=world.call, subject="Propre", body="P"
    )
    login(client, world, "team")
    response = client.post(
        reverse("notifications:template_reset", args=["decision_not_selected"])
        + f"?appel={world.call.slug}"
    )
    assert response.status_code == 302
    assert not EmailTemplate.objects.filter(pk=own.pk).exists()
    assert emails.template_for("decision_not_selected", world.call) == ("Général", "G")
    [entry] = ActivityLog.objects.filter(action="emailtemplate.deleted")
    assert entry.data == {"key": "decision_not_selected", "call": world.call.pk}


def test_unknown_email_or_call_is_404(client, world):
    login(client, world, "team")
    assert client.get(edit_url("inconnu")).status_code == 404
    assert client.get(edit_url() + "?appel=inconnu").status_code == 404
