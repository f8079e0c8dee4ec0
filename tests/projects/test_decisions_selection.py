"""Selecting the défis: consolidated order, co-funding against the envelope, staging."""

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.projects import decisions as domain
from cohorte.projects.models import PanelVerdict, Proposal
from cohorte.reviews.models import Review
from cohorte.selection import decisions as selection_domain
from cohorte.selection.models import Decision
from tests.factories import (
    PanelFactory,
    ProjectCallFactory,
    ProposalFactory,
    full_proposal_data,
)
from tests.projects.decisions_helpers import (
    login,
    send,
    set_envelope,
    snapshot,
    stage,
    text,
    verdicts,
)

pytestmark = pytest.mark.django_db

HIGH = Decimal("42600.00")  # 2 fellows × 3/10 of 71 000 € (full_proposal_data, senior band)


# The selection ------------------------------------------------------------------------------


def test_the_selection_follows_the_consolidated_order_with_estimates(project_world):
    verdicts(project_world)
    result = domain.selection(project_world.call)
    assert [row.proposal for row in result.rows] == [
        project_world.proposal,
        project_world.other_proposal,
    ]
    assert [row.line.rank for row in result.rows] == [1, 2]
    assert result.rows[1].line.tie_break == "avis du jury"
    assert [row.panel for row in result.rows] == ["Jury des défis A", "Jury des défis B"]
    assert all(row.estimate.high == HIGH for row in result.rows)
    assert all(row.estimate.low == Decimal("37200.00") for row in result.rows)
    assert not any(row.ticked for row in result.rows)
    assert result.envelope == Decimal("1500000.00")


def test_ticked_defis_add_up_against_the_envelope_and_lines_past_it_are_flagged(project_world):
    verdicts(project_world)
    set_envelope(project_world, 50000)
    ids = {project_world.proposal.pk, project_world.other_proposal.pk}
    result = domain.selection(project_world.call, ids)
    assert [(line.amount, line.cumulative, line.over) for line in result.lines] == [
        (HIGH, HIGH, False),
        (HIGH, 2 * HIGH, True),
    ]
    assert result.lines[1].over_by == 2 * HIGH - 50000
    assert result.total == 2 * HIGH
    assert result.over_by == Decimal("35200.00")
    assert result.remaining == 0


def test_defis_selected_in_the_cohorts_other_calls_count_first(project_world):
    other_call = ProjectCallFactory(cohort=project_world.call.cohort)
    ProposalFactory(call=other_call, status=Proposal.Status.SELECTED)
    result = domain.selection(project_world.call, {project_world.proposal.pk})
    assert result.committed == HIGH
    assert [(line.row, line.cumulative) for line in result.lines] == [
        (None, HIGH),
        (result.rows[0] if result.rows[0].ticked else result.rows[1], 2 * HIGH),
    ]


def test_the_listing_keeps_shortlisted_and_decided_proposals_only(project_world):
    call = project_world.call
    shortlisted = ProposalFactory(call=call, status=Proposal.Status.SHORTLISTED)
    ProposalFactory(call=call, status=Proposal.Status.SUBMITTED)  # not on a panel
    ProposalFactory(call=call, status=Proposal.Status.DRAFT)
    withdrawn = ProposalFactory(call=call, status=Proposal.Status.WITHDRAWN)
    project_world.panel.proposals.add(withdrawn)
    listed = {row.proposal for row in domain.selection(call).rows}
    assert listed == {project_world.proposal, project_world.other_proposal, shortlisted}


# Staging ------------------------------------------------------------------------------------


