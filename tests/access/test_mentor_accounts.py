"""Mentors named in a selected proposal get their accounts (issue #11, §5): their address is
kept, the account that verifies it is linked, and the team invites those without one."""

import datetime
import html

import pytest
import time_machine
from allauth.account.models import EmailAddress
from allauth.account.signals import email_confirmed
from django.conf import settings
from django.urls import reverse

from cohorte.accounts.roles import mentored_challenge_ids
from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.people.models import Person, Role
from cohorte.projects.conversion import challenge_from_proposal
from tests.cohort_world import ROLES
from tests.factories import PersonFactory, RoleFactory, UserFactory
from tests.recruitment.conftest import actions

pytestmark = pytest.mark.django_db
PASSWORD = "motdepasse-solide-42"


def text(response) -> str:
    return html.unescape(response.content.decode())


def as_role(client, world, role):
    client.logout()
    if role != "anonymous":
        client.force_login(world.users[role])
    return client


def test_the_proposal_keeps_the_mentors_address_never_public(project_world, client):
    challenge = challenge_from_proposal(project_world.proposal)
    people = {
        role.kind: role.person
        for role in Role.objects.filter(challenge=challenge).select_related("person")
    }
    operational = people["operational_mentor"]
    assert operational.email == "operational_1@interieur.gouv.fr"
    assert operational.user is None and not operational.is_public
    assert people["senior_mentor"].email == "senior_mentor@interieur.gouv.fr"


def test_a_mentor_still_without_account_is_one_person_across_proposals(project_world):
    first = challenge_from_proposal(project_world.proposal)
    person = Role.objects.get(challenge=first, kind="operational_mentor").person
    other = project_world.proposal
    other.pk, other.title = None, "Un autre défi"
    other.save()
    second = challenge_from_proposal(other)
    assert Role.objects.get(challenge=second, kind="operational_mentor").person == person


def test_verifying_the_address_links_the_mentor_and_opens_the_defi(project_world):
    challenge = challenge_from_proposal(project_world.proposal)
    mentor = UserFactory(email="Operational_1@interieur.gouv.fr", verified=False)
    address = EmailAddress.objects.create(user=mentor, email=mentor.email, verified=True)
    email_confirmed.send(sender=EmailAddress, request=None, email_address=address)
    person = Role.objects.get(challenge=challenge, kind="operational_mentor").person
    assert person.user == mentor
    assert challenge.pk in mentored_challenge_ids(mentor)
    assert actions(person) == [("person.linked", {})]
    # Once linked, another verified address or account changes nothing.
    other = UserFactory(email="senior_mentor@example.org", verified=False)
    second = EmailAddress.objects.create(
        user=other, email="operational_1@interieur.gouv.fr", verified=True
    )
    email_confirmed.send(sender=EmailAddress, request=None, email_address=second)
    person.refresh_from_db()
    assert person.user == mentor


def test_signing_in_with_a_verified_address_links_the_mentor(project_world, client):
    challenge = challenge_from_proposal(project_world.proposal)
    mentor = UserFactory(username="senior", email="senior_mentor@interieur.gouv.fr")
    response = client.post(reverse("account_login"), {"login": mentor.email, "password": PASSWORD})
    assert response.status_code == 302
    person = Role.objects.get(challenge=challenge, kind="senior_mentor").person
    assert person.user == mentor


