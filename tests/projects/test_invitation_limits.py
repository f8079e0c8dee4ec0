"""Invitations to an administration are rate-limited per address and per sender (issue #16)."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import accounts
from cohorte.projects.models import OrganisationInvitation

pytestmark = pytest.mark.django_db

SOON = (
    "Une invitation a déjà été envoyée à « dominique@interieur.gouv.fr » il y a moins de 10 "
    "minutes : laissez-lui le temps d'arriver (pensez aux indésirables) avant de l'envoyer à "
    "nouveau."
)


def sent():
    return (
        OutboxMessage.objects.count(),
        ActivityLog.objects.filter(action="organisation.invitation_sent").count(),
    )


def test_the_settings_have_sensible_defaults(settings):
    assert settings.ORGANISATION_INVITATION_INTERVAL_MINUTES == 10
    assert settings.ORGANISATION_INVITATIONS_PER_DAY == 20


def test_the_same_address_is_invited_again_only_after_ten_minutes(project_world):
    organisation, inviter = project_world.organisation, project_world.admin_user
    first = accounts.invite(organisation, "dominique@interieur.gouv.fr", inviter)
    for minutes in (0, 9):
        with pytest.raises(accounts.TooManyInvitations) as refused:
            accounts.invite(
                organisation,
                "Dominique@Interieur.gouv.fr",
                inviter,
                now=timezone.now() + datetime.timedelta(minutes=minutes),
            )
        assert refused.value.message == SOON
    assert sent() == (1, 1)
    again = accounts.invite(
        organisation,
        "dominique@interieur.gouv.fr",
        inviter,
        now=timezone.now() + datetime.timedelta(minutes=11),
    )
    assert again.pk == first.pk and sent() == (2, 2)


def test_another_administration_cannot_flood_the_same_address(project_world):
    accounts.invite(
        project_world.organisation, "dominique@interieur.gouv.fr", project_world.admin_user
    )
    with pytest.raises(accounts.TooManyInvitations) as refused:
        accounts.invite(
            project_world.other_organisation,
            "dominique@interieur.gouv.fr",
            project_world.other_admin_user,
        )
    # The message does not tell which administration invited the address.
    assert refused.value.message == SOON
    assert OrganisationInvitation.objects.count() == 1 and sent() == (1, 1)


def test_a_sender_sends_at_most_the_daily_number(project_world, settings):
    settings.ORGANISATION_INVITATIONS_PER_DAY = 3
    organisation, inviter = project_world.organisation, project_world.admin_user
    for n in range(3):
        accounts.invite(organisation, f"collegue{n}@interieur.gouv.fr", inviter)
    with pytest.raises(accounts.TooManyInvitations) as refused:
        accounts.invite(organisation, "collegue9@interieur.gouv.fr", inviter)
    assert refused.value.message == (
        "Vous avez envoyé 3 invitations en 24 heures, le maximum : réessayez demain, ou écrivez "
        "à l'équipe du programme si vous devez inviter plus de collègues."
    )
    assert OrganisationInvitation.objects.count() == 3 and sent() == (3, 3)
    # Another member of the same administration has their own allowance.
    other = project_world.other_admin_user
    accounts.invite(project_world.other_organisation, "x@culture.gouv.fr", other)
    # A day later, the sender may invite again.
    ActivityLog.objects.filter(action="organisation.invitation_sent").update(
        created_at=timezone.now() - datetime.timedelta(hours=25)
    )
    accounts.invite(organisation, "collegue9@interieur.gouv.fr", inviter)
    assert OrganisationInvitation.objects.count() == 5


def test_the_page_says_why_with_a_429(project_world, client, settings):
    client.force_login(project_world.admin_user)
    url = reverse("projects:organisation", args=[project_world.organisation.pk])
    assert client.post(url, {"email": "dominique@interieur.gouv.fr"}).status_code == 302
    response = client.post(url, {"email": "dominique@interieur.gouv.fr"})
    assert response.status_code == 429
    assert SOON in html.unescape(response.content.decode())
    assert sent() == (1, 1)
    settings.ORGANISATION_INVITATIONS_PER_DAY = 1
    response = client.post(url, {"email": "autre@interieur.gouv.fr"})
    assert response.status_code == 429
    assert "Vous avez envoyé 1 invitation en 24 heures, le maximum" in html.unescape(
        response.content.decode()
    )
    assert not OrganisationInvitation.objects.filter(email="autre@interieur.gouv.fr").exists()
