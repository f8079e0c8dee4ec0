"""The administration's dashboard: each proposal's visible status, questions, deadline;
never a review, score, note or jury comment; queries that do not grow with the list."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte.calls import windows
from cohorte.projects import thread, visible_status
from cohorte.projects.models import Audition, Proposal, ProposalNote
from cohorte.reviews.models import Review
from tests.factories import ProposalFactory
from tests.projects.admin_helpers import close_call, draft

pytestmark = pytest.mark.django_db


def page(client, url=None) -> str:
    response = client.get(url or reverse("projects:dashboard"))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


@pytest.fixture
def member(project_world, client):
    client.force_login(project_world.admin_user)
    return client


def status_of(proposal, now=None):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return visible_status.visible_status(proposal, now or timezone.now())


def test_a_draft_and_a_submitted_proposal_in_the_administrations_words(project_world, member):
    created = draft(project_world, title="Un brouillon")
    text = page(member)
    assert "Un brouillon" in text and "Brouillon" in text
    submitted = project_world.proposal
    moment = windows.format_moment(submitted.submitted_at)
    assert f"Déposée le {moment}" in text
    assert windows.format_moment(project_world.call.closes_at) in text  # the deadline
    assert "Numériser les archives" not in text  # another administration's
    assert status_of(created).label == "Brouillon"


def test_after_the_deadline_a_submitted_proposal_is_being_examined(project_world, member):
    close_call(project_world.call, timezone.now() - datetime.timedelta(hours=1))
    assert status_of(project_world.proposal).label == "En cours d'instruction"
    assert "En cours d'instruction" in page(member)


def test_shortlisted_shows_the_audition_only_once_invited(project_world, member):
    proposal = project_world.proposal
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SHORTLISTED)
    starts = timezone.now() + datetime.timedelta(days=10)
    audition = Audition.objects.create(
        panel=project_world.panel, proposal=proposal, starts_at=starts, duration_minutes=45
    )
    status = status_of(proposal)
    assert status.label == "Retenue pour le jury" and "Audition" not in status.detail
    audition.status = Audition.Status.INVITED
    audition.save()
    text = page(member)
    assert "Retenue pour le jury" in text
    assert (
        f"Audition le {windows.format_moment(starts)}, heure de Paris, pendant 45 minutes." in text
    )


@pytest.mark.parametrize(
    ("status", "label"),
    [("selected", "Lauréate"), ("not_selected", "Non retenue"), ("withdrawn", "Retirée")],
)
def test_decided_and_withdrawn_proposals(project_world, member, status, label):
    Proposal.objects.filter(pk=project_world.proposal.pk).update(
        status=status, withdrawn_at=timezone.now() if status == "withdrawn" else None
    )
    assert status_of(project_world.proposal).label == label
    assert label in page(member)


def test_open_questions_are_counted_and_linked(project_world, member):
    thread.ask(project_world.proposal, "Une première question ?", project_world.team)
    thread.ask(project_world.proposal, "Une seconde ?", project_world.preinstructor)
    text = page(member)
    assert "2 questions" in text
    assert reverse("projects:proposal", args=[project_world.proposal.pk]) + "#messages" in text


def test_reviews_scores_notes_and_jury_comments_are_never_shown(project_world, member):
    proposal = project_world.proposal
    for kind in ProposalNote.Kind.values:
        ProposalNote.objects.create(
            proposal=proposal, kind=kind, author=project_world.team, body=f"SECRET-{kind}"
        )
    Review.objects.create(
        proposal=proposal,
        reviewer=project_world.preinstructor,
        stage=Review.Stage.PRESELECTION,
        comment="SECRET-review",
        total=17,
    )
    for url in (
        reverse("projects:dashboard"),
        reverse("projects:home"),
        reverse("projects:proposal", args=[proposal.pk]),
    ):
        assert "SECRET-" not in page(member, url), url


def grow(world, n):
    for index in range(n):
        proposal = ProposalFactory(call=world.call, organisation=world.organisation)
        thread.ask(proposal, f"Question {index} ?", world.team)
        if index % 2:
            Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.SHORTLISTED)
            Audition.objects.create(
                panel=world.panel,
                proposal=proposal,
                starts_at=timezone.now() + datetime.timedelta(days=3),
                status=Audition.Status.INVITED,
            )


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("name", ["projects:dashboard", "projects:home"])
def test_no_n_plus_one(project_world, member, name):
    url = reverse(name)
    grow(project_world, 2)
    small = count(member, url)
    grow(project_world, 10)
    assert count(member, url) == small


def test_after_the_decision_the_status_says_the_outcome_and_what_comes_next(project_world, member):
    from cohorte.challenges.models import Challenge
    from tests.project_world import after_auditions
    from tests.projects.decisions_helpers import profile, send

    after_auditions(project_world)
    profile()
    project_world.call.announcement_at = timezone.now() + datetime.timedelta(days=3)
    project_world.call.save(update_fields=["announcement_at"])
    send(project_world, project_world.proposal)
    proposal = Proposal.objects.get(pk=project_world.proposal.pk)
    moment = windows.format_moment(project_world.call.announcement_at)
    urls = (
        reverse("projects:dashboard"),
        reverse("projects:proposal", args=[proposal.pk]),
        reverse("accounts:home"),
    )
    for url in urls:
        text = page(member, url)
        assert "Lauréate" in text
        assert (
            f"La page publique du défi paraîtra à l'annonce du {moment}, heure de Paris ; les "
            "candidats EIG pourront alors le choisir."
        ) in text
        assert "en cours d'examen" not in text and "Date limite" not in text
        assert "Modifiable jusqu’au" not in text
        assert proposal.challenge.get_absolute_url() not in text  # hidden until published
    assert (
        "La décision sur votre proposition vous a été communiquée : elle ne peut plus être "
        "modifiée."
    ) in page(member, urls[1])
    Challenge.objects.filter(pk=proposal.challenge_id).update(status=Challenge.Status.PUBLISHED)
    for url in urls:
        text = page(member, url)
        assert f'href="{proposal.challenge.get_absolute_url()}"' in text
        assert "Voir la page publique du défi" in text
        assert "Le défi est publié : les candidats EIG peuvent le choisir" in text


def test_not_selected_says_what_comes_next(project_world, member):
    from tests.project_world import after_auditions
    from tests.projects.decisions_helpers import profile, send

    after_auditions(project_world)
    profile()
    send(project_world, project_world.proposal)  # the other proposal is not selected
    Proposal.objects.filter(pk=project_world.proposal.pk).update(
        organisation=project_world.other_organisation
    )
    Proposal.objects.filter(pk=project_world.other_proposal.pk).update(
        organisation=project_world.organisation
    )
    text = page(member)
    assert "Non retenue" in text
    assert "Vous pourrez proposer un défi aux prochains appels du programme." in text
    assert "Modifiable jusqu’au" not in text


def test_unsubmitted_edits_are_shown_with_a_link_to_submit_again(project_world, member):
    from tests.projects.admin_helpers import full_post

    proposal = project_world.proposal
    text = page(member)
    assert "Modifications non soumises" not in text
    assert "Modifiable jusqu’au" in text  # still open: the deadline is shown
    from cohorte.projects import proposals as domain
    from cohorte.projects.models import ProposalVersion

    saved = Proposal.objects.get(pk=proposal.pk)
    ProposalVersion.objects.update_or_create(
        proposal=saved, number=saved.version or 1,
        defaults={"submitted_at": timezone.now(), "data": domain.snapshot(saved)},
    )  # fmt: skip
    Proposal.objects.filter(pk=saved.pk).update(version=saved.version or 1)
    saved.refresh_from_db()
    assert "Modifications non soumises" not in page(member)
    domain.save_draft(saved, full_post(title="Un nouveau nom"), None, saved.revision,
                      project_world.admin_user)  # fmt: skip
    for url in (reverse("projects:dashboard"), reverse("accounts:home")):
        text = page(member, url)
        assert "Modifications non soumises" in text
        assert reverse("projects:submit", args=[proposal.pk]) in text