def test_an_unverified_address_or_an_account_with_a_person_links_nothing(project_world, client):
    challenge = challenge_from_proposal(project_world.proposal)
    unverified = UserFactory(email="operational_1@interieur.gouv.fr", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    already = UserFactory(username="senior", email="senior_mentor@interieur.gouv.fr")
    own = PersonFactory(full_name="Déjà là", user=already)
    client.post(reverse("account_login"), {"login": already.email, "password": PASSWORD})
    roles = Role.objects.filter(challenge=challenge).select_related("person")
    assert {role.person.user for role in roles} == {None}
    assert Person.objects.get(user=already) == own
    assert not ActivityLog.objects.filter(action="person.linked").exists()


@pytest.fixture
def mentors(cohort_world):
    """Two mentors without an account on the cohort: one with a known address, one without."""
    reachable = PersonFactory(full_name="Inès Moreau", email="ines@interieur.gouv.fr")
    silent = PersonFactory(full_name="Yann Blanc", email="")
    RoleFactory(kind=Role.Kind.OPERATIONAL_MENTOR, cohort=cohort_world.cohort,
                challenge=cohort_world.first, person=reachable)  # fmt: skip
    RoleFactory(kind=Role.Kind.SENIOR_MENTOR, cohort=cohort_world.cohort,
                challenge=cohort_world.second, person=silent)  # fmt: skip
    # A fellow without an account and another cohort's mentor are not invited.
    RoleFactory(kind=Role.Kind.FELLOW, cohort=cohort_world.cohort, challenge=cohort_world.first,
                person=PersonFactory(full_name="Sans Compte", email="eig@example.org"))  # fmt: skip
    elsewhere = PersonFactory(full_name="Ailleurs", email="ailleurs@example.org")
    RoleFactory(
        kind=Role.Kind.OPERATIONAL_MENTOR, cohort=cohort_world.other_cohort, person=elsewhere
    )
    return reachable, silent


def test_who_opens_the_mentor_accounts_page(client, cohort_world, mentors):
    url = reverse("recruitment:mentors", args=[cohort_world.cohort.pk])
    assert as_role(client, cohort_world, "anonymous").get(url).status_code == 302
    assert client.post(url).status_code == 302
    for role in ROLES:
        expected = 200 if role in {"team", "director"} else 403
        assert as_role(client, cohort_world, role).get(url).status_code == expected, role
        if expected == 403:
            assert client.post(url).status_code == 403, role
    assert not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(action="person.invited").exists()
    missing = reverse("recruitment:mentors", args=[cohort_world.cohort.pk + 1000])
    assert as_role(client, cohort_world, "team").get(missing).status_code == 404


def test_the_page_lists_the_mentors_without_account(client, cohort_world, mentors):
    url = reverse("recruitment:mentors", args=[cohort_world.cohort.pk])
    page = text(as_role(client, cohort_world, "team").get(url))
    assert "Inès Moreau" in page and "Yann Blanc" in page
    assert "Données de santé (mentor·e opérationnel·le)" in page
    assert "Cadastre ouvert (mentor·e de haut niveau)" in page
    assert "ines@interieur.gouv.fr" in page and "Inconnue" in page
    # Mentors with an account, fellows and the other cohort's mentors are not listed.
    for name in ("Morgane Lefèvre", "Sacha Martin", "Sans Compte", "Ailleurs"):
        assert name not in page
    assert page.count("Jamais") == 2


def test_the_team_invites_the_mentors_without_account(client, cohort_world, mentors):
    reachable, silent = mentors
    url = reverse("recruitment:mentors", args=[cohort_world.cohort.pk])
    # Signed in on the day too: the session of an earlier day would have expired.
    with time_machine.travel(datetime.datetime(2027, 2, 3, 9, 0, tzinfo=datetime.UTC)):
        response = as_role(client, cohort_world, "team").post(url, follow=True)
    page = text(response)
    assert "1 mentor invité à créer son compte." in page
    assert "Sans adresse e-mail connue, donc non invité(s) : Yann Blanc." in page
    assert "3 février 2027" in page
    mail = OutboxMessage.objects.get()
    assert mail.to == ["ines@interieur.gouv.fr"]
    assert mail.subject == "Créez votre compte Cohorte pour suivre votre défi EIG"
    assert "Bonjour Inès Moreau," in mail.body
    assert "mentor d’un défi de la Promotion 11" in mail.body
    assert f"{settings.SITE_URL}/compte/signup/?next=/mon-espace/" in mail.body
    assert actions(reachable) == [("person.invited", {"cohort": cohort_world.cohort.pk})]
    assert actions(silent) == []


def test_with_every_mentor_on_cohorte_nobody_is_invited(client, cohort_world):
    url = reverse("recruitment:mentors", args=[cohort_world.cohort.pk])
    as_role(client, cohort_world, "team")
    page = text(client.get(url))
    assert "Tous les mentors de la promotion ont un compte." in page
    assert "Inviter par e-mail" not in page
    page = text(client.post(url, follow=True))
    assert "Tous les mentors de la promotion ont déjà un compte." in page
    assert not OutboxMessage.objects.exists()


def test_the_page_takes_constant_queries(client, cohort_world, django_assert_max_num_queries):
    for n in range(25):
        RoleFactory(kind=Role.Kind.OPERATIONAL_MENTOR, cohort=cohort_world.cohort,
                    challenge=cohort_world.first,
                    person=PersonFactory(full_name=f"Mentor {n}"))  # fmt: skip
    as_role(client, cohort_world, "team")
    with django_assert_max_num_queries(12):
        url = reverse("recruitment:mentors", args=[cohort_world.cohort.pk])
        assert client.get(url).status_code == 200
