"""Decisions on proposals go through the call for applications' validation and sending."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import EmailTemplate, OutboxMessage
from cohorte.projects.models import OrganisationMember, Proposal
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision
from tests.factories import OrganisationMemberFactory, ProposalFactory, UserFactory
from tests.projects.decisions_helpers import (
    decisions,
    login,
    profile,
    send,
    snapshot,
    stage,
    text,
    validate,
)

pytestmark = pytest.mark.django_db


def call_url(world, name):
    return reverse(name, args=[world.call.pk])


# Validation ---------------------------------------------------------------------------------


def test_the_director_validates_with_an_audit_entry(project_world):
    stage(project_world, project_world.proposal)
    validated = selection_domain.validate_decisions(
        decisions(project_world), project_world.director
    )
    assert {d.status for d in validated} == {"validated"}
    assert {d.validated_by for d in Decision.objects.all()} == {project_world.director}
    entries = ActivityLog.objects.filter(action="decision.validated").order_by("pk")
    assert [e.object_id for e in entries] == [
        str(project_world.proposal.pk),
        str(project_world.other_proposal.pk),
    ]
    assert {e.actor for e in entries} == {project_world.director}


def test_a_team_member_may_not_validate(project_world):
    stage(project_world, project_world.proposal)
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="Seule la direction"):
        selection_domain.validate_decisions(decisions(project_world), project_world.team)
    assert snapshot(project_world) == before


def test_a_proposal_withdrawn_after_staging_cannot_be_validated(project_world):
    stage(project_world, project_world.proposal)
    Proposal.objects.filter(pk=project_world.proposal.pk).update(status="withdrawn")
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="Détecter les fraudes"):
        selection_domain.validate_decisions(decisions(project_world), project_world.director)
    assert snapshot(project_world) == before


def test_the_director_page_lists_the_staged_decisions_and_validates_some(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "director")
    url = call_url(project_world, "project_decisions:validation")
    page = text(client.get(url))
    assert "Défis retenus (1)" in page and "Propositions non retenues (1)" in page
    assert "cofinancement jusqu’à 42\u202f600 €" in page
    assert "Valider toutes les décisions à valider (2)" in page
    chosen = Decision.objects.get(proposal=project_world.proposal)
    response = client.post(url, {"decisions": [chosen.pk]})
    assert response.status_code == 302
    assert dict(Decision.objects.values_list("proposal", "status")) == {
        project_world.proposal.pk: "validated",
        project_world.other_proposal.pk: "staged",
    }
    client.post(url, {"all": "1"})
    assert set(Decision.objects.values_list("status", flat=True)) == {"validated"}


def test_the_director_reads_in_words_that_the_envelope_is_exceeded(client, project_world):
    from cohorte.projects.models import FundingRules

    FundingRules.objects.filter(cohort=project_world.call.cohort).update(envelope=50000)
    stage(project_world, project_world.proposal, project_world.other_proposal, override=True)
    login(client, project_world, "director")
    page = text(client.get(call_url(project_world, "project_decisions:validation")))
    assert (
        "Cofinancement des défis retenus (haut de l’estimation) : 85\u202f200 € pour une "
        "enveloppe de 50\u202f000 €. <strong>Dépassement : 35\u202f200 € de plus que "
        "l’enveloppe.</strong>"
    ) in page

    FundingRules.objects.filter(cohort=project_world.call.cohort).update(envelope=100000)
    page = text(client.get(call_url(project_world, "project_decisions:validation")))
    assert "pour une enveloppe de 100\u202f000 €." in page
    assert "Dépassement" not in page and "fr-error-text" not in page


def test_validating_an_unknown_or_another_calls_decision_changes_nothing(client, project_world):
    stage(project_world, project_world.proposal)
    stranger = Decision.objects.create(proposal=ProposalFactory(), outcome="not_selected")
    login(client, project_world, "director")
    url = call_url(project_world, "project_decisions:validation")
    before = snapshot(project_world)
    for value in (str(stranger.pk), "abc"):
        response = client.post(url, {"decisions": [value]}, follow=True)
        assert "n'est plus à valider : rien n'a changé" in text(response)
    response = client.post(url, {"some": "1"}, follow=True)
    assert "Cochez au moins une décision à valider." in text(response)
    assert snapshot(project_world) == before


def test_the_validation_page_does_not_grow_in_queries(client, project_world):
    login(client, project_world, "director")
    url = call_url(project_world, "project_decisions:validation")

    def add(count):
        for _ in range(count):
            proposal = ProposalFactory(call=project_world.call, status="shortlisted")
            Decision.objects.create(proposal=proposal, outcome="not_selected")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


# Sending -------------------------------------------------------------------------------------


def test_sending_emails_every_member_and_decides_the_proposals(project_world):
    profile()
    colleague = UserFactory(email="colleague@interieur.gouv.fr")
    OrganisationMemberFactory(organisation=project_world.organisation, user=colleague)
    messages = send(project_world, project_world.proposal)
    selected, not_selected = sorted(messages, key=lambda m: m.subject != "Votre défi est retenu")
    assert selected.to == ["admin.user@interieur.gouv.fr", "colleague@interieur.gouv.fr"]
    assert selected.subject == "Votre défi est retenu"
    assert "« Détecter les fraudes » de Ministère de l'Intérieur est retenue" in selected.body
    assert "(date à venir)" in selected.body
    assert not_selected.to == ["other.admin@culture.gouv.fr"]
    assert not_selected.subject == "Réponse à votre proposition de défi"
    assert "« Numériser les archives » de Ministère de la Culture" in not_selected.body
    proposal, other = project_world.proposal, project_world.other_proposal
    assert (proposal.status, other.status) == ("selected", "not_selected")
    assert proposal.decided_at is not None and other.decided_at == proposal.decided_at
    assert set(Decision.objects.values_list("status", flat=True)) == {"sent"}
    entries = {e.object_id: e for e in ActivityLog.objects.filter(action="decision.sent")}
    assert entries[str(proposal.pk)].data["message"] == selected.pk
    assert entries[str(proposal.pk)].data["call"] == project_world.call.pk
    assert entries[str(other.pk)].data["outcome"] == "not_selected"
    # The selected proposal became a défi; the other did not.
    assert proposal.challenge is not None and other.challenge is None
    assert ActivityLog.objects.filter(action="proposal.converted").count() == 1
    # A défi has no seat taken by its own proposal's decision.
    assert Decision.objects.get(proposal=proposal).challenge is None


def test_the_email_uses_the_teams_template_and_the_announcement_date(project_world):
    import datetime

    from django.utils import timezone

    project_world.call.announcement_at = timezone.make_aware(datetime.datetime(2027, 3, 15, 10))
    project_world.call.save()
    EmailTemplate.objects.create(
        key="proposal_decision_selected",
        subject="Félicitations {organisation}",
        body="{proposal_title} retenu, annonce le {announcement_date}.",
    )
    messages = send(project_world, project_world.proposal)
    [selected] = [m for m in messages if m.subject.startswith("Félicitations")]
    assert selected.subject == "Félicitations Ministère de l'Intérieur"
    assert selected.body == "Détecter les fraudes retenu, annonce le 15 mars 2027."


def test_sending_an_unvalidated_decision_is_refused(project_world):
    stage(project_world, project_world.proposal)
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="n'est pas validée"):
        selection_domain.send_decisions(decisions(project_world), project_world.team)
    assert snapshot(project_world) == before


def test_sending_without_anyone_to_tell_is_refused(project_world):
    validate(project_world, project_world.proposal)
    OrganisationMember.objects.filter(organisation=project_world.other_organisation).delete()
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="Personne ne représente"):
        selection_domain.send_decisions(decisions(project_world), project_world.team)
    assert snapshot(project_world) == before


def test_the_preview_shows_the_exact_email_then_sending_queues_it(client, project_world):
    validate(project_world, project_world.proposal)
    login(client, project_world, "team")
    page = text(client.get(call_url(project_world, "project_decisions:preview")))
    assert "admin.user@interieur.gouv.fr" in page
    assert "Votre défi est retenu" in page
    assert "Réponse à votre proposition de défi" in page
    assert "Envoyer ces 2 décisions" in page
    ids = [d.pk for d in decisions(project_world)]
    response = client.post(call_url(project_world, "project_decisions:send"), {"decisions": ids})
    assert response.status_code == 302
    assert response["Location"] == call_url(project_world, "project_decisions:outbox")
    assert OutboxMessage.objects.count() == 2
    outbox = client.get(response["Location"])
    items = outbox.context["items"]
    assert {i["subject"] for i in items} == {project_world.proposal, project_world.other_proposal}
    assert {i["message"].status for i in items} == {"queued"}
    assert "Détecter les fraudes" in text(outbox)


def test_sending_what_was_not_previewed_is_refused(client, project_world):
    validate(project_world, project_world.proposal)
    stranger = Decision.objects.create(
        proposal=ProposalFactory(), outcome="not_selected", status="validated"
    )
    login(client, project_world, "team")
    before = snapshot(project_world)
    ids = [d.pk for d in decisions(project_world)]
    for data in ({"decisions": [*ids, stranger.pk]}, {"decisions": ["x"]}, {}):
        response = client.post(call_url(project_world, "project_decisions:send"), data, follow=True)
        assert "rien n'a été envoyé" in text(response)
    assert snapshot(project_world) == before


def test_sending_staged_decisions_from_the_page_is_refused(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "team")
    before = snapshot(project_world)
    ids = [d.pk for d in decisions(project_world)]
    response = client.post(
        call_url(project_world, "project_decisions:send"), {"decisions": ids}, follow=True
    )
    assert "n'est pas validée par la direction du programme" in text(response)
    assert snapshot(project_world) == before


def test_the_preview_does_not_grow_in_queries(client, project_world):
    login(client, project_world, "team")
    url = call_url(project_world, "project_decisions:preview")

    def add(count):
        for _ in range(count):
            proposal = ProposalFactory(call=project_world.call, status="shortlisted")
            OrganisationMemberFactory(organisation=proposal.organisation)
            Decision.objects.create(proposal=proposal, outcome="not_selected", status="validated")

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


# The outbox --------------------------------------------------------------------------------


def test_failed_emails_are_shown_and_retried(client, project_world):
    send(project_world, project_world.proposal)
    message = OutboxMessage.objects.order_by("pk").first()
    OutboxMessage.objects.filter(pk=message.pk).update(status="failed", last_error="refusé")
    login(client, project_world, "team")
    page = text(client.get(call_url(project_world, "project_decisions:outbox")))
    assert "Renvoyer l’e-mail en échec" in page
    assert "refusé" in page
    response = client.post(
        call_url(project_world, "project_decisions:retry"), {"message": message.pk}
    )
    assert response.status_code == 302
    message.refresh_from_db()
    assert message.status == "queued"
    entry = ActivityLog.objects.get(action="decision.email_retried")
    assert entry.data["message"] == message.pk
    assert entry.content_type.model == "proposal"
    response = client.post(call_url(project_world, "project_decisions:retry"), follow=True)
    assert "Aucun e-mail en échec à renvoyer." in text(response)


def test_the_outbox_of_a_call_shows_its_own_emails_only(client, project_world):
    from tests.factories import ApplicationCallFactory

    send(project_world, project_world.proposal)
    applications = ApplicationCallFactory(cohort=project_world.call.cohort)
    assert selection_domain.decision_messages(applications) == []
    login(client, project_world, "team")
    page = client.get(call_url(project_world, "project_decisions:outbox"))
    assert len(page.context["items"]) == 2


def test_the_outbox_does_not_grow_in_queries(client, project_world):
    login(client, project_world, "team")
    url = call_url(project_world, "project_decisions:outbox")

    def add(count):
        proposals = []
        for _ in range(count):
            proposal = ProposalFactory(call=project_world.call, status="shortlisted")
            OrganisationMemberFactory(organisation=proposal.organisation)
            proposals.append(
                Decision.objects.create(
                    proposal=proposal, outcome="not_selected", status="validated"
                )
            )
        selection_domain.send_decisions(proposals, project_world.team)

    def queries():
        with CaptureQueriesContext(connection) as context:
            assert client.get(url).status_code == 200
        return len(context)

    add(2)
    few = queries()
    add(8)
    assert queries() == few


@pytest.mark.parametrize(("role", "linked"), [("team", False), ("director", True)])
def test_the_steps_of_the_defis_decisions_are_numbered_the_same_for_everyone(
    client, project_world, role, linked
):
    """Step 2 is the director's: the team reads who does it instead of a gap in the numbers."""
    login(client, project_world, role)
    url = reverse("project_decisions:preview", args=[project_world.call.pk])
    page = client.get(url).content.decode()
    assert "1. Sélectionner" in page and "3. Relire et envoyer" in page
    assert ("2. Valider (direction)</a>" in page) is linked
    assert ("2. Valider : action de la direction</span>" in page) is not linked
