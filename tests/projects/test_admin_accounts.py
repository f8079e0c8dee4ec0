"""Administration staff: professional e-mail, declaring an administration, invitations."""

import datetime
import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.notifications.tasks import content_for_recipient
from cohorte.organisations.models import Organisation, OrganisationDomain
from cohorte.projects import accounts
from cohorte.projects.accounts import AccountError
from cohorte.projects.models import OrganisationInvitation, OrganisationMember, Proposal
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db
PASSWORD = "un-mot-de-passe-solide-2026"


def actions(subject):
    return list(
        ActivityLog.objects.filter(object_id=str(subject.pk), action__startswith="organisation.")
        .order_by("pk")
        .values_list("action", "data")
    )


# --- The professional e-mail rule ----------------------------------------------------


@pytest.mark.parametrize(
    "email",
    [
        "camille@gmail.com", "camille@GMAIL.com", "c@googlemail.com", "c@yahoo.fr",
        "c@yahoo.com", "c@yahoo.co.uk", "c@hotmail.fr", "c@hotmail.com", "c@outlook.fr",
        "c@outlook.com", "c@live.fr", "c@live.com", "c@orange.fr", "c@wanadoo.fr", "c@free.fr",
        "c@sfr.fr", "c@laposte.net", "c@icloud.com", "c@me.com", "c@protonmail.com",
        "c@protonmail.ch", "c@proton.me", "c@gmx.fr", "c@gmx.de", "c@aol.com",
    ],
)  # fmt: skip
def test_personal_mailboxes_are_refused(email):
    message = accounts.professional_email_error(email)
    assert message.startswith(f"« {email} » est une adresse personnelle (")
    assert "utilisez une adresse électronique professionnelle" in message


@pytest.mark.parametrize(
    "email",
    [
        "camille.martin@interieur.gouv.fr", "c@numerique.gouv.fr", "c@paris.fr",
        "c@live.gouv.fr", "c@free.gouv.fr", "c@aphp.fr", "c@orange-business.com",
    ],
)  # fmt: skip
def test_work_addresses_are_accepted(email):
    assert accounts.professional_email_error(email) == ""


# --- Declaring an administration -----------------------------------------------------


def test_declaring_a_new_administration_makes_the_user_its_first_member():
    user = UserFactory(username="dominique", email="dominique@culture.gouv.fr")
    ministry = OrganisationFactory(name="Ministère de la Culture", kind="ministry")
    organisation = accounts.declare_organisation(
        user, "  Direction générale   des patrimoines ", "central", ministry
    )
    assert organisation.name == "Direction générale des patrimoines"
    assert organisation.parent == ministry and organisation.kind == "central"
    assert organisation.slug == "direction-generale-des-patrimoines"
    assert OrganisationMember.objects.filter(organisation=organisation, user=user).exists()
    member = OrganisationMember.objects.get(user=user)
    assert actions(organisation) == [
        ("organisation.created", {"kind": "central", "parent": ministry.pk}),
        (
            "organisation.member_joined",
            {"member": member.pk, "how": "declared", "invitation": None},
        ),
    ]


def test_an_existing_administration_with_members_refuses_and_names_no_one(project_world):
    user = UserFactory(username="dominique", email="dominique@interieur.gouv.fr")
    with pytest.raises(AccountError) as refused:
        accounts.declare_organisation(user, "MINISTÈRE DE L'INTÉRIEUR", "ministry")
    message = refused.value.message
    assert "demandez à un collègue déjà inscrit de vous inviter" in message
    admin = project_world.admin_user
    assert admin.email not in message and admin.last_name not in message
    assert not OrganisationMember.objects.filter(user=user).exists()
    assert Organisation.objects.filter(name__iexact="ministère de l'intérieur").count() == 1


def test_an_existing_administration_without_members_takes_a_user_of_its_domain():
    existing = OrganisationFactory(name="Agence du numérique en santé", kind="operator")
    OrganisationDomain.objects.create(organisation=existing, domain="esante.gouv.fr")
    user = UserFactory(username="dominique", email="dominique@esante.gouv.fr")
    organisation = accounts.declare_organisation(user, "agence du numérique en santé", "operator")
    assert organisation == existing
    assert actions(existing)[-1][1]["how"] == "email_domain"
    assert Organisation.objects.count() == 1


def test_an_existing_administration_without_members_needs_the_teams_approval():
    # It used to take whoever declared it first (issue #16, item 3).
    existing = OrganisationFactory(name="Agence du numérique en santé", kind="operator")
    user = UserFactory(username="dominique", email="dominique@esante.gouv.fr")
    with pytest.raises(accounts.ApprovalNeeded) as refused:
        accounts.declare_organisation(user, "agence du numérique en santé", "operator")
    assert refused.value.organisation == existing
    assert not OrganisationMember.objects.exists()
    assert Organisation.objects.count() == 1


def test_a_member_declaring_their_administration_again_just_gets_it(project_world):
    organisation = accounts.declare_organisation(
        project_world.admin_user, "Ministère de l'Intérieur", "ministry"
    )
    assert organisation == project_world.organisation
    assert OrganisationMember.objects.filter(user=project_world.admin_user).count() == 1


