"""The call for projects' shared ground: funding estimate, permissions, subject constraints."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from cohorte.projects import funding
from cohorte.projects.models import FundingRules
from cohorte.reviews.models import Review
from cohorte.selection.models import Decision
from tests.factories import FundingRulesFactory, full_proposal_data

pytestmark = pytest.mark.django_db


def test_estimate_is_a_range_over_the_bands():
    rules = FundingRulesFactory()
    result = funding.estimate(full_proposal_data(), rules)
    # 2 fellows × 3/10 of 62 000 € (junior) and of 71 000 € (senior).
    assert result.low == Decimal("37200.00")
    assert result.high == Decimal("42600.00")
    assert result.complete


def test_estimate_is_zero_without_a_request_and_capped_by_a_band_cap():
    rules = FundingRulesFactory()
    data = full_proposal_data()
    assert funding.estimate(dict(data, cofunding_requested=False), rules).high == 0
    rules.bands.filter(key="senior").update(cap=15000)
    rules = FundingRules.objects.get(pk=rules.pk)
    # The capped senior band (15 000 €) is now below the junior one (18 600 €).
    capped = funding.estimate(data, rules)
    assert (capped.low, capped.high) == (Decimal("30000.00"), Decimal("37200.00"))


def test_estimate_names_the_bands_still_missing():
    rules = FundingRulesFactory()
    data = dict(full_proposal_data(), employer_costs={"junior": 62000})
    result = funding.estimate(data, rules)
    assert result.missing == ("Plus de 5 ans d'expérience",)
    assert result.low == result.high == Decimal("37200.00")


def test_estimate_flags_a_cost_past_the_plausible_bound():
    rules = FundingRulesFactory()
    assert funding.estimate(full_proposal_data(), rules).implausible == ()
    data = dict(full_proposal_data(), employer_costs={"junior": 62000, "senior": 5800000000})
    result = funding.estimate(data, rules)
    assert [b.key for b in result.implausible] == ["senior"]
    assert result.plausible_bound == Decimal("200000")
    assert result.high == Decimal("3480000000.00")  # the 3.48 billion € it once took


def test_cumulative_flags_the_line_past_the_envelope():
    lines = funding.cumulative([(1, Decimal(600)), (2, Decimal(500)), (3, Decimal(1))], 1100)
    assert [(line.cumulative, line.over) for line in lines] == [
        (Decimal("600.00"), False),
        (Decimal("1100.00"), False),
        (Decimal("1101.00"), True),
    ]


ALLOWED_VIEW = {"admin_user", "team", "director", "preinstructor", "juror"}


@pytest.mark.parametrize(
    "role", ["anonymous", "admin_user", "other_admin_user", "team", "director",
             "preinstructor", "juror", "other_juror"],
)  # fmt: skip
def test_who_may_see_and_edit_a_proposal(project_world, role):
    user = project_world.roles()[role]
    proposal = project_world.proposal
    # The administration sees its own proposal through edit_proposal, reviewers through view.
    seen = user.has_perm("projects.view_proposal", proposal) or user.has_perm(
        "projects.edit_proposal", proposal
    )
    assert seen == (role in ALLOWED_VIEW)
    assert user.has_perm("projects.edit_proposal", proposal) == (role == "admin_user")
    assert user.has_perm("projects.review_proposal", proposal) == (
        role in {"team", "director", "preinstructor"}
    )
    assert user.has_perm("projects.judge_proposal", proposal) == (
        role in {"team", "director", "juror"}
    )


def test_a_conflict_hides_the_proposal_from_a_preinstructor(project_world):
    from cohorte.reviews.models import Conflict

    Conflict.objects.create(proposal=project_world.proposal, reviewer=project_world.preinstructor)
    assert not project_world.preinstructor.has_perm(
        "projects.view_proposal", project_world.proposal
    )


def test_a_review_or_decision_is_on_exactly_one_subject(project_world):
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.create(reviewer=project_world.team, stage=Review.Stage.PRESELECTION)
    with pytest.raises(IntegrityError), transaction.atomic():
        Decision.objects.create(outcome=Decision.Outcome.NOT_SELECTED)
    # A selected proposal has no défi until the decision is sent.
    Decision.objects.create(proposal=project_world.proposal, outcome=Decision.Outcome.SELECTED)


def _entry(pid, favourable=True, position=1, size=2, grid=None, favourite=False, pre=None):
    from fractions import Fraction

    from cohorte.projects.consolidation import Entry

    return Entry(
        proposal_id=pid,
        panel_id=pid,
        favourable=favourable,
        position=position,
        panel_size=size,
        grid_share=Fraction(grid, 20) if grid is not None else None,
        favourite=favourite,
        preinstruction_share=Fraction(pre, 20) if pre is not None else None,
    )


def test_consolidation_orders_verdict_then_relative_rank_then_grid():
    from cohorte.projects.consolidation import consolidate

    lines = consolidate(
        [
            _entry(1, favourable=False, position=1, grid=20),
            _entry(2, position=2, size=2, grid=18),  # relative 1
            _entry(3, position=2, size=3, grid=10),  # relative 1/2
            _entry(4, position=1, size=3, grid=15),  # relative 0
            _entry(5, position=1, size=2, grid=17),  # relative 0, better grid
            _entry(6, favourable=None, position=None),
        ]
    )
    assert [line.entry.proposal_id for line in lines] == [5, 4, 3, 2, 1, 6]
    assert [line.tie_break for line in lines] == [
        "",
        "grille collective",
        "rang relatif dans le jury",
        "rang relatif dans le jury",
        "avis du jury",
        "avis du jury",
    ]
    assert [line.rank for line in lines] == [1, 2, 3, 4, 5, 6]


def test_consolidation_breaks_ties_by_favourite_then_preinstruction_else_ex_aequo():
    from cohorte.projects.consolidation import consolidate

    lines = consolidate(
        [
            _entry(1, grid=16, pre=12),
            _entry(2, grid=16, favourite=True, pre=10),
            _entry(3, grid=16, pre=14),
            _entry(4, grid=16, pre=14),
        ]
    )
    assert [line.entry.proposal_id for line in lines] == [2, 3, 4, 1]
    assert [line.rank for line in lines] == [1, 2, 2, 4]
    assert [line.tied for line in lines] == [False, False, True, False]
    assert lines[1].tie_break == "coup de cœur"


def test_a_defi_juror_is_not_an_interview_juror(project_world, client):
    from django.urls import reverse

    client.force_login(project_world.juror)
    assert client.get(reverse("selection:home")).status_code == 403
    page = client.get(reverse("defi_jury:home")).content.decode()
    assert "Jury des défis" in page
    assert "Jurys et auditions" not in page


def test_a_new_call_for_projects_gets_its_default_settings(db):
    from tests.factories import CallFactory

    projects = CallFactory(kind="projects")
    applications = CallFactory(kind="applications")
    assert projects.project_settings.pitch_max_pages == 12
    assert projects.project_settings.audition_minutes == 45
    assert not hasattr(applications, "project_settings")