def test_staging_decides_every_listed_proposal_and_writes_the_audit(project_world):
    verdicts(project_world)
    staged = stage(project_world, project_world.proposal)
    outcomes = {d.proposal_id: (d.outcome, d.status, d.challenge_id) for d in staged}
    assert outcomes == {
        project_world.proposal.pk: ("selected", "staged", None),
        project_world.other_proposal.pk: ("not_selected", "staged", None),
    }
    entries = ActivityLog.objects.filter(action="decision.staged").order_by("pk")
    assert [(e.object_id, e.data["outcome"], e.data["source"]) for e in entries] == [
        (str(project_world.proposal.pk), "selected", "selection"),
        (str(project_world.other_proposal.pk), "not_selected", "selection"),
    ]
    assert all(e.actor == project_world.team for e in entries)
    summary = ActivityLog.objects.get(action="decisions.staged")
    assert summary.object_id == str(project_world.call.pk)
    assert summary.data["selected"] == [project_world.proposal.pk]
    assert summary.data["not_selected"] == 1
    assert summary.data["total"] == str(HIGH)
    assert summary.data["override"] is False
    # Staging e-mails nobody: the administrations learn the decision once it is sent.
    from cohorte.notifications.models import OutboxMessage

    assert not OutboxMessage.objects.exists()


def test_staging_past_the_envelope_is_refused_without_the_override(project_world):
    set_envelope(project_world, 50000)
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError) as error:
        stage(project_world, project_world.proposal, project_world.other_proposal)
    message = str(error.value)
    assert "dépasse l'enveloppe de la promotion" in message
    assert "de 35\u202f200 €" in message
    assert "Rien n'a été préparé" in message
    assert snapshot(project_world) == before


def test_staging_past_the_envelope_knowingly_is_recorded(project_world):
    set_envelope(project_world, 50000)
    stage(project_world, project_world.proposal, project_world.other_proposal, override=True)
    assert set(Decision.objects.values_list("outcome", flat=True)) == {"selected"}
    summary = ActivityLog.objects.get(action="decisions.staged")
    assert summary.data["over_envelope"] is True
    assert summary.data["override"] is True
    assert summary.data["over_by"] == "35200.00"
    assert summary.data["envelope"] == "50000.00"


def test_staging_again_replaces_the_staged_and_validated_decisions(project_world):
    stage(project_world, project_world.proposal)
    decisions = list(Decision.objects.all())
    selection_domain.validate_decisions(decisions, project_world.director)
    stage(project_world, project_world.other_proposal)
    assert dict(Decision.objects.values_list("proposal", "outcome")) == {
        project_world.proposal.pk: "not_selected",
        project_world.other_proposal.pk: "selected",
    }
    assert set(Decision.objects.values_list("status", flat=True)) == {"staged"}
    assert Decision.objects.filter(validated_by__isnull=False).count() == 0
    last = (
        ActivityLog.objects.filter(
            action="decision.staged", object_id=str(project_world.proposal.pk)
        )
        .order_by("-pk")
        .first()
    )
    assert last.data["previous"] == {"outcome": "selected", "status": "validated"}


def test_a_proposal_of_another_call_is_refused(project_world):
    stranger = ProposalFactory(status=Proposal.Status.SHORTLISTED)
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="n'est pas dans la sélection"):
        stage(project_world, project_world.proposal, stranger)
    assert snapshot(project_world) == before


def test_a_withdrawn_proposal_cannot_be_retained(project_world):
    Proposal.objects.filter(pk=project_world.other_proposal.pk).update(status="withdrawn")
    Decision.objects.create(proposal=project_world.other_proposal, outcome="not_selected")
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="retirée"):
        stage(project_world, project_world.other_proposal)
    assert snapshot(project_world) == before


def test_sent_decisions_are_kept_and_nothing_left_is_refused(project_world):
    send(project_world, project_world.proposal)
    before = snapshot(project_world)
    with pytest.raises(selection_domain.DecisionError, match="toutes les propositions"):
        stage(project_world)
    assert snapshot(project_world) == before
    # A sent selection keeps counting against the envelope, whatever the form says.
    result = domain.selection(project_world.call, set())
    assert [row.ticked for row in result.rows] == [True, False]
    assert result.total == HIGH


