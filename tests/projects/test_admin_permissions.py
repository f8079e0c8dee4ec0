"""Every view of the administration space for every role: who gets in, who is refused."""

import pytest
from django.urls import reverse

from cohorte.projects.models import (
    OrganisationInvitation,
    OrganisationMember,
    Proposal,
    ProposalMessage,
    ProposalVersion,
)
from tests.projects.admin_helpers import attach, full_post

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "admin_user",
    "other_admin_user",
    "team",
    "director",
    "preinstructor",
    "juror",
    "other_juror",
]
# Who may read the proposal elsewhere (instruction, jury): a 403 here, not a 404.
KNOWS_THE_PROPOSAL = {"team", "director", "preinstructor", "juror"}
# Views every signed-in person may open.
OPEN_TO_ALL = {"home", "dashboard", "new"}
# htmx endpoints: an expired session is announced (401), never redirected to a login page.
HTMX = {"autosave", "estimate"}


def _setup(world):
    proposal = world.proposal
    files = attach(proposal)
    ProposalVersion.objects.create(
        proposal=proposal, number=1, submitted_at=proposal.submitted_at, data={"files": []}
    )
    ProposalMessage.objects.create(
        proposal=proposal, author=world.team, from_team=True, is_question=True, body="Combien ?"
    )
    return proposal, files


def _views(world, proposal, files):
    """(name, method, url, data, status for the administration's member), in a safe order."""
    pk = proposal.pk
    form = full_post(revision=str(proposal.revision))
    return [
        ("home", "get", reverse("projects:home"), None, 200),
        ("dashboard", "get", reverse("projects:dashboard"), None, 200),
        ("new", "get", reverse("projects:new", args=[world.call.slug]), None, 200),
        (
            "organisation",
            "get",
            reverse("projects:organisation", args=[world.organisation.pk]),
            None,
            200,
        ),
        (
            "organisation_invite",
            "post",
            reverse("projects:organisation", args=[world.organisation.pk]),
            {"email": "collegue@interieur.gouv.fr"},
            302,
        ),
        ("proposal", "get", reverse("projects:proposal", args=[pk]), None, 200),
        ("estimate", "post", reverse("projects:estimate", args=[pk]), form, 200),
        ("autosave", "post", reverse("projects:autosave", args=[pk]), form, 200),
        ("submit_check", "get", reverse("projects:submit", args=[pk]), None, 200),
        ("receipt", "get", reverse("projects:receipt", args=[pk]), None, 200),
        (
            "file",
            "get",
            reverse("projects:file", args=[pk, files["pitch"].pk]),
            None,
            200,
        ),
        ("reply", "post", reverse("projects:reply", args=[pk]), {"body": "Deux EIG."}, 302),
        ("withdraw_confirm", "get", reverse("projects:withdraw", args=[pk]), None, 200),
        ("withdraw", "post", reverse("projects:withdraw", args=[pk]), {}, 302),
    ]


def _state(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return {
        "status": proposal.status,
        "revision": proposal.revision,
        "data": proposal.data,
        "messages": ProposalMessage.objects.filter(proposal=proposal).count(),
        "invitations": OrganisationInvitation.objects.count(),
        "members": OrganisationMember.objects.count(),
    }


def _expected(role, name, allowed_status):
    if role == "admin_user":
        return allowed_status
    if role == "anonymous":
        return 401 if name in HTMX else 302
    if name in OPEN_TO_ALL:
        return allowed_status
    if name.startswith("organisation"):
        return 404  # another administration is never hinted at
    return 403 if role in KNOWS_THE_PROPOSAL else 404


@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(project_world, client, role):
    proposal, files = _setup(project_world)
    user = project_world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    before = _state(proposal)
    for name, method, url, data, allowed_status in _views(project_world, proposal, files):
        response = getattr(client, method)(url, data or {})
        expected = _expected(role, name, allowed_status)
        assert response.status_code == expected, (name, response.status_code)
        if expected == 302 and role == "anonymous":
            assert response["Location"].startswith(reverse("account_login")), name
    if role != "admin_user":
        assert _state(proposal) == before  # nothing changed by a refused request
    else:
        assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.WITHDRAWN


@pytest.mark.parametrize("role", ["admin_user", "other_admin_user", "team"])
def test_a_submission_for_every_role(project_world, client, role):
    proposal, _files = _setup(project_world)
    client.force_login(project_world.roles()[role])
    before = ProposalVersion.objects.count()
    response = client.post(
        reverse("projects:submit", args=[proposal.pk]),
        full_post(revision=str(proposal.revision)),
    )
    expected = {"admin_user": 302, "other_admin_user": 404, "team": 403}[role]
    assert response.status_code == expected
    assert ProposalVersion.objects.count() == before + (1 if role == "admin_user" else 0)


@pytest.mark.parametrize("role", ["admin_user", "other_admin_user", "team"])
def test_a_save_for_every_role(project_world, client, role):
    proposal, _files = _setup(project_world)
    client.force_login(project_world.roles()[role])
    response = client.post(
        reverse("projects:proposal", args=[proposal.pk]),
        full_post(revision=str(proposal.revision), title="Un autre nom"),
    )
    expected = {"admin_user": 302, "other_admin_user": 404, "team": 403}[role]
    assert response.status_code == expected
    title = Proposal.objects.get(pk=proposal.pk).title
    assert (title == "Un autre nom") == (role == "admin_user")


def test_a_file_of_another_proposal_is_not_found_through_ones_own(project_world, client):
    _setup(project_world)
    others = attach(project_world.other_proposal)
    client.force_login(project_world.admin_user)
    url = reverse("projects:file", args=[project_world.proposal.pk, others["pitch"].pk])
    assert client.get(url).status_code == 404
