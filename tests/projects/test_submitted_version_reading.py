"""Reviewers and jurors read a proposal as it was submitted last: the administration may go on
editing a submitted proposal while the call is open, and its unsubmitted edits are not theirs."""

import pytest
from django.db.models import F
from django.urls import reverse

from cohorte.projects import proposals
from cohorte.projects.models import Proposal, ProposalFile
from tests.factories import ExpertiseFactory
from tests.projects.instruction_helpers import add_file

pytestmark = pytest.mark.django_db

SUBMITTED_TEXT = "Contexte et problématique à résoudre : texte de la rubrique."
EDITED_TEXT = "Un contexte réécrit après le dépôt, pas encore déposé."
NOTICE = "L’administration a modifié sa proposition depuis"


def _complete(proposal):
    """What the factory's proposal lacks to be submitted: its profile sought, its files."""
    ExpertiseFactory(name="Développement", slug="developpement")
    add_file(proposal, kind="salary_simulation", name="simulation.pdf")
    return add_file(proposal, name="pitch-depose.pdf")


def _submitted_then_edited(world):
    """The proposal submitted with its pitch, then retitled, rewritten and its pitch replaced
    (as the administration's autosave leaves it: a new revision, a new current file)."""
    proposal = world.proposal
    first_pitch = _complete(proposal)
    proposals.submit(proposal, world.admin_user)
    proposal.refresh_from_db()
    data = dict(proposal.data)
    data["sections"] = {**data["sections"], "problem": EDITED_TEXT}
    ProposalFile.objects.filter(pk=first_pitch.pk).update(is_current=False)
    new_pitch = add_file(proposal, name="pitch-brouillon.pdf")
    Proposal.objects.filter(pk=proposal.pk).update(
        title="Titre en cours de réécriture", data=data, revision=F("revision") + 1
    )
    proposal.refresh_from_db()
    return proposal, first_pitch, new_pitch


def _assert_reads_the_submitted_version(text, proposal, first_pitch, new_pitch, file_view):
    assert "Détecter les fraudes" in text
    assert "Titre en cours de réécriture" not in text
    assert SUBMITTED_TEXT in text and EDITED_TEXT not in text
    assert NOTICE.replace("’", "&#x27;") in text or NOTICE in text
    assert f"Vous lisez la version {proposal.version}, déposée le" in text
    # The pitch of the submitted version is the one read; the draft's is listed apart.
    files = text.split('id="fichiers"')[1]
    read, others = files.split("Pièces remplacées") if "Pièces remplacées" in files else (files, "")
    assert reverse(file_view, args=[proposal.pk, first_pitch.pk]) in read
    assert reverse(file_view, args=[proposal.pk, new_pitch.pk]) not in read


def test_the_preinstructor_reads_the_version_submitted_last(project_world, client):
    proposal, first_pitch, new_pitch = _submitted_then_edited(project_world)
    for user in (project_world.preinstructor, project_world.team):
        client.force_login(user)
        response = client.get(reverse("instruction:proposal", args=[proposal.pk]))
        assert response.status_code == 200
        _assert_reads_the_submitted_version(
            response.content.decode(), proposal, first_pitch, new_pitch,
            "instruction:proposal_file",
        )  # fmt: skip
    # The proposal itself keeps the administration's draft.
    proposal.refresh_from_db()
    assert proposal.title == "Titre en cours de réécriture"
    assert proposal.data["sections"]["problem"] == EDITED_TEXT


def test_the_juror_reads_the_version_submitted_last(project_world, client):
    proposal, first_pitch, new_pitch = _submitted_then_edited(project_world)
    client.force_login(project_world.juror)
    response = client.get(reverse("defi_jury:defi", args=[project_world.panel.pk, proposal.pk]))
    assert response.status_code == 200
    _assert_reads_the_submitted_version(
        response.content.decode(), proposal, first_pitch, new_pitch, "defi_jury:file"
    )
    # The file of the submitted version is served to the juror even though it was replaced.
    served = client.get(reverse("defi_jury:file", args=[proposal.pk, first_pitch.pk]))
    assert served.status_code == 200


def test_without_edits_since_the_submission_no_notice_is_shown(project_world, client):
    proposal = project_world.proposal
    _complete(proposal)
    proposals.submit(proposal, project_world.admin_user)
    client.force_login(project_world.preinstructor)
    text = client.get(reverse("instruction:proposal", args=[proposal.pk])).content.decode()
    assert SUBMITTED_TEXT in text
    assert "Vous lisez la version" not in text


def test_a_resubmission_makes_the_edits_readable(project_world, client):
    proposal, _first, new_pitch = _submitted_then_edited(project_world)
    proposals.submit(proposal, project_world.admin_user)
    client.force_login(project_world.preinstructor)
    text = client.get(reverse("instruction:proposal", args=[proposal.pk])).content.decode()
    assert "Titre en cours de réécriture" in text and EDITED_TEXT in text
    assert "Vous lisez la version" not in text
    assert reverse("instruction:proposal_file", args=[proposal.pk, new_pitch.pk]) in text


def test_the_list_of_proposals_shows_them_as_submitted_last(project_world, client):
    proposal, _first, _new = _submitted_then_edited(project_world)
    client.force_login(project_world.preinstructor)
    text = client.get(reverse("instruction:call", args=[project_world.call.pk])).content.decode()
    assert "Détecter les fraudes" in text
    assert "Titre en cours de réécriture" not in text
    client.force_login(project_world.team)
    export = client.get(reverse("instruction:export", args=[project_world.call.pk, "csv"]))
    assert export.status_code == 200
    content = b"".join(export.streaming_content) if export.streaming else export.content
    exported = content.decode("utf-8-sig")
    assert "Détecter les fraudes" in exported and "Titre en cours de réécriture" not in exported
