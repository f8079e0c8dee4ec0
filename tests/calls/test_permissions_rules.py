"""Who may see, review and interview an application: the object rules."""

import pytest

from cohorte.reviews.models import Conflict

pytestmark = pytest.mark.django_db

EXPECTED = {
    # role: (view_own, view, review, interview, manage, validate)
    "anonymous": (False, False, False, False, False, False),
    "candidate": (True, False, False, False, False, False),
    "other_candidate": (False, False, False, False, False, False),
    "team": (False, True, True, True, True, False),
    "director": (False, True, True, True, True, True),
    "mentor": (False, True, True, False, False, False),
    "other_mentor": (False, False, False, False, False, False),
    "juror": (False, True, False, True, False, False),
    "other_juror": (False, False, False, False, False, False),
}
PERMS = [
    "calls.view_own_application",
    "calls.view_application",
    "calls.review_application",
    "calls.interview_application",
    "calls.manage_applications",
    "calls.validate_decisions",
]


@pytest.mark.parametrize("role", EXPECTED)
def test_permissions_by_role(world, role):
    user = world.roles()[role]
    got = tuple(user.has_perm(perm, world.application) for perm in PERMS)
    assert got == EXPECTED[role]


@pytest.mark.parametrize("role", ["team", "mentor", "juror"])
def test_a_declared_conflict_hides_the_application(world, role):
    user = world.roles()[role]
    Conflict.objects.create(application=world.application, reviewer=user, reason="ancien collègue")
    user = type(user).objects.get(pk=user.pk)  # fresh object: no cached roles
    assert not user.has_perm("calls.view_application", world.application)
    assert not user.has_perm("calls.review_application", world.application)
    assert not user.has_perm("calls.interview_application", world.application)


def test_mentor_does_not_see_a_draft(world):
    world.application.status = "draft"
    world.application.save()
    assert not world.mentor.has_perm("calls.view_application", world.application)
