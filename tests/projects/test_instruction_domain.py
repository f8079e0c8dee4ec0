"""Pre-instruction state changes: each checks its transition, writes its audit entry and, for
the shortlist, e-mails the administration; a refusal says why and changes nothing."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import instruction
from cohorte.projects.models import Audition, Proposal, ProposalNote
from tests.factories import OrganisationMemberFactory, ProposalFactory, UserFactory
from tests.projects.instruction_helpers import actions

pytestmark = pytest.mark.django_db


def _ready(proposal):
    proposal.eligibility, proposal.completeness = "eligible", "complete"
    proposal.save()
    return proposal


def _fresh(proposal):
    return Proposal.objects.select_related("call", "organisation").get(pk=proposal.pk)


def test_setting_eligibility_is_audited_with_its_reason_and_sends_nothing(project_world):
    proposal = _fresh(project_world.proposal)
    assert instruction.set_screening(
        proposal, "eligibility", "ineligible", project_world.team, "Hors périmètre."
    )
    proposal.refresh_from_db()
    assert proposal.eligibility == "ineligible"
    entry = ActivityLog.objects.get(action="proposal.eligibility_set")
    assert entry.actor == project_world.team
    assert entry.data == {"value": "ineligible", "previous": "pending", "reason": "Hors périmètre."}
    assert not OutboxMessage.objects.exists()
    # The same value again changes nothing and writes nothing.
    assert not instruction.set_screening(proposal, "eligibility", "ineligible", project_world.team)
    assert ActivityLog.objects.filter(action="proposal.eligibility_set").count() == 1


def test_setting_completeness_is_audited(project_world):
    proposal = _fresh(project_world.proposal)
    assert instruction.set_screening(proposal, "completeness", "complete", project_world.director)
    proposal.refresh_from_db()
    assert proposal.completeness == "complete"
    assert actions(proposal) == ["proposal.completeness_set"]


@pytest.mark.parametrize(
    ("step", "value", "reason", "message"),
    [
        ("eligibility", "maybe", "", "Valeur d'éligibilité inconnue"),
        ("completeness", "full", "", "Valeur de complétude inconnue"),
        ("budget", "eligible", "", "Étape d'examen inconnue"),
        ("eligibility", "eligible", "x" * 1001, "Le texte est trop long"),
    ],
)
def test_bad_screening_is_refused_and_changes_nothing(project_world, step, value, reason, message):
    proposal = _fresh(project_world.proposal)
    with pytest.raises(instruction.InstructionError) as error:
        instruction.set_screening(proposal, step, value, project_world.team, reason)
    assert message in str(error.value)
    proposal.refresh_from_db()
    assert (proposal.eligibility, proposal.completeness) == ("pending", "pending")
    assert not ActivityLog.objects.exists()


def test_a_preinstructor_cannot_screen(project_world):
    proposal = _fresh(project_world.proposal)
    with pytest.raises(instruction.InstructionError, match="Seule l'équipe"):
        instruction.set_screening(proposal, "eligibility", "eligible", project_world.preinstructor)
    proposal.refresh_from_db()
    assert proposal.eligibility == "pending"


def test_a_shortlisted_proposal_stays_eligible_and_complete(project_world):
    proposal = _fresh(_ready(project_world.proposal))
    instruction.shortlist(proposal, project_world.team)
    with pytest.raises(instruction.InstructionError, match="retirez d'abord"):
        instruction.set_screening(proposal, "completeness", "incomplete", project_world.team)
    proposal.refresh_from_db()
    assert proposal.completeness == "complete"


def test_shortlisting_changes_the_status_audits_and_emails_the_administration(project_world):
    colleague = UserFactory(email="colleague@interieur.gouv.fr")
    OrganisationMemberFactory(organisation=project_world.organisation, user=colleague)
    proposal = _fresh(_ready(project_world.proposal))
    assert instruction.shortlist(proposal, project_world.team)
    proposal.refresh_from_db()
    assert proposal.status == "shortlisted"
    assert actions(proposal) == ["proposal.shortlisted"]
    [mail] = OutboxMessage.objects.all()
    assert mail.to == ["admin.user@interieur.gouv.fr", "colleague@interieur.gouv.fr"]
    assert mail.subject == "Votre proposition est retenue pour le jury"
    assert "« Détecter les fraudes » de Ministère de l'Intérieur" in mail.body
    # Twice is once: no second entry, no second e-mail.
    assert not instruction.shortlist(proposal, project_world.team)
    assert OutboxMessage.objects.count() == 1
    assert actions(proposal) == ["proposal.shortlisted"]


@pytest.mark.parametrize(
    ("eligibility", "completeness", "missing"),
    [
        ("pending", "complete", "marquée éligible."),
        ("ineligible", "complete", "marquée éligible."),
        ("eligible", "incomplete", "marquée complète."),
        ("pending", "pending", "marquée éligible et complète."),
    ],
)
def test_only_an_eligible_complete_proposal_is_shortlisted(
    project_world, eligibility, completeness, missing
):
    proposal = project_world.proposal
    proposal.eligibility, proposal.completeness = eligibility, completeness
    proposal.save()
    proposal = _fresh(proposal)
    with pytest.raises(instruction.InstructionError) as error:
        instruction.shortlist(proposal, project_world.team)
    assert str(error.value) == (
        f"Détecter les fraudes : présélection impossible, la proposition n'est pas encore {missing}"
    )
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert not ActivityLog.objects.exists()
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        ("selected", "une décision a déjà été prise (lauréate)"),
        ("not_selected", "une décision a déjà été prise (non retenue)"),
        ("draft", "la proposition est un brouillon non déposé"),
        ("withdrawn", "la proposition a été retirée"),
    ],
)
def test_shortlisting_refuses_other_states(project_world, status, message):
    proposal = _ready(project_world.proposal)
    proposal.status = status
    proposal.save()
    with pytest.raises(instruction.InstructionError) as e:
        instruction.shortlist(_fresh(proposal), project_world.team)
    assert message in str(e.value)
    proposal.refresh_from_db()
    assert proposal.status == status
    assert not OutboxMessage.objects.exists()


def test_a_preinstructor_cannot_shortlist(project_world):
    proposal = _fresh(_ready(project_world.proposal))
    with pytest.raises(instruction.InstructionError, match="Seule l'équipe"):
        instruction.shortlist(proposal, project_world.preinstructor)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"


def test_taking_off_the_list_audits_and_emails(project_world):
    proposal = _fresh(_ready(project_world.proposal))
    instruction.shortlist(proposal, project_world.team)
    assert instruction.unshortlist(proposal, project_world.director)
    proposal.refresh_from_db()
    assert proposal.status == "submitted"
    assert actions(proposal) == ["proposal.shortlisted", "proposal.unshortlisted"]
    subjects = list(OutboxMessage.objects.order_by("id").values_list("subject", flat=True))
    assert subjects == [
        "Votre proposition est retenue pour le jury",
        "Votre proposition n'est plus retenue pour le jury",
    ]
    assert not instruction.unshortlist(proposal, project_world.team)
    assert OutboxMessage.objects.count() == 2


def test_a_proposal_with_an_audition_stays_on_the_list(project_world):
    from django.utils import timezone

    proposal = _fresh(_ready(project_world.proposal))
    instruction.shortlist(proposal, project_world.team)
    Audition.objects.create(panel=project_world.panel, proposal=proposal, starts_at=timezone.now())
    with pytest.raises(instruction.InstructionError, match="une audition est prévue"):
        instruction.unshortlist(proposal, project_world.team)
    proposal.refresh_from_db()
    assert proposal.status == "shortlisted"
    assert OutboxMessage.objects.count() == 1


def test_bulk_shortlist_reports_each_refusal(project_world):
    ready = _fresh(_ready(project_world.proposal))
    pending = _fresh(project_world.other_proposal)
    result = instruction.bulk_shortlist([ready, pending], project_world.team)
    assert result.changed == [ready]
    assert [(p, "présélection impossible" in reason) for p, reason in result.refused] == [
        (pending, True)
    ]
    assert Proposal.objects.get(pk=ready.pk).status == "shortlisted"
    assert Proposal.objects.get(pk=pending.pk).status == "submitted"
    assert OutboxMessage.objects.count() == 1


def test_a_jury_question_is_audited_without_its_text(project_world):
    proposal = _fresh(project_world.proposal)
    note = instruction.add_note(
        proposal, "jury_question", "  Quel accès aux données ?  ", project_world.preinstructor
    )
    assert (note.kind, note.body, note.author) == (
        "jury_question", "Quel accès aux données ?", project_world.preinstructor,
    )  # fmt: skip
    entry = ActivityLog.objects.get(action="proposal.note_added")
    assert entry.data == {"note": note.pk, "kind": "jury_question"}
    assert "accès" not in str(entry.data)
    assert not OutboxMessage.objects.exists()


def test_private_notes_are_the_teams(project_world):
    proposal = _fresh(project_world.proposal)
    instruction.add_note(proposal, "private", "Porteur à rappeler.", project_world.team)
    with pytest.raises(instruction.InstructionError, match="Seule l'équipe"):
        instruction.add_note(proposal, "private", "Note.", project_world.preinstructor)
    assert ProposalNote.objects.filter(kind="private").count() == 1


@pytest.mark.parametrize(
    ("kind", "body", "message"),
    [
        ("jury_question", "   ", "La question est vide"),
        ("private", "", "La note est vide"),
        ("jury_question", "x" * 10_001, "Le texte est trop long (10001 caractères, 10000 au plus)"),
        ("juror_comment", "Un commentaire.", "Type de note inconnu"),
    ],
)
def test_bad_notes_are_refused(project_world, kind, body, message):
    proposal = _fresh(project_world.proposal)
    with pytest.raises(
        instruction.InstructionError, match=message.replace("(", r"\(").replace(")", r"\)")
    ):
        instruction.add_note(proposal, kind, body, project_world.team)
    assert not ProposalNote.objects.exists()
    assert not ActivityLog.objects.exists()


def test_lists_never_show_drafts_withdrawn_or_conflicts(project_world):
    from cohorte.reviews.models import Conflict

    call, user = project_world.call, project_world.preinstructor
    ProposalFactory(call=call, status="draft", submitted_at=None)
    ProposalFactory(call=call, status="withdrawn")
    Conflict.objects.create(proposal=project_world.other_proposal, reviewer=user)
    assert list(instruction.visible_proposals(call, user)) == [project_world.proposal]
    assert instruction.hidden_by_conflicts(call, user) == 1
    [counted] = instruction.instruction_calls(user)
    assert counted.counts["submitted"] == 1 and counted.counts["withdrawn"] == 1
    assert counted.counts["draft"] == 0
    assert counted.listed_counts == [1, 0, 0, 0]
    assert counted.todo == 1


def test_listed_states_are_the_rules_submitted_states():
    from cohorte.projects.rules import SUBMITTED_STATES

    assert set(instruction.LISTED_STATES) == SUBMITTED_STATES
