"""A selected proposal becomes a défi of its cohort: content, seats, mentors, calls; once."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.utils import timezone

from cohorte.accounts.roles import mentored_challenge_ids
from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Challenge
from cohorte.organisations.models import Organisation
from cohorte.people.models import Person, Role
from cohorte.projects.conversion import (
    body_markdown,
    challenge_from_proposal,
    mentioned_organisations,
    named_organisation,
)
from cohorte.projects.form import SECTIONS
from cohorte.selection.models import Seat
from tests.factories import (
    ApplicationCallFactory,
    ExpertiseFactory,
    OrganisationFactory,
    UserFactory,
    full_proposal_data,
)
from tests.projects.decisions_helpers import profile, send

pytestmark = pytest.mark.django_db


@pytest.fixture
def proposal(project_world):
    """The world's proposal with a partner, a designer among its fellows, two mentors."""
    developer = profile()
    ExpertiseFactory(name="Design", slug="design")
    OrganisationFactory(name="Commission nationale de l'informatique et des libertés",
                        acronym="CNIL", slug="cnil")  # fmt: skip
    data = full_proposal_data()
    data["sections"]["summary"] = "Repérer les  fraudes\naux prestations sociales."
    data["administrative_carrier"] = "Ministère de la Culture"
    data["partners"] = "La CNIL, et le Ministère de l'Intérieur (accueil)"
    data["fellows_count"] = 3
    data["fellows"] = [
        {"mission": "Construire le service.", "profile": "developpement"},
        {"mission": "Construire l'API.", "profile": "developpement"},
        {"mission": "Concevoir les écrans.", "profile": "design"},
    ]
    data["contacts"]["operational_2"] = {
        "name": "Sacha Petit", "role": "Data scientist", "email": "sacha.petit@interieur.gouv.fr",
        "phone": "",
    }  # fmt: skip
    proposal = project_world.proposal
    proposal.data = data
    proposal.save()
    assert developer
    return proposal


def test_the_defi_takes_the_proposals_content(proposal, project_world):
    challenge = challenge_from_proposal(proposal, actor=project_world.team)
    challenge = Challenge.objects.get(pk=challenge.pk)
    assert challenge.cohort == project_world.call.cohort
    assert challenge.title == "Détecter les fraudes"
    assert challenge.slug == "detecter-les-fraudes"
    assert challenge.tagline == "Repérer les fraudes aux prestations sociales."
    assert challenge.status == Challenge.Status.DRAFT
    assert challenge.host_organisation == project_world.organisation
    assert challenge.funding_organisation == project_world.other_organisation
    assert [o.acronym for o in challenge.partner_organisations.all()] == ["CNIL"]
    assert challenge.town == "Paris"
    assert challenge.seats == 3
    assert challenge.duration_months == 10
    assert sorted(e.slug for e in challenge.expertises.all()) == ["design", "developpement"]
    seats = {s.profile.slug: s.count for s in Seat.objects.filter(challenge=challenge)}
    assert seats == {"developpement": 2, "design": 1}
    proposal.refresh_from_db()
    assert proposal.challenge == challenge


def test_the_body_is_markdown_from_the_public_parts_only(proposal):
    proposal.data["datasets"] = [
        {"name": "Base des dossiers", "accessible": "yes", "steps": "Convention à signer."},
        {"name": "Journal des contrôles", "accessible": "no", "steps": "Extraction à prévoir."},
    ]
    body = body_markdown(proposal.data)
    assert body == (
        "## Le contexte\n\nContexte et problématique à résoudre : texte de la rubrique.\n\n"
        "## Le défi\n\nSolution envisagée : texte de la rubrique.\n\n"
        "## Les missions des EIG\n\n- **Développement** : Construire le service.\n"
        "- **Développement** : Construire l'API.\n- **Design** : Concevoir les écrans.\n\n"
        "## Les données\n\n- Base des dossiers (accessible et exploitable)\n"
        "- Journal des contrôles (pas encore)\n"
    )


