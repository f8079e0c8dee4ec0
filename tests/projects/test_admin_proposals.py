"""The proposal's life on the administration's side: draft, checks, submit, withdraw, files."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from cohorte.audit.models import ActivityLog
from cohorte.calls import drafts, windows
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import proposal_form, proposals
from cohorte.projects.models import Proposal, ProposalFile, ProposalVersion
from cohorte.projects.proposals import NotAllowed, StaleRevision, WindowClosed
from tests.factories import OrganisationMemberFactory, UserFactory, full_proposal_data
from tests.projects.admin_helpers import (
    EXECUTABLE,
    attach,
    close_call,
    draft,
    full_post,
    pdf_files,
    upload,
)

pytestmark = pytest.mark.django_db


def audit(action, proposal):
    return list(
        ActivityLog.objects.filter(action=action, object_id=str(proposal.pk)).values_list(
            "data", flat=True
        )
    )


def snapshot_of_db(proposal):
    proposal = Proposal.objects.get(pk=proposal.pk)
    return {
        "title": proposal.title,
        "data": proposal.data,
        "revision": proposal.revision,
        "status": proposal.status,
        "version": proposal.version,
        "files": ProposalFile.objects.filter(proposal=proposal).count(),
        "versions": ProposalVersion.objects.filter(proposal=proposal).count(),
        "outbox": OutboxMessage.objects.count(),
    }


# --- Drafts -------------------------------------------------------------------------


def test_a_draft_is_stored_in_the_shape_form_py_documents(project_world):
    proposal = draft(project_world)
    saved = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    assert saved.title == "Détecter les fraudes aux prestations"
    expected = full_proposal_data()
    expected["partners"] = ""
    assert saved.data == expected
    assert saved.revision == 1
    # The same form again changes nothing, not even the revision.
    again = proposals.save_draft(saved, full_post(), None, 1, project_world.admin_user)
    assert again.revision == 1


def test_an_empty_draft_is_accepted(project_world):
    proposal = draft(project_world)
    saved = proposals.save_draft(proposal, {}, None, 0, project_world.admin_user)
    assert saved.data["sections"] == {} and saved.data["fellows_count"] is None


def test_a_section_over_its_limit_keeps_its_stored_text_and_the_rest_is_saved(project_world):
    proposal = draft(project_world)
    proposal = proposals.save_draft(
        proposal, full_post(**{"section-problem": "Contexte enregistré."}), None, 0,
        project_world.admin_user,
    )  # fmt: skip
    post = full_post(
        title="Nouveau nom", **{"section-problem": "x" * 1612, "section-solution": "Nouvelle."}
    )
    with pytest.raises(proposals.PartiallySaved) as partial:
        proposals.save_draft(proposal, post, None, 1, project_world.admin_user)
    assert partial.value.message_dict == {
        "section-problem": [
            "« Contexte et problématique à résoudre » dépasse 1\u202f500 caractères "
            "(1\u202f612 saisis) : raccourcissez-la."
        ]
    }
    saved = Proposal.objects.get(pk=proposal.pk)
    assert partial.value.proposal.revision == saved.revision == 2
    assert saved.title == "Nouveau nom"
    assert saved.data["sections"]["solution"] == "Nouvelle."
    assert saved.data["sections"]["problem"] == "Contexte enregistré."


def test_every_faulty_field_keeps_its_stored_value(project_world):
    proposal = draft(project_world)
    proposal = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    before = Proposal.objects.get(pk=proposal.pk).data
    post = full_post(**{
        "title": "T" * 201, "partners": "Ministère de la Culture",
        "contact-hr-email": "pas une adresse", "contact-hr-name": "Nouveau Nom",
        "cost-junior": "beaucoup", "budget_programme": "12", "fellow-1-mission": "m" * 1001,
        "team-1-percent": "150",
    })  # fmt: skip
    with pytest.raises(proposals.PartiallySaved) as partial:
        proposals.save_draft(proposal, post, None, 1, project_world.admin_user)
    assert sorted(partial.value.message_dict) == [
        "budget_programme", "contact-hr-email", "cost-junior", "fellow-1-mission",
        "team-1-percent", "title",
    ]  # fmt: skip
    saved = Proposal.objects.get(pk=proposal.pk)
    assert saved.title == "Détecter les fraudes aux prestations"
    assert saved.data["partners"] == "Ministère de la Culture"  # a valid field, saved
    assert saved.data["contacts"]["hr"]["email"] == before["contacts"]["hr"]["email"]
    assert saved.data["contacts"]["hr"]["name"] == "Nouveau Nom"
    assert saved.data["employer_costs"] == before["employer_costs"]
    assert saved.data["budget_programme"] == before["budget_programme"]
    assert saved.data["fellows"][0]["mission"] == before["fellows"][0]["mission"]
    assert saved.data["team"] == before["team"]


def test_a_13_page_pitch_is_refused_the_form_and_the_other_file_are_saved(project_world):
    proposal = draft(project_world)
    attach(proposal)
    old_pitch = proposal_form.current_files(proposal)["pitch"]
    files = {"pitch": upload("pitch.pdf", pages=13), "salary_simulation": upload("s.pdf", pages=2)}
    with pytest.raises(proposals.PartiallySaved) as partial:
        proposals.save_draft(proposal, full_post(), files, 0, project_world.admin_user)
    assert partial.value.message_dict == {
        "pitch": ["Le pitch « pitch.pdf » compte 13 pages : 12 pages au plus."]
    }
    current = proposal_form.current_files(proposal)
    assert current["pitch"] == old_pitch  # the file already attached is kept
    assert current["salary_simulation"].pages == 2
    assert [e["kind"] for e in audit("proposal.file_added", proposal)] == ["salary_simulation"]
    assert Proposal.objects.get(pk=proposal.pk).title == "Détecter les fraudes aux prestations"


def test_a_12_page_pitch_is_accepted_and_its_pages_kept(project_world):
    proposal = draft(project_world)
    saved = proposals.save_draft(
        proposal, full_post(), pdf_files(pitch_pages=12), 0, project_world.admin_user
    )
    pitch = proposal_form.current_files(saved)["pitch"]
    assert pitch.pages == 12
    assert ProposalFile.objects.get(pk=pitch.pk).uploaded_by == project_world.admin_user
    added = {entry["kind"]: entry for entry in audit("proposal.file_added", proposal)}
    assert added["pitch"]["pages"] == 12 and added["pitch"]["file"] == pitch.pk


def test_a_renamed_executable_is_refused(project_world):
    proposal = draft(project_world)
    files = {"salary_simulation": upload("simulation.pdf", content=EXECUTABLE)}
    with pytest.raises(proposals.PartiallySaved) as refused:
        proposals.save_draft(proposal, full_post(), files, 0, project_world.admin_user)
    assert "n'est pas un PDF" in refused.value.message_dict["salary_simulation"][0]
    assert ProposalFile.objects.filter(proposal=proposal).count() == 0
    assert not audit("proposal.file_added", proposal)


def test_a_replaced_file_is_kept_for_the_versions(project_world):
    proposal = draft(project_world)
    first = proposals.save_draft(proposal, {}, pdf_files(2), 0, project_world.admin_user)
    second = proposals.save_draft(
        first, {}, {"pitch": upload("pitch-v2.pdf", pages=4)}, first.revision,
        project_world.admin_user,
    )  # fmt: skip
    pitches = ProposalFile.objects.filter(proposal=proposal, kind="pitch").order_by("pk")
    assert [(f.original_name, f.is_current) for f in pitches] == [
        ("pitch.pdf", False),
        ("pitch-v2.pdf", True),
    ]
    assert second.revision == 2


# --- Submission ---------------------------------------------------------------------


def test_an_incomplete_proposal_lists_what_is_missing_by_field(project_world):
    proposal = draft(project_world)
    with pytest.raises(ValidationError) as refused:
        proposals.submit(proposal, project_world.admin_user)
    errors = refused.value.message_dict
    for field in (
        "title", "operational_carrier", "fellows_count", "cost-junior", "cofunding_requested",
        "contact-operational_1-name", "section-problem", "dataset-1-name", "team-1-name",
        "commitments", "pitch", "salary_simulation",
    ):  # fmt: skip
        assert field in errors, field
    assert "partners" not in errors and "contact-operational_2-name" not in errors
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.DRAFT


def test_the_budget_programme_is_required_only_with_a_cofunding_request(project_world):
    proposal = draft(project_world)
    attach(proposal)
    saved = proposals.save_draft(
        proposal, full_post(budget_programme=""), None, 0, project_world.admin_user
    )
    errors = proposal_form.completeness_errors(saved)
    assert list(errors) == ["budget_programme"]
    saved = proposals.save_draft(
        saved,
        full_post(budget_programme="", cofunding_requested="no"),
        None,
        saved.revision,
        project_world.admin_user,
    )
    assert proposal_form.completeness_errors(saved) == {}


def test_fellows_must_match_the_number_requested(project_world):
    proposal = draft(project_world)
    attach(proposal)
    post = full_post(fellows_count="1")
    saved = proposals.save_draft(proposal, post, None, 0, project_world.admin_user)
    assert (
        "Vous demandez 1 EIG mais décrivez la mission d'un EIG 2"
        in (proposal_form.completeness_errors(saved)["fellow-2-mission"][0])
    )
    saved = proposals.save_draft(
        saved, full_post(fellows_count="3"), None, saved.revision, project_world.admin_user
    )
    errors = proposal_form.completeness_errors(saved)
    assert set(errors) == {"fellow-3-mission", "fellow-3-profile"}


def test_submit_makes_a_version_sends_the_receipt_and_logs_it(project_world):
    colleague = UserFactory(username="collegue", email="collegue@interieur.gouv.fr")
    OrganisationMemberFactory(organisation=project_world.organisation, user=colleague)
    proposal = draft(project_world)
    files = attach(proposal)
    proposal = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    now = project_world.call.closes_at - datetime.timedelta(days=1)
    version = proposals.submit(proposal, project_world.admin_user, now=now)
    proposal.refresh_from_db()
    assert (proposal.status, proposal.version, proposal.submitted_at) == ("submitted", 1, now)
    assert proposal.first_submitted_at == now
    assert proposal.round == project_world.call.rounds.get()
    assert version.number == 1 and version.submitted_by == project_world.admin_user
    assert version.data["title"] == "Détecter les fraudes aux prestations"
    assert version.data["data"] == proposal.data
    assert {f["id"] for f in version.data["files"]} == {f.pk for f in files.values()}
    assert audit("proposal.submitted", proposal) == [
        {"version": 1, "round": proposal.round_id, "submitted_at": now.isoformat()}
    ]
    message = OutboxMessage.objects.get(subject__startswith="Proposition de défi reçue")
    assert sorted(message.to) == ["admin.user@interieur.gouv.fr", "collegue@interieur.gouv.fr"]
    deadline = windows.format_moment(project_world.call.rounds.get().closes_at)
    assert f"jusqu'au {deadline}, heure de Paris" in message.body


def test_resubmitting_until_the_deadline_makes_new_versions(project_world):
    proposal = draft(project_world)
    attach(proposal)
    proposal = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    proposals.submit(proposal, project_world.admin_user)
    proposal.refresh_from_db()
    proposal = proposals.save_draft(
        proposal, full_post(title="Nouveau nom"), None, proposal.revision, project_world.admin_user
    )
    assert drafts.has_unsubmitted_changes(proposal)
    second = proposals.submit(proposal, project_world.admin_user)
    assert second.number == 2 and second.data["title"] == "Nouveau nom"
    proposal.refresh_from_db()
    assert not drafts.has_unsubmitted_changes(proposal)
    assert len(audit("proposal.submitted", proposal)) == 2


def test_one_second_after_the_deadline_the_submission_is_refused(project_world):
    proposal = draft(project_world)
    attach(proposal)
    proposal = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    before = snapshot_of_db(proposal)
    late = project_world.call.closes_at + datetime.timedelta(seconds=1)
    with pytest.raises(WindowClosed) as refused:
        proposals.submit(proposal, project_world.admin_user, now=late)
    moment = windows.format_moment(project_world.call.closes_at)
    assert refused.value.message == (
        f"L'appel a fermé le {moment}, heure de Paris : votre proposition n'a pas pu être déposée."
    )
    assert snapshot_of_db(proposal) == before


def test_the_window_messages_speak_of_a_proposal(project_world):
    call = project_world.call
    upcoming = windows.access(call, None, call.opens_at - datetime.timedelta(days=1), "start")
    assert upcoming.message.endswith("vous pourrez proposer un défi à partir de cette date.")
    withdrawn = draft(project_world, status=Proposal.Status.WITHDRAWN)
    state = proposals.access(withdrawn, call.opens_at)
    assert state.message == (
        "Vous avez retiré cette proposition : elle ne peut plus être modifiée."
    )


def test_a_double_click_on_an_unchanged_form_submits_it_once(project_world, monkeypatch):
    proposal = draft(project_world)
    attach(proposal)
    saved = proposals.save_draft(proposal, full_post(), None, 0, project_world.admin_user)
    real_save_draft = proposals.save_draft

    def overtaken(*args, **kwargs):
        # The second click's save is done; the first click's whole submission finishes now.
        result = real_save_draft(*args, **kwargs)
        monkeypatch.setattr(proposals, "save_draft", real_save_draft)
        proposals.save_and_submit(
            proposal, full_post(), None, saved.revision, project_world.admin_user
        )
        return result

    monkeypatch.setattr(proposals, "save_draft", overtaken)
    with pytest.raises(StaleRevision):
        proposals.save_and_submit(
            proposal, full_post(), None, saved.revision, project_world.admin_user
        )
    assert list(proposal.versions.values_list("number", flat=True)) == [1]
    assert len(audit("proposal.submitted", proposal)) == 1
    assert (
        OutboxMessage.objects.filter(subject__startswith="Proposition de défi reçue").count() == 1
    )


# --- Withdrawal ---------------------------------------------------------------------


def test_withdraw_logs_tells_every_member_and_makes_it_read_only(project_world):
    proposal = project_world.proposal
    proposals.withdraw(proposal, project_world.admin_user)
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.WITHDRAWN and proposal.withdrawn_at
    assert audit("proposal.withdrawn", proposal) == [{"previous_status": "submitted"}]
    message = OutboxMessage.objects.get(subject__startswith="Proposition de défi retirée")
    assert message.to == ["admin.user@interieur.gouv.fr"]
    assert not proposals.access(proposal, datetime.datetime.now(datetime.UTC)).open
    with pytest.raises(proposals.ProposalError) as refused:
        proposals.withdraw(proposal, project_world.admin_user)
    assert refused.value.message == "Cette proposition est déjà retirée."


def test_a_decided_proposal_cannot_be_withdrawn(project_world):
    proposal = project_world.proposal
    Proposal.objects.filter(pk=proposal.pk).update(status=Proposal.Status.NOT_SELECTED)
    proposal.refresh_from_db()
    with pytest.raises(proposals.ProposalError):
        proposals.withdraw(proposal, project_world.admin_user)
    assert Proposal.objects.get(pk=proposal.pk).status == Proposal.Status.NOT_SELECTED


# --- Starting -----------------------------------------------------------------------


def test_start_creates_a_draft_for_a_member(project_world):
    proposal = proposals.start(
        project_world.call, project_world.organisation, project_world.admin_user
    )
    assert (
        proposal.status == Proposal.Status.DRAFT and proposal.created_by == project_world.admin_user
    )
    assert audit("proposal.created", proposal) == [{"organisation": project_world.organisation.pk}]


def test_start_is_refused_to_a_non_member_a_personal_address_and_a_closed_call(project_world):
    call, organisation = project_world.call, project_world.organisation
    with pytest.raises(NotAllowed):
        proposals.start(call, organisation, project_world.other_admin_user)
    personal = UserFactory(username="perso", email="camille@gmail.com")
    OrganisationMemberFactory(organisation=organisation, user=personal)
    with pytest.raises(NotAllowed) as refused:
        proposals.start(call, organisation, personal)
    assert "adresse personnelle (gmail.com)" in refused.value.message
    close_call(call, call.opens_at + datetime.timedelta(days=1))
    call.refresh_from_db()
    with pytest.raises(WindowClosed) as refused:
        proposals.start(call, organisation, project_world.admin_user)
    assert refused.value.message.endswith("il n'est plus possible de proposer un défi.")
    assert Proposal.objects.filter(status=Proposal.Status.DRAFT).count() == 0


# --- The mechanisms shared with the call for applications ----------------------------


def test_the_page_limit_names_the_document_or_says_file():
    from cohorte.calls.files import check_pdf_content

    with pytest.raises(ValidationError) as refused:
        check_pdf_content(upload("cv.pdf", pages=3), 10**7, max_pages=2)
    assert refused.value.messages == ["Le fichier « cv.pdf » compte 3 pages : 2 pages au plus."]
    assert check_pdf_content(upload("cv.pdf", pages=2), 10**7, max_pages=2).pages == 2


@pytest.mark.parametrize("revision", [None, "", "abc", "1"])
def test_a_missing_or_unreadable_revision_is_stale(project_world, revision):
    proposal = draft(project_world)
    with pytest.raises(StaleRevision):
        proposals.save_draft(proposal, full_post(), None, revision, project_world.admin_user)
    assert Proposal.objects.get(pk=proposal.pk).revision == 0
