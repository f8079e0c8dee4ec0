"""What each person is kept away from (``cohorte.reviews.exclusions``): one rule, read by
every list and action."""

import pytest

from cohorte.accounts.roles import add_to_team
from cohorte.calls.models import Application
from cohorte.projects.models import Proposal
from cohorte.reviews import exclusions
from cohorte.reviews.models import Conflict
from cohorte.selection.models import Decision, InterviewSlot, RankingEntry
from tests.factories import ProposalFactory

pytestmark = pytest.mark.django_db


def test_declared_conflicts_and_own_applications_are_excluded(world):
    Conflict.objects.create(application=world.application, reviewer=world.mentor)
    applications = Application.objects.filter(call=world.call)
    assert list(exclusions.without_conflicts(applications, world.mentor)) == [
        world.other_application
    ]
    assert list(exclusions.without_conflicts(applications, world.candidate)) == [
        world.other_application
    ]
    assert exclusions.hidden_count(applications, world.candidate) == 1
    assert exclusions.without_conflicts(applications, world.team).count() == 2
    assert exclusions.is_excluded(world.mentor, world.application)
    assert exclusions.is_excluded(world.candidate, world.application)
    assert exclusions.is_own(world.candidate, world.application)
    assert not exclusions.is_own(world.mentor, world.application)
    assert not exclusions.is_excluded(world.mentor, world.other_application)


def test_rows_about_an_application_follow_it(world):
    Conflict.objects.create(application=world.application, reviewer=world.team)
    slots = InterviewSlot.objects.all()
    assert not exclusions.without_conflicts(slots, world.team).exists()
    assert exclusions.only_conflicts(slots, world.team).count() == 1
    RankingEntry.objects.create(
        call=world.call, challenge=world.challenge, application=world.application, position=1
    )
    assert not exclusions.without_conflicts(RankingEntry.objects.all(), world.team).exists()


def test_a_conflict_on_a_proposal_hides_no_application(world):
    """A conflict row names one subject: the other is NULL, which ``NOT IN`` must not meet."""
    Conflict.objects.create(proposal=ProposalFactory(), reviewer=world.team)
    applications = Application.objects.filter(call=world.call)
    assert exclusions.without_conflicts(applications, world.team).count() == 2


def test_decisions_on_applications_and_proposals(world, project_world):
    proposal = project_world.proposal
    Decision.objects.create(application=world.application, outcome="not_selected")
    Decision.objects.create(proposal=proposal, outcome="selected")
    Decision.objects.create(proposal=project_world.other_proposal, outcome="selected")
    member = project_world.admin_user  # acts for the administration of `proposal`
    add_to_team(member)
    Conflict.objects.create(application=world.application, reviewer=member)
    kept = exclusions.without_conflicts(Decision.objects.all(), member)
    assert [d.proposal for d in kept] == [project_world.other_proposal]
    assert exclusions.is_excluded(member, proposal)
    assert exclusions.excluded_among(member, [proposal, project_world.other_proposal]) == [proposal]
    proposals = Proposal.objects.filter(call=project_world.call)
    assert exclusions.hidden_count(proposals, member) == 1


def test_anonymous_visitors_are_kept_from_nothing_here(world):
    from django.contrib.auth.models import AnonymousUser

    applications = Application.objects.all()
    assert exclusions.without_conflicts(applications, AnonymousUser()).count() == 2
    assert not exclusions.is_excluded(AnonymousUser(), world.application)


def test_who_reviews_in_a_call(world):
    for role in ("team", "director", "mentor", "juror", "other_juror"):
        assert exclusions.reviews_in(world.roles()[role], world.call), role
    assert not exclusions.reviews_in(world.candidate, world.call)
