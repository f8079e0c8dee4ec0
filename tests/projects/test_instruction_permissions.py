"""Every pre-instruction view for every role of the project world, with exact status codes."""

import pytest
from django.urls import reverse

from cohorte.reviews.models import Conflict
from tests.projects.instruction_helpers import add_file, full_scores

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "admin_user", "other_admin_user", "team", "director",
         "preinstructor", "juror", "other_juror"]  # fmt: skip
TEAM = {"team", "director"}
INSTRUCTORS = TEAM | {"preinstructor"}
# Views naming a call: refused with 403. Views naming a proposal: 404 to whoever may not see it.
CALL_VIEWS = {"home", "call", "bulk_action", "export"}
TEAM_ONLY = {"bulk_action", "export", "proposal_screening", "proposal_shortlist", "private_note"}


def _views(world):
    """(name, method, url, data, status for an allowed user) of every view."""
    proposal, call = world.proposal, world.call
    file = add_file(proposal)

    def url(name, *args):
        return reverse(f"instruction:{name}", args=args)

    review = {**full_scores(call), "comment": "Solide.", "recommendation": "yes"}
    return [
        ("home", "get", url("home"), None, 200),
        ("call", "get", url("call", call.pk), None, 200),
        ("bulk_action", "post", url("bulk_action", call.pk),
         {"action": "shortlist", "ids": [proposal.pk]}, 302),
        ("export", "get", url("export", call.pk, "csv"), None, 200),
        ("proposal", "get", url("proposal", proposal.pk), None, 200),
        ("proposal_file", "get", url("proposal_file", proposal.pk, file.pk), None, 200),
        ("proposal_review", "post", url("proposal_review", proposal.pk), review, 302),
        ("proposal_conflict", "get", url("proposal_conflict", proposal.pk), None, 200),
        ("proposal_screening", "post", url("proposal_screening", proposal.pk),
         {"step": "eligibility", "eligibility-value": "eligible"}, 302),
        ("proposal_shortlist", "post", url("proposal_shortlist", proposal.pk), {}, 302),
        ("proposal_question", "post", url("proposal_question", proposal.pk),
         {"body": "Quel est le budget ?"}, 302),
        ("jury_question", "post", url("proposal_note", proposal.pk),
         {"kind": "jury_question", "body": "Demander le calendrier."}, 302),
        ("private_note", "post", url("proposal_note", proposal.pk),
         {"kind": "private", "body": "Porteur très motivé."}, 302),
    ]  # fmt: skip


def _expected(role, name, allowed_status):
    if role == "anonymous":
        return 302
    if role not in INSTRUCTORS:
        return 403 if name in CALL_VIEWS else 404
    if role == "preinstructor" and name in TEAM_ONLY:
        return 403
    return allowed_status


@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(project_world, client, role):
    user = project_world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    for name, method, url, data, allowed_status in _views(project_world):
        response = getattr(client, method)(url, data or {})
        expected = _expected(role, name, allowed_status)
        assert response.status_code == expected, (name, response.status_code, expected)
        if role == "anonymous":
            assert response["Location"].startswith(reverse("account_login")), name


@pytest.mark.parametrize("role", ["admin_user", "juror", "other_juror", "preinstructor"])
def test_refused_users_change_nothing(project_world, client, role):
    client.force_login(project_world.roles()[role])
    for _name, method, url, data, _status in _views(project_world):
        if method == "post" and _expected(role, _name, _status) in (403, 404):
            getattr(client, method)(url, data or {})
    proposal = project_world.proposal
    proposal.refresh_from_db()
    assert (proposal.status, proposal.eligibility) == ("submitted", "pending")
    assert not proposal.notes.filter(kind="private").exists()
    if role != "preinstructor":
        assert not proposal.reviews.exists()
        assert not proposal.messages.exists()
        assert not proposal.notes.exists()


@pytest.mark.parametrize("role", ["preinstructor", "team"])
def test_a_conflicted_reviewer_gets_404_on_every_proposal_view(project_world, client, role):
    user = project_world.roles()[role]
    Conflict.objects.create(proposal=project_world.proposal, reviewer=user, reason="ancien poste")
    client.force_login(user)
    for name, method, url, data, _status in _views(project_world):
        if name in CALL_VIEWS:
            continue
        response = getattr(client, method)(url, data or {})
        assert response.status_code == 404, name
    proposal = project_world.proposal
    proposal.refresh_from_db()
    assert (proposal.status, proposal.eligibility) == ("submitted", "pending")
    assert not proposal.reviews.exists()
    assert not proposal.messages.exists()
    assert not proposal.notes.exists()


def test_drafts_and_withdrawn_proposals_are_404_even_for_the_team(project_world, client):
    client.force_login(project_world.team)
    proposal = project_world.proposal
    for status in ("draft", "withdrawn"):
        proposal.status = status
        proposal.save()
        url = reverse("instruction:proposal", args=[proposal.pk])
        assert client.get(url).status_code == 404, status


def test_unknown_ids_and_a_call_for_applications_are_404(project_world, client):
    from tests.factories import ApplicationCallFactory

    client.force_login(project_world.team)
    applications = ApplicationCallFactory()
    assert client.get(reverse("instruction:call", args=[applications.pk])).status_code == 404
    assert client.get(reverse("instruction:call", args=[999999])).status_code == 404
    assert client.get(reverse("instruction:proposal", args=[999999])).status_code == 404
    other_file = add_file(project_world.other_proposal)
    url = reverse("instruction:proposal_file", args=[project_world.proposal.pk, other_file.pk])
    assert client.get(url).status_code == 404
    url = reverse("instruction:export", args=[project_world.call.pk, "pdf"])
    assert client.get(url).status_code == 404


def test_post_views_refuse_get(project_world, client):
    client.force_login(project_world.team)
    pk = project_world.proposal.pk
    for name in ("proposal_review", "proposal_screening", "proposal_shortlist",
                 "proposal_question", "proposal_note"):  # fmt: skip
        assert client.get(reverse(f"instruction:{name}", args=[pk])).status_code == 405, name
    url = reverse("instruction:bulk_action", args=[project_world.call.pk])
    assert client.get(url).status_code == 405
