"""The demo's call for projects: co-funding rules, settings, grid, an administration's draft."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from cohorte.calls.models import Call
from cohorte.programmes.call_defaults import EIG_PROJECT_CRITERIA
from cohorte.projects import funding
from cohorte.projects.models import FundingRules, ProjectCallSettings, Proposal

pytestmark = pytest.mark.django_db


def test_the_demo_call_for_projects_is_ready_to_receive_proposals(lay_demo):
    lay_demo()
    call = Call.objects.get(slug="projets-promotion-11")
    # The next promotion's call, open now: Promotion 10 already recruits its EIG.
    assert call.cohort.name == "Promotion 11"
    assert call.is_open() and call.slug == "projets-promotion-11"
    assert [c.label for c in call.grid.criteria.order_by("order")] == [
        label for label, _description in EIG_PROJECT_CRITERIA
    ]
    assert {c.scale_max for c in call.grid.criteria.all()} == {4}
    assert ProjectCallSettings.objects.get(call=call).pitch_max_pages == 12
    assert call.rounds.count() == 1
    rules = FundingRules.objects.get(cohort=call.cohort)
    assert rules.envelope == Decimal("1500000.00")
    assert [(b.key, b.net_monthly) for b in rules.bands.all()] == [
        ("junior", Decimal("3500.00")),
        ("senior", Decimal("4000.00")),
    ]
    # Without DEBUG, no account and no proposal in the open call (an earlier session of the
    # call, at its défi jury, has its own).
    assert not Proposal.objects.filter(call=call).exists()
    # The running cohort has its rules too: its fellows are being recruited (see the demo).
    assert FundingRules.objects.filter(cohort__calls__kind="projects").distinct().count() == 1


def test_the_demo_administration_account_has_a_draft_proposal(lay_demo):
    lay_demo(with_accounts=True)
    proposal = Proposal.objects.select_related("organisation", "created_by").get(
        call__slug="projets-promotion-11"
    )
    user = proposal.created_by
    assert user.email == "administration@demo.cohorte.local"
    assert user.check_password("demo")
    assert proposal.status == Proposal.Status.DRAFT
    assert proposal.organisation.name == "Météo-France"
    assert user.has_perm("projects.edit_proposal", proposal)
    assert proposal.round == proposal.call.rounds.first()
    estimate = funding.estimate(proposal.data, proposal.call.cohort.funding_rules)
    assert (estimate.low, estimate.high) == (Decimal("37200.00"), Decimal("42600.00"))


def test_loading_the_demo_again_changes_nothing(capsys):
    call_command("demo", verbosity=0)
    counts = (Call.objects.count(), FundingRules.objects.count(), Proposal.objects.count())
    call_command("demo", "--if-empty")
    assert "démo non chargée" in capsys.readouterr().out
    assert counts == (
        Call.objects.count(),
        FundingRules.objects.count(),
        Proposal.objects.count(),
    )
