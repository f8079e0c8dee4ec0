"""Nobody reviews, scores, ranks, decides on or validates their own application, nor their
own administration's proposal; a reviewer who applies to a call they review gets an
automatic, audited conflict (issue #16, item 6)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.accounts.roles import add_to_preinstruction, add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.calls import applications
from cohorte.calls.models import Application
from cohorte.people.models import Role
from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Conflict, Review
from cohorte.selection import decisions
from cohorte.selection.models import Decision, Panel
from tests.calls.conftest import complete_data
from tests.factories import ApplicationFactory, PersonFactory, UserFactory
from tests.projects.decisions_helpers import stage, verdicts
from tests.security.conftest import text
from tests.world import after_interviews

pytestmark = pytest.mark.django_db

OWN = "Candidature de la personne elle-même"


def apply(world, user, challenge, last_name="Candidat-Juge"):
    """``user`` applies to the world's call, choosing ``challenge``, and submits."""
    draft = ApplicationFactory(
        call=world.call, candidate=user, status=Application.Status.DRAFT, round=None,
        submitted_at=None, first_submitted_at=None, version=0, first_name="", last_name="",
    )  # fmt: skip
    data = complete_data(world.call)
    data["choices"] = [{"challenge": challenge.pk, "profile": None}]
    data["last_name"] = last_name
    applications.save_draft(draft, data, 0, user, now=timezone.now())
    applications.submit(draft, user, now=timezone.now())
    draft.refresh_from_db()
    return draft


def scores(call, value=3):
    return {str(c.pk): value for c in call.grid.criteria.all()}


# The automatic conflict ---------------------------------------------------------------


def test_a_mentor_who_applies_to_their_defi_can_neither_see_nor_score_it(world, client):
    own = apply(world, world.mentor, world.challenge)
    conflict = Conflict.objects.get(application=own)
    assert (conflict.reviewer, conflict.reason) == (world.mentor, OWN)
    entry = ActivityLog.objects.get(action="conflict.automatic")
    assert entry.subject == own and entry.actor is None
    assert entry.data["reviewer_id"] == world.mentor.pk and entry.data["reason"] == OWN
    client.force_login(world.mentor)
    page = text(client.get(f"{reverse('reviews:home')}?appel={world.call.slug}"))
    assert "Camille Candidat-Juge" not in page
    assert world.application.display_name in page  # the others stay
    url = reverse("reviews:review", args=[own.pk])
    assert client.get(url).status_code == 404
    posted = {f"score-{k}": v for k, v in scores(world.call).items()}
    assert client.post(url, {**posted, "recommendation": "yes"}).status_code == 404
    assert not Review.objects.exists()


@pytest.mark.parametrize("role", ["team", "director", "juror"])
def test_every_reviewer_of_the_call_who_applies_gets_the_conflict(world, role):
    user = world.roles()[role]
    own = apply(world, user, world.challenge)
    assert Conflict.objects.filter(application=own, reviewer=user, reason=OWN).exists()


def test_a_candidate_who_reviews_nothing_gets_no_conflict(world):
    apply(world, UserFactory(username="someone"), world.challenge)
    assert not Conflict.objects.exists()
    assert not ActivityLog.objects.filter(action="conflict.automatic").exists()


def test_a_juror_of_another_call_gets_no_conflict(world):
    from tests.factories import PanelFactory

    outsider = UserFactory(username="outsider")
    PanelFactory().members.add(outsider)  # a panel of another call
    apply(world, outsider, world.challenge)
    assert not Conflict.objects.exists()


def test_submitting_again_keeps_one_conflict(world):
    own = apply(world, world.mentor, world.challenge)
    applications.submit(own, world.mentor, now=timezone.now())
    assert Conflict.objects.filter(application=own).count() == 1
    assert ActivityLog.objects.filter(action="conflict.automatic").count() == 1


# "Own" is refused by the rules, with or without the conflict row --------------------------