def test_no_internal_section_reaches_the_defi(proposal, project_world):
    challenge = challenge_from_proposal(proposal, actor=project_world.team)
    challenge.refresh_from_db()
    page = " ".join([challenge.title, challenge.tagline, challenge.body])
    internal = [s for s in SECTIONS if not s.public]
    assert [s.key for s in internal] == [
        "impact", "alternatives", "progress", "obstacles", "legal_ethics", "stakeholders",
        "sustainment", "why_eig", "resources",
    ]  # fmt: skip
    for section in internal:
        assert proposal.data["sections"][section.key] not in page
        assert str(section.label) not in page
    for text in ("Obstacles potentiels", "Enjeux juridiques", "Pourquoi le programme EIG",
                 "Camille Martin", "Pilotage", "216"):  # fmt: skip
        assert text not in page
    assert "Contexte et problématique à résoudre : texte de la rubrique." in challenge.body
    assert "Solution envisagée : texte de la rubrique." in challenge.body


def test_the_mentors_become_people_with_roles_never_public(proposal, project_world):
    challenge = challenge_from_proposal(proposal)
    roles = Role.objects.filter(challenge=challenge).select_related("person")
    described = sorted((r.kind, r.person.full_name, r.person.job_title) for r in roles)
    assert described == [
        ("operational_mentor", "Camille Martin", "Cheffe de bureau"),
        ("operational_mentor", "Sacha Petit", "Data scientist"),
        ("senior_mentor", "Camille Martin", "Cheffe de bureau"),
    ]
    assert {r.cohort for r in roles} == {project_world.call.cohort}
    # Their titles agree as the contact's own title does ("Cheffe de bureau").
    assert sorted((r.person.full_name, r.label) for r in roles) == [
        ("Camille Martin", "mentore de haut niveau"),
        ("Camille Martin", "mentore opérationnelle"),
        ("Sacha Petit", "mentor·e opérationnel·le"),
    ]
    # Two contacts with different addresses are two people, none of them public.
    assert Person.objects.count() == 3
    assert not Person.objects.filter(is_public=True).exists()


def test_a_mentor_with_an_account_is_linked_and_sees_the_defi_as_mentor(proposal):
    mentor = UserFactory(email="operational_1@interieur.gouv.fr", verified=False)
    EmailAddress.objects.create(user=mentor, email=mentor.email, verified=True, primary=True)
    unverified = UserFactory(email="senior_mentor@interieur.gouv.fr", verified=False)
    EmailAddress.objects.create(user=unverified, email=unverified.email, verified=False)
    challenge = challenge_from_proposal(proposal)
    person = Role.objects.get(challenge=challenge, kind="operational_mentor",
                              person__full_name="Camille Martin").person  # fmt: skip
    assert person.user == mentor
    assert challenge.pk in mentored_challenge_ids(mentor)
    senior = Role.objects.get(challenge=challenge, kind="senior_mentor").person
    assert senior.user is None  # an unverified address links nobody


def test_an_existing_person_of_the_account_is_reused(proposal):
    mentor = UserFactory(email="operational_1@interieur.gouv.fr")
    existing = Person.objects.create(full_name="Camille M.", slug="camille-m", user=mentor)
    challenge = challenge_from_proposal(proposal)
    assert Role.objects.get(challenge=challenge, person=existing).kind == "operational_mentor"
    existing.refresh_from_db()
    assert existing.is_public  # their own choice is kept


def test_without_a_known_carrier_the_host_funds_it(proposal, project_world):
    proposal.data["administrative_carrier"] = "Secrétariat général"
    proposal.data["partners"] = ""
    proposal.save()
    challenge = challenge_from_proposal(proposal)
    assert challenge.funding_organisation == project_world.organisation
    assert not challenge.partner_organisations.exists()


def test_organisation_names_match_without_case_accents_or_punctuation(project_world):
    assert named_organisation("ministere de l interieur") == project_world.organisation
    assert named_organisation("Ministère de l'Intérieur.") == project_world.organisation
    assert named_organisation("") is None
    OrganisationFactory(name="Météo-France", acronym="MF", slug="meteo")
    # A two-letter acronym is an ordinary word in free text: it is not looked for.
    assert mentioned_organisations("avec MF et météo france") == [
        Organisation.objects.get(slug="meteo")
    ]
    assert mentioned_organisations("le mf seul") == []