def test_cancelling_a_staged_decision(project_world):
    stage(project_world, project_world.proposal)
    decision = Decision.objects.get(proposal=project_world.proposal)
    assert selection_domain.unstage(decision, project_world.team) is None
    assert not Decision.objects.filter(proposal=project_world.proposal).exists()
    entry = ActivityLog.objects.get(action="decision.unstaged")
    assert entry.object_id == str(project_world.proposal.pk)
    assert entry.data["outcome"] == "selected"


# The page -----------------------------------------------------------------------------------


def url(world, name="project_decisions:selection"):
    return reverse(name, args=[world.call.pk])


def test_the_page_shows_the_ranking_estimates_and_the_envelope(client, project_world):
    verdicts(project_world)
    login(client, project_world, "team")
    page = text(client.get(url(project_world)))
    assert page.index("Détecter les fraudes") < page.index("Numériser les archives")
    assert "départagé par : avis du jury" in page
    assert "37\u202f200 à 42\u202f600 €" in page
    assert "Enveloppe de la promotion" in page and "1\u202f500\u202f000 €" in page
    assert 'data-hx-post="' + url(project_world, "project_decisions:envelope") in page
    assert "Aucun défi coché." in page


def test_ticking_recomputes_the_envelope_with_htmx(client, project_world):
    verdicts(project_world)
    set_envelope(project_world, 50000)
    login(client, project_world, "team")
    response = client.post(
        url(project_world, "project_decisions:envelope"),
        {"retenir": [project_world.proposal.pk, project_world.other_proposal.pk]},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = text(response)
    assert "<html" not in body
    assert "dépasse de 35\u202f200 €" in body
    assert "L’enveloppe est dépassée de 35\u202f200 €." in body
    assert 'class="fr-error-text' in body
    # Screen readers hear one sentence, not the whole table.
    assert (
        'data-summary="2 défis cochés, cumul 85\u202f200 € : l’enveloppe est dépassée de '
        '35\u202f200 €."'
    ) in body
    assert not Decision.objects.exists()
    one = text(
        client.post(
            url(project_world, "project_decisions:envelope"),
            {"retenir": [project_world.proposal.pk]},
            headers={"HX-Request": "true"},
        )
    )
    assert (
        'data-summary="1 défi coché, cumul 42\u202f600 € : reste disponible 7\u202f400 €."' in one
    )


def test_only_the_boxes_of_the_table_recompute_the_envelope_and_only_its_summary_is_heard(
    client, project_world
):
    verdicts(project_world)
    login(client, project_world, "team")
    page = text(client.get(url(project_world)))
    assert 'data-hx-trigger="change from:#propositions"' in page
    table = page[page.index('id="propositions"') : page.index("</table>")]
    assert f'id="retenir-{project_world.proposal.pk}"' in table
    assert 'id="depasser"' not in table  # the override box changes nothing to compute
    assert '<div id="enveloppe" data-live-summary>' in page
    assert (
        'data-summary="Aucun défi coché, cumul 0 € : reste disponible 1\u202f500\u202f000 €."'
        in page
    )


def test_recomputing_without_javascript_keeps_the_ticks(client, project_world):
    login(client, project_world, "team")
    response = client.post(
        url(project_world), {"retenir": [project_world.other_proposal.pk], "recalculer": "1"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'value="{project_world.other_proposal.pk}" checked' in body
    assert f'value="{project_world.proposal.pk}">' in body
    assert not Decision.objects.exists()


def test_staging_from_the_page(client, project_world):
    login(client, project_world, "team")
    response = client.post(
        url(project_world), {"retenir": [project_world.proposal.pk], "preparer": "1"}
    )
    assert response.status_code == 302
    assert response["Location"] == url(project_world)
    assert dict(Decision.objects.values_list("proposal", "outcome")) == {
        project_world.proposal.pk: "selected",
        project_world.other_proposal.pk: "not_selected",
    }
    page = text(client.get(response["Location"]))
    assert "2 décisions préparées (1 défi(s) retenu(s))" in page
    assert f'value="{project_world.proposal.pk}" checked' in page


def test_staging_over_the_envelope_from_the_page_is_refused_then_accepted(client, project_world):
    set_envelope(project_world, 50000)
    login(client, project_world, "team")
    both = [project_world.proposal.pk, project_world.other_proposal.pk]
    before = snapshot(project_world)
    response = client.post(url(project_world), {"retenir": both, "preparer": "1"})
    assert response.status_code == 400
    assert "dépasser l'enveloppe en connaissance de cause" in text(response)
    assert snapshot(project_world) == before
    response = client.post(url(project_world), {"retenir": both, "preparer": "1", "depasser": "1"})
    assert response.status_code == 302
    assert ActivityLog.objects.get(action="decisions.staged").data["override"] is True


@pytest.mark.parametrize("bad", ["abc", "-1"])
def test_a_malformed_tick_is_refused(client, project_world, bad):
    login(client, project_world, "team")
    before = snapshot(project_world)
    response = client.post(url(project_world), {"retenir": [bad], "preparer": "1"})
    assert response.status_code == 400
    assert "Une proposition cochée n'existe pas" in text(response)
    assert snapshot(project_world) == before


def test_another_calls_proposal_from_the_page_is_refused(client, project_world):
    stranger = ProposalFactory(status=Proposal.Status.SHORTLISTED)
    login(client, project_world, "team")
    before = snapshot(project_world)
    response = client.post(url(project_world), {"retenir": [stranger.pk], "preparer": "1"})
    assert response.status_code == 400
    assert "n'est pas dans la sélection de cet appel" in text(response)
    assert snapshot(project_world) == before


def test_cancelling_from_the_page(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "team")
    response = client.post(
        reverse(
            "project_decisions:unstage", args=[project_world.call.pk, project_world.proposal.pk]
        )
    )
    assert response.status_code == 302
    assert response["Location"].endswith(f"#proposition-{project_world.proposal.pk}")
    assert not Decision.objects.filter(proposal=project_world.proposal).exists()


def test_a_sent_decision_cannot_be_cancelled(client, project_world):
    send(project_world, project_world.proposal)
    login(client, project_world, "team")
    before = snapshot(project_world)
    response = client.post(
        reverse(
            "project_decisions:unstage", args=[project_world.call.pk, project_world.proposal.pk]
        ),
        follow=True,
    )
    assert "Une décision envoyée ne peut plus être annulée." in text(response)
    assert snapshot(project_world) == before


def _grow(world, count):
    for index in range(count):
        proposal = ProposalFactory(
            call=world.call, organisation=world.organisation, data=full_proposal_data(),
            status=Proposal.Status.SHORTLISTED,
        )  # fmt: skip
        panel = PanelFactory(call=world.call)
        panel.proposals.add(proposal)
        PanelVerdict.objects.create(
            panel=panel, proposal=proposal, favourable=index % 2 == 0, position=1,
            justification="Avis.", favourite=index % 3 == 0,
        )  # fmt: skip
        Review.objects.create(
            proposal=proposal, reviewer=world.preinstructor, stage=Review.Stage.PRESELECTION,
            total=12,
        )  # fmt: skip
        Decision.objects.create(proposal=proposal, outcome="not_selected")


def _queries(client, world, ticked=()):
    with CaptureQueriesContext(connection) as context:
        page = client.get(url(world))
        assert page.status_code == 200
        envelope = client.post(url(world, "project_decisions:envelope"), {"retenir": list(ticked)})
        assert envelope.status_code == 200
    return len(context.captured_queries)


def test_the_selection_queries_do_not_grow_with_the_proposals(client, project_world):
    login(client, project_world, "team")
    _grow(project_world, 2)
    ids = Proposal.objects.filter(call=project_world.call).values_list("pk", flat=True)
    few = _queries(client, project_world, list(ids))
    _grow(project_world, 8)
    many = _queries(client, project_world, list(ids))
    assert many == few


def test_without_funding_rules_the_envelope_is_not_checked(client, project_world):
    from cohorte.projects.models import FundingRules

    FundingRules.objects.filter(cohort=project_world.call.cohort).delete()
    result = domain.selection(project_world.call, {project_world.proposal.pk})
    assert result.envelope is None
    assert result.total == 0 and result.over_by == 0
    assert [line.over for line in result.lines] == [False]
    stage(project_world, project_world.proposal)
    summary = ActivityLog.objects.get(action="decisions.staged")
    assert summary.data["envelope"] is None and summary.data["over_envelope"] is False
    login(client, project_world, "team")
    page = text(client.get(url(project_world)))
    assert "La promotion n’a pas de règles de cofinancement" in page
    assert 'data-summary="1 défi coché, enveloppe non vérifiable."' in page  # the staged one
    assert "non demandé" not in page  # the request stands, only the amount is unknown


def test_the_envelope_counts_the_cofunding_submitted_last(project_world):
    """An administration's unsubmitted edits (here: eight fellows instead of two) count
    neither in the call's selection nor in another call's committed co-funding."""
    from django.db.models import F

    from cohorte.projects.models import ProposalVersion
    from cohorte.projects.proposals import snapshot as proposal_snapshot

    other_call = ProjectCallFactory(cohort=project_world.call.cohort)
    elsewhere = ProposalFactory(call=other_call, status=Proposal.Status.SELECTED)
    for proposal in (project_world.proposal, elsewhere):
        ProposalVersion.objects.create(
            proposal=proposal, number=proposal.version, submitted_at=proposal.submitted_at,
            data=proposal_snapshot(proposal),
        )  # fmt: skip
        edited = dict(proposal.data, fellows_count=8)
        Proposal.objects.filter(pk=proposal.pk).update(data=edited, revision=F("revision") + 1)
    verdicts(project_world)
    result = domain.selection(project_world.call)
    assert [row.estimate.high for row in result.rows] == [HIGH, HIGH]
    assert result.committed == HIGH


def test_the_estimate_keys_read_in_sql_are_those_submitted_last(project_world):
    """``submitted_values`` reads the estimate's keys alone: the same values as the whole
    documents ``submitted_data`` decodes, whichever version counts (the newest one, once the
    proposal changed since; its own data otherwise; none submitted; keys missing)."""
    from django.db.models import F

    from cohorte.projects import funding
    from cohorte.projects.models import ProposalVersion
    from cohorte.projects.submitted import submitted_data, submitted_values

    call = project_world.call
    edited, unchanged, bare = (
        project_world.proposal,
        ProposalFactory(call=call),
        ProposalFactory(call=call, data={"fellows_count": 3}),
    )
    for number, fellows in ((1, 5), (2, 4)):  # the newest version counts, not the first
        ProposalVersion.objects.create(
            proposal=edited, number=number, submitted_at=edited.submitted_at,
            data={"revision": edited.revision, "data": dict(edited.data, fellows_count=fellows)},
        )  # fmt: skip
    ProposalVersion.objects.create(
        proposal=unchanged, number=1, submitted_at=unchanged.submitted_at,
        data={"revision": unchanged.revision, "data": {}},
    )  # fmt: skip
    Proposal.objects.filter(pk=edited.pk).update(
        data=dict(edited.data, fellows_count=8, cofunding_requested=False),
        revision=F("revision") + 1,
        version=2,
    )
    Proposal.objects.filter(pk=unchanged.pk).update(version=1)
    proposals = Proposal.objects.filter(pk__in=[edited.pk, unchanged.pk, bare.pk])
    whole = submitted_data(proposals)
    read = submitted_values(proposals, funding.KEYS)
    assert read == {pk: {key: data.get(key) for key in funding.KEYS} for pk, data in whole.items()}
    assert read[edited.pk]["fellows_count"] == 4 and read[edited.pk]["cofunding_requested"]
    assert read[bare.pk] == {
        "cofunding_requested": None,
        "fellows_count": 3,
        "employer_costs": None,
    }