@pytest.mark.parametrize(
    ("name", "kind", "message"),
    [
        ("", "central", "Indiquez le nom de votre administration."),
        ("Direction", "planète", "Choisissez le type de votre administration."),
        ("x" * 256, "central", "Le nom de l'administration dépasse 255 caractères."),
    ],
)
def test_a_declaration_needs_a_name_and_a_type(name, kind, message):
    user = UserFactory(username="dominique", email="dominique@culture.gouv.fr")
    with pytest.raises(AccountError) as refused:
        accounts.declare_organisation(user, name, kind)
    assert refused.value.message == message
    assert Organisation.objects.count() == 0


def test_a_personal_address_cannot_declare_an_administration():
    user = UserFactory(username="dominique", email="dominique@yahoo.fr")
    with pytest.raises(AccountError) as refused:
        accounts.declare_organisation(user, "Direction du numérique", "central")
    assert "adresse personnelle (yahoo.fr)" in refused.value.message
    assert Organisation.objects.count() == 0


# --- Starting a proposal (view) --------------------------------------------------------


def test_the_new_page_declares_the_administration_and_starts_a_draft(project_world, client):
    user = UserFactory(username="dominique", email="dominique@sante.gouv.fr")
    client.force_login(user)
    response = client.post(
        reverse("projects:new", args=[project_world.call.slug]),
        {"organisation": "new", "name": "Direction générale de la santé", "kind": "central"},
    )
    proposal = Proposal.objects.get(created_by=user)
    assert response.status_code == 302
    assert response["Location"] == reverse("projects:proposal", args=[proposal.pk])
    assert proposal.organisation.name == "Direction générale de la santé"
    assert proposal.status == Proposal.Status.DRAFT


def test_the_new_page_starts_a_draft_for_one_of_the_users_administrations(project_world, client):
    client.force_login(project_world.admin_user)
    response = client.post(
        reverse("projects:new", args=[project_world.call.slug]),
        {"organisation": str(project_world.organisation.pk)},
    )
    assert response.status_code == 302
    assert Proposal.objects.filter(organisation=project_world.organisation, status="draft").exists()


def test_the_new_page_refuses_an_administration_that_has_members(project_world, client):
    user = UserFactory(username="dominique", email="dominique@interieur.gouv.fr")
    client.force_login(user)
    before = (Organisation.objects.count(), Proposal.objects.count())
    response = client.post(
        reverse("projects:new", args=[project_world.call.slug]),
        {"organisation": "new", "name": "ministère de l'intérieur", "kind": "ministry"},
    )
    assert response.status_code == 400
    assert "demandez à un collègue déjà inscrit de vous inviter" in response.text
    assert 'value="ministère de l&#x27;intérieur"' in response.text  # the typed name stays
    assert (Organisation.objects.count(), Proposal.objects.count()) == before
    assert not OrganisationMember.objects.filter(user=user).exists()


def test_the_new_page_refuses_another_administrations_id(project_world, client):
    client.force_login(project_world.admin_user)
    response = client.post(
        reverse("projects:new", args=[project_world.call.slug]),
        {"organisation": str(project_world.other_organisation.pk)},
    )
    assert response.status_code == 400
    assert "Choisissez une de vos administrations dans la liste." in response.text
    assert not Proposal.objects.filter(status="draft").exists()


def test_the_new_page_refuses_a_personal_address(project_world, client):
    user = UserFactory(username="dominique", email="dominique@gmail.com")
    client.force_login(user)
    page = client.get(reverse("projects:new", args=[project_world.call.slug]))
    assert (
        "adresse personnelle (gmail.com)" in page.text and '<form method="post">' not in page.text
    )
    response = client.post(
        reverse("projects:new", args=[project_world.call.slug]),
        {"organisation": "new", "name": "Direction du numérique", "kind": "central"},
    )
    assert response.status_code == 403
    assert Organisation.objects.filter(name="Direction du numérique").count() == 0


def test_the_new_page_of_a_call_for_applications_is_not_found(world, client):
    client.force_login(world.candidate)
    assert client.get(reverse("projects:new", args=[world.call.slug])).status_code == 404


# --- Invitations --------------------------------------------------------------------


def test_a_member_invites_a_colleague_by_work_email(project_world):
    invitation = accounts.invite(
        project_world.organisation, " Dominique.Petit@Interieur.gouv.fr ", project_world.admin_user
    )
    assert invitation.email == "dominique.petit@interieur.gouv.fr"
    message = OutboxMessage.objects.get()
    assert message.to == ["dominique.petit@interieur.gouv.fr"]
    assert "Ministère de l'Intérieur" in message.subject
    assert "Dominique Durand" in message.body or project_world.admin_user.last_name in message.body
    assert "/compte/signup/?next=/projets/mes-propositions/" in message.body
    assert actions(project_world.organisation) == [
        ("organisation.invitation_sent", {"invitation": invitation.pk, "again": False})
    ]