def test_the_defi_joins_the_cohorts_calls_for_applications_still_to_close(proposal, project_world):
    cohort = project_world.call.cohort
    open_call = ApplicationCallFactory(cohort=cohort)
    upcoming = ApplicationCallFactory(
        cohort=cohort,
        opens_at=timezone.now() + datetime.timedelta(days=30),
        closes_at=timezone.now() + datetime.timedelta(days=60),
    )
    closed = ApplicationCallFactory(
        cohort=cohort,
        opens_at=timezone.now() - datetime.timedelta(days=60),
        closes_at=timezone.now() - datetime.timedelta(days=30),
    )
    elsewhere = ApplicationCallFactory()
    challenge = challenge_from_proposal(proposal, actor=project_world.team)
    assert set(challenge.calls.all()) == {open_call, upcoming}
    assert not closed.challenges.exists() and not elsewhere.challenges.exists()
    entry = ActivityLog.objects.get(action="proposal.converted")
    assert entry.object_id == str(proposal.pk)
    assert entry.actor == project_world.team
    assert entry.data["challenge"] == challenge.pk
    assert sorted(entry.data["calls"]) == sorted([open_call.pk, upcoming.pk])
    # No personal data in the log: ids and counts only.
    assert "Camille" not in str(entry.data) and "@" not in str(entry.data)


def test_converting_twice_creates_nothing_more(proposal, project_world):
    first = challenge_from_proposal(proposal)
    counts = (Challenge.objects.count(), Person.objects.count(), Role.objects.count(),
              Seat.objects.count(), ActivityLog.objects.count())  # fmt: skip
    open_call = ApplicationCallFactory(cohort=project_world.call.cohort)
    again = challenge_from_proposal(proposal)
    assert again == first
    assert counts == (Challenge.objects.count(), Person.objects.count(), Role.objects.count(),
                      Seat.objects.count(), ActivityLog.objects.count())  # fmt: skip
    assert open_call.challenges.get() == first  # a call opened since is joined


def test_two_defis_of_the_same_name_get_distinct_slugs(project_world):
    profile()
    project_world.other_proposal.title = project_world.proposal.title
    project_world.other_proposal.save()
    first = challenge_from_proposal(project_world.proposal)
    second = challenge_from_proposal(project_world.other_proposal)
    assert (first.slug, second.slug) == ("detecter-les-fraudes", "detecter-les-fraudes-2")


def test_sending_the_selected_decision_converts_the_proposal(proposal, project_world):
    send(project_world, proposal)
    proposal.refresh_from_db()
    challenge = proposal.challenge
    assert challenge.status == Challenge.Status.DRAFT
    assert challenge.seats == 3
    entry = ActivityLog.objects.get(action="proposal.converted")
    assert entry.actor == project_world.team


def test_the_defi_starts_from_the_version_submitted_last(project_world):
    """Edits the administration left unsubmitted never reach the défi's public draft."""
    from django.db.models import F

    from cohorte.projects.models import Proposal, ProposalVersion
    from cohorte.projects.proposals import snapshot

    proposal = project_world.proposal
    # Its last submission (the call is closed in these tests), then an edit left unsubmitted.
    ProposalVersion.objects.create(
        proposal=proposal, number=proposal.version, submitted_at=proposal.submitted_at,
        data=snapshot(proposal),
    )  # fmt: skip
    edited = dict(proposal.data, sections={**proposal.data["sections"], "problem": "Non déposé."})
    Proposal.objects.filter(pk=proposal.pk).update(
        title="Titre non déposé", data=edited, revision=F("revision") + 1
    )
    proposal.refresh_from_db()
    challenge = challenge_from_proposal(proposal, actor=project_world.team)
    assert challenge.title == "Détecter les fraudes"
    assert "Contexte et problématique à résoudre : texte de la rubrique." in challenge.body
    assert "Non déposé." not in challenge.body