def test_own_is_refused_even_without_the_conflict_row(world, client):
    """Someone who becomes a mentor after applying: no row, and still kept away."""
    candidate = world.candidate
    Role.objects.create(
        person=PersonFactory(user=candidate), kind=Role.Kind.OPERATIONAL_MENTOR,
        challenge=world.challenge, cohort=world.challenge.cohort,
    )  # fmt: skip
    assert not Conflict.objects.exists()
    own = world.application
    for perm in ("view_application", "review_application", "interview_application"):
        assert not candidate.has_perm(f"calls.{perm}", own), perm
    with pytest.raises(reviews.ReviewError) as refused:
        reviews.submit_review(own, candidate, scores(world.call), "", "yes")
    assert refused.value.errors == {
        "form": "Personne n'évalue sa propre candidature ni une proposition de son administration."
    }
    client.force_login(candidate)
    page = text(client.get(f"{reverse('reviews:home')}?appel={world.call.slug}"))
    assert own.display_name not in page
    assert "1 candidature vous est masquée" in page
    assert client.get(reverse("reviews:review", args=[own.pk])).status_code == 404


def test_a_juror_who_applied_does_not_see_their_interview(world, client):
    candidate = world.candidate
    Panel.objects.get(call=world.call, name="Jury A").members.add(candidate)
    client.force_login(candidate)
    page = text(client.get(reverse("selection:home")))
    assert world.application.display_name not in page
    slot = world.application.interviews.get()
    assert client.get(reverse("selection:interview_grid", args=[slot.pk])).status_code == 404


def test_a_team_member_who_applied_cannot_stage_nor_validate_their_decision(world, client):
    own = apply(world, world.director, world.challenge)
    Conflict.objects.all().delete()  # the rule holds without the row
    client.force_login(world.director)
    page = text(client.get(reverse("team:application_list", args=[world.call.pk])))
    assert "Camille Candidat-Juge" not in page
    assert client.get(reverse("team:application_detail", args=[own.pk])).status_code == 403
    response = client.post(
        reverse("selection:decision_stage", args=[own.pk]), {f"d{own.pk}-outcome": "selected"}
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()
    after_interviews(world)  # decisions come after the interviews (calls.guards)
    own.refresh_from_db()
    decision = decisions.stage_decision(own, "not_selected", actor=world.team)
    with pytest.raises(decisions.DecisionError):
        decisions.validate_decisions([decision], world.director)
    assert Decision.objects.get().status == "staged"


# The call for projects: one's own administration's proposal ------------------------------


def test_a_preinstructor_never_reviews_their_administrations_proposal(project_world, client):
    member = project_world.admin_user  # acts for the proposal's administration
    add_to_preinstruction(member)
    proposal = project_world.proposal
    assert not member.has_perm("projects.review_proposal", proposal)
    assert member.has_perm("projects.review_proposal", project_world.other_proposal)
    with pytest.raises(reviews.ReviewError):
        reviews.submit_review(proposal, member, scores(project_world.call), "", "yes")
    client.force_login(member)
    page = text(client.get(reverse("instruction:call", args=[project_world.call.pk])))
    assert proposal.display_name not in page
    assert project_world.other_proposal.display_name in page
    assert "1 proposition est masquée" in page
    url = reverse("instruction:proposal", args=[proposal.pk])
    assert client.get(url).status_code == 404


def test_a_juror_never_judges_their_administrations_proposal(project_world, client):
    member = project_world.admin_user
    project_world.panel.members.add(member)
    assert not member.has_perm("projects.judge_proposal", project_world.proposal)
    client.force_login(member)
    page = text(client.get(reverse("defi_jury:panel", args=[project_world.panel.pk])))
    assert project_world.proposal.display_name not in page
    url = reverse("defi_jury:defi", args=[project_world.panel.pk, project_world.proposal.pk])
    assert client.get(url).status_code == 404


def test_a_team_member_never_selects_nor_validates_their_administrations_proposal(
    project_world, client
):
    verdicts(project_world)
    member = project_world.admin_user
    add_to_team(member, director=True)
    client.force_login(member)
    url = reverse("project_decisions:selection", args=[project_world.call.pk])
    page = text(client.get(url))
    assert project_world.proposal.display_name not in page
    response = client.post(url, {"retenir": [project_world.other_proposal.pk], "preparer": "1"})
    assert response.status_code == 400
    assert not Decision.objects.exists()
    stage(project_world, project_world.proposal)  # by the rest of the team
    mine = Decision.objects.get(proposal=project_world.proposal)
    with pytest.raises(decisions.DecisionError):
        decisions.validate_decisions([mine], member)
    assert Decision.objects.get(pk=mine.pk).status == "staged"