def test_inviting_again_sends_the_invitation_again(project_world):
    first = accounts.invite(
        project_world.organisation, "d@interieur.gouv.fr", project_world.admin_user
    )
    later = timezone.now() + datetime.timedelta(minutes=11)  # past the rate limit
    again = accounts.invite(
        project_world.organisation, "D@interieur.gouv.fr", project_world.admin_user, now=later
    )
    assert again.pk == first.pk
    assert OutboxMessage.objects.count() == 2
    assert actions(project_world.organisation)[-1][1] == {"invitation": first.pk, "again": True}


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("collegue@hotmail.fr", "est une adresse personnelle (hotmail.fr)"),
        ("pas-une-adresse", "n'est pas une adresse électronique valide"),
        ("", "Indiquez l'adresse électronique professionnelle de votre collègue."),
        ("admin.user@interieur.gouv.fr", "fait déjà partie de Ministère de l'Intérieur"),
    ],
)
def test_a_bad_invitation_is_refused_and_nothing_is_sent(project_world, email, message):
    with pytest.raises(AccountError) as refused:
        accounts.invite(project_world.organisation, email, project_world.admin_user)
    assert message in refused.value.message
    assert OrganisationInvitation.objects.count() == 0 and OutboxMessage.objects.count() == 0


def test_only_a_member_invites(project_world):
    with pytest.raises(AccountError):
        accounts.invite(project_world.organisation, "x@interieur.gouv.fr", project_world.team)
    assert OrganisationInvitation.objects.count() == 0


def test_the_organisation_page_lists_members_and_invites(project_world, client):
    client.force_login(project_world.admin_user)
    url = reverse("projects:organisation", args=[project_world.organisation.pk])
    response = client.post(url, {"email": "collegue@interieur.gouv.fr"})
    assert response.status_code == 302
    page = client.get(url).text
    assert "admin.user@interieur.gouv.fr" in page and "collegue@interieur.gouv.fr" in page
    refused = client.post(url, {"email": "collegue@free.fr"})
    assert refused.status_code == 400
    assert "est une adresse personnelle (free.fr)" in refused.text
    assert 'value="collegue@free.fr"' in refused.text
    assert OrganisationInvitation.objects.count() == 1


def _login(client, email):
    return client.post(reverse("account_login"), {"login": email, "password": PASSWORD})


def test_the_invitee_becomes_a_member_when_signing_in_with_that_address(project_world, client):
    invitation = accounts.invite(
        project_world.organisation, "dominique@interieur.gouv.fr", project_world.admin_user
    )
    invitee = UserFactory(username="dominique", email="dominique@interieur.gouv.fr")
    invitee.set_password(PASSWORD)
    invitee.save()
    OutboxMessage.objects.all().delete()
    assert _login(client, "dominique@interieur.gouv.fr").status_code == 302
    member = OrganisationMember.objects.get(user=invitee, organisation=project_world.organisation)
    assert member.invited_by == project_world.admin_user
    invitation.refresh_from_db()
    assert invitation.accepted_at is not None
    assert actions(project_world.organisation)[-1] == (
        "organisation.member_joined",
        {"member": member.pk, "how": "invitation", "invitation": invitation.pk},
    )
    told = OutboxMessage.objects.get()
    assert told.to == ["admin.user@interieur.gouv.fr"]
    assert "dominique@interieur.gouv.fr" in told.body
    # Signing in again changes nothing.
    client.logout()
    _login(client, "dominique@interieur.gouv.fr")
    assert OrganisationMember.objects.filter(user=invitee).count() == 1
    assert OutboxMessage.objects.count() == 1


def test_the_invitee_becomes_a_member_once_their_new_address_is_verified(project_world, client):
    accounts.invite(
        project_world.organisation, "nouvelle@interieur.gouv.fr", project_world.admin_user
    )
    client.post(
        reverse("account_signup") + "?next=/projets/mes-propositions/",
        {
            "first_name": "Nadia",
            "last_name": "Nouvelle",
            "email": "nouvelle@interieur.gouv.fr",
            "password1": PASSWORD,
            "password2": PASSWORD,
        },
    )
    user = get_user_model().objects.get(email="nouvelle@interieur.gouv.fr")
    assert not OrganisationMember.objects.filter(user=user).exists()  # not verified yet
    verification = OutboxMessage.objects.get(subject__contains="Confirmez votre adresse")
    link = re.search(
        r"https?://[^\s]+/compte/confirm-email/[^\s]+/", recipient_body(verification)
    ).group(0)
    client.post(link.split("testserver", 1)[1])
    assert EmailAddress.objects.get(user=user).verified
    assert OrganisationMember.objects.filter(
        user=user, organisation=project_world.organisation
    ).exists()


def test_an_unverified_address_joins_nothing(project_world):
    accounts.invite(project_world.organisation, "x@interieur.gouv.fr", project_world.admin_user)
    user = UserFactory(username="x", email="x@interieur.gouv.fr", verified=False)
    EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    assert accounts.accept_invitations(user) == []
    assert not OrganisationMember.objects.filter(user=user).exists()


def recipient_body(message) -> str:
    """The text as its recipient receives it (authentication links are sealed in the outbox)."""
    return content_for_recipient(message)[1]
