"""Who sees scores (``cohorte.reviews.visibility``): the rule every page asks."""

import pytest

from cohorte.reviews import domain, visibility
from cohorte.reviews.models import Conflict
from cohorte.selection.models import Panel

pytestmark = pytest.mark.django_db

INTERVIEW, PRESELECTION = visibility.INTERVIEW, visibility.PRESELECTION


def grid(call, value=2):
    return {str(c.pk): value for c in call.grid.criteria.all()}


@pytest.mark.parametrize(
    ("setting", "before", "after"),
    [("never", False, False), ("after_own", False, True), ("always", True, True)],
)
@pytest.mark.parametrize("stage", [PRESELECTION, INTERVIEW])
def test_a_reviewer_follows_the_calls_setting(world, setting, before, after, stage):
    world.call.review_visibility = setting
    world.call.save()
    reader = world.mentor if stage == PRESELECTION else world.juror
    assert visibility.may_see_scores(reader, world.application, stage) is before
    assert visibility.may_see_others_reviews(reader, world.application, stage) is before
    domain.submit_review(world.application, reader, grid(world.call), "", "yes", stage=stage)
    assert visibility.may_see_scores(reader, world.application, stage) is after
    assert visibility.may_see_others_reviews(reader, world.application, stage) is after


@pytest.mark.parametrize("setting", ["never", "after_own", "always"])
def test_the_team_always_sees_scores_the_referee_interview_scores(world, setting):
    world.call.review_visibility = setting
    world.call.save()
    panel = Panel.objects.get(call=world.call, name="Jury A")
    panel.referee = world.juror
    panel.save()
    for stage in (PRESELECTION, INTERVIEW):
        assert visibility.may_see_scores(world.team, world.application, stage)
        assert visibility.may_see_scores(world.director, world.application, stage)
    assert visibility.may_see_scores(world.juror, world.application, INTERVIEW)
    assert visibility.may_see_others_reviews(world.juror, world.application, INTERVIEW)
    # The referee's privilege is on the interviews of their panel only.
    assert visibility.may_see_scores(world.juror, world.other_application, INTERVIEW) is (
        setting == "always"
    )


def test_nobody_sees_the_scores_of_what_they_are_kept_from(world):
    world.call.review_visibility = "always"
    world.call.save()
    Conflict.objects.create(application=world.application, reviewer=world.team)
    assert not visibility.may_see_scores(world.team, world.application, PRESELECTION)
    assert not visibility.may_see_scores(world.candidate, world.application, PRESELECTION)
    sight = visibility.ScoreSight(
        world.team, world.call, PRESELECTION, [world.application, world.other_application]
    )
    assert not sight.scores(world.application) and sight.scores(world.other_application)


def test_a_list_rule_for_annotated_lists(world):
    world.call.review_visibility = "after_own"
    assert visibility.list_rule(world.team, world.call) == (True, True)
    assert visibility.list_rule(world.mentor, world.call) == (False, True)
    world.call.review_visibility = "never"
    assert visibility.list_rule(world.mentor, world.call) == (False, False)
