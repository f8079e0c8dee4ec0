"""Reviews and conflicts: the domain functions."""

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.reviews import domain
from cohorte.reviews.models import Conflict, Review
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, OrganisationFactory

pytestmark = pytest.mark.django_db


def criteria(call):
    return list(call.grid.criteria.all())


def full_scores(call, value=3):
    return {str(c.pk): value for c in criteria(call)}


def test_submit_review_computes_the_total_and_records_it(world):
    review = domain.submit_review(
        world.application, world.mentor, full_scores(world.call, 3), " Solide. ", "yes"
    )
    assert (review.total, review.comment, review.recommendation) == (15, "Solide.", "yes")
    assert review.stage == Review.Stage.PRESELECTION
    assert set(review.scores.values()) == {3}
    entry = ActivityLog.objects.get(action="review.submitted")
    assert entry.actor == world.mentor
    assert entry.object_id == str(world.application.pk)
    assert entry.data == {
        "review_id": review.pk,
        "stage": "preselection",
        "total": 15,
        "recommendation": "yes",
        "collective": False,
    }


def test_a_second_submission_updates_the_same_review(world):
    first = domain.submit_review(world.application, world.team, full_scores(world.call), "", "yes")
    second = domain.submit_review(
        world.application, world.team, full_scores(world.call, 4), "Mieux", "maybe"
    )
    assert first.pk == second.pk and Review.objects.count() == 1
    assert second.total == 20
    assert list(ActivityLog.objects.values_list("action", flat=True).order_by("id")) == [
        "review.submitted",
        "review.updated",
    ]


def test_every_criterion_must_be_present(world):
    scores = full_scores(world.call)
    missing = criteria(world.call)[2]
    del scores[str(missing.pk)]
    with pytest.raises(domain.ReviewError) as error:
        domain.submit_review(world.application, world.team, scores, "", "yes")
    assert error.value.errors == {str(missing.pk): f"Donnez une note pour « {missing.label} »."}
    assert not Review.objects.exists() and not ActivityLog.objects.exists()


@pytest.mark.parametrize("value", [0, 5, "7", -1])
def test_a_score_out_of_the_scale_is_refused(world, value):
    scores = full_scores(world.call)
    first = criteria(world.call)[0]
    scores[str(first.pk)] = value
    with pytest.raises(domain.ReviewError) as error:
        domain.submit_review(world.application, world.team, scores, "", "yes")
    assert error.value.errors[str(first.pk)] == (
        f"La note de « {first.label} » doit être comprise entre 1 et 4."
    )
    assert not Review.objects.exists()


@pytest.mark.parametrize("value", ["trois", "2.5", 2.5, True, [3]])
def test_a_score_that_is_not_a_whole_number_is_refused(world, value):
    scores = full_scores(world.call)
    first = criteria(world.call)[0]
    scores[str(first.pk)] = value
    with pytest.raises(domain.ReviewError) as error:
        domain.submit_review(world.application, world.team, scores, "", "yes")
    assert error.value.errors[str(first.pk)] == (
        f"La note de « {first.label} » doit être un nombre entier."
    )


def test_a_recommendation_is_required_and_a_bad_update_keeps_the_old_review(world):
    review = domain.submit_review(world.application, world.team, full_scores(world.call), "", "no")
    with pytest.raises(domain.ReviewError) as error:
        domain.submit_review(world.application, world.team, full_scores(world.call, 4), "x", "")
    assert error.value.errors == {
        "recommendation": "Choisissez un avis : favorable, réservé ou défavorable."
    }
    review.refresh_from_db()
    assert (review.total, review.recommendation, review.comment) == (15, "no", "")


def test_unknown_criteria_are_refused(world):
    scores = full_scores(world.call)
    scores["999999"] = 2
    with pytest.raises(domain.ReviewError) as error:
        domain.submit_review(world.application, world.team, scores, "", "yes")
    assert "form" in error.value.errors


def test_drafts_and_conflicted_applications_cannot_be_scored(world):
    world.application.status = "draft"
    world.application.save()
    with pytest.raises(domain.ReviewError, match="ne peut pas être évaluée"):
        domain.submit_review(world.application, world.team, full_scores(world.call), "", "yes")
    world.application.status = "submitted"
    world.application.save()
    Conflict.objects.create(application=world.application, reviewer=world.team)
    with pytest.raises(domain.ReviewError, match="conflit"):
        domain.submit_review(world.application, world.team, full_scores(world.call), "", "yes")
    assert not Review.objects.exists()


def test_declare_conflict_removes_the_reviewers_scores_and_records_it(world):
    domain.submit_review(world.application, world.mentor, full_scores(world.call), "", "yes")
    conflict = domain.declare_conflict(world.application, world.mentor, " Ancienne collègue ")
    assert conflict.reason == "Ancienne collègue"
    assert not Review.objects.exists()
    entry = ActivityLog.objects.get(action="conflict.declared")
    assert entry.actor == world.mentor
    assert entry.data == {
        "conflict_id": conflict.pk,
        "reviewer_id": world.mentor.pk,
        "reviews_removed": 1,
    }
    with pytest.raises(domain.ConflictError, match="déjà déclaré"):
        domain.declare_conflict(world.application, world.mentor)
    with pytest.raises(domain.ConflictError, match="300 caractères"):
        domain.declare_conflict(world.other_application, world.mentor, "x" * 301)
    assert Conflict.objects.count() == 1


def test_reviewable_applications_per_role(world):
    draft = ApplicationFactory(call=world.call, status="draft")
    ApplicationChoiceFactory(application=draft, challenge=world.challenge)
    selected = ApplicationFactory(call=world.call, status="selected")
    ApplicationChoiceFactory(application=selected, challenge=world.challenge)
    withdrawn = ApplicationFactory(call=world.call, status="withdrawn")
    ApplicationChoiceFactory(application=withdrawn, challenge=world.challenge)

    def ids(user):
        return set(domain.reviewable_applications(user, world.call).values_list("pk", flat=True))

    assert ids(world.team) == {world.application.pk, world.other_application.pk}
    assert ids(world.mentor) == {world.application.pk, selected.pk}
    assert ids(world.other_mentor) == {world.other_application.pk}
    assert ids(world.juror) == set()
    Conflict.objects.create(application=world.application, reviewer=world.mentor)
    Conflict.objects.create(application=world.application, reviewer=world.team)
    assert ids(world.mentor) == {selected.pk}
    assert ids(world.team) == {world.other_application.pk}


@pytest.mark.parametrize(
    ("visibility", "before", "after"),
    [("never", False, False), ("after_own", False, True), ("always", True, True)],
)
def test_phase_settings(world, visibility, before, after):
    world.call.review_visibility = visibility
    assert domain.others_visible(world.call, has_own_review=False) is before
    assert domain.others_visible(world.call, has_own_review=True) is after
    # The team always sees aggregates; a mentor as the phase allows.
    assert domain.aggregate_visible(world.team, world.call, False) is True
    assert domain.aggregate_visible(world.mentor, world.call, False) is before


def test_summarise(world):
    for user, value in [(world.team, 4), (world.director, 2), (world.mentor, 3)]:
        domain.submit_review(world.application, user, full_scores(world.call, value), "", "yes")
    summary = domain.summarise(world.application.reviews.all())
    assert (summary.count, summary.mean, summary.median, summary.spread) == (3, 15.0, 15.0, 10.0)


def test_reviewer_organisations_from_roles_and_email_domain(world):
    world.challenge.host_organisation = OrganisationFactory(name="Ministère A", acronym="MINA")
    world.challenge.funding_organisation = OrganisationFactory(name="Direction F")
    world.challenge.save()
    OrganisationFactory(name="Par domaine", website="https://www.example.org/")
    OrganisationFactory(name="Sans rapport", website="https://ailleurs.fr")
    names = {o.name for o in domain.reviewer_organisations(world.mentor)}  # mentor@example.org
    assert names == {"Ministère A", "Direction F", "Par domaine"}


def test_conflict_suggestions_for_a_list(world):
    world.candidate.email = "alex@interieur.gouv.fr"
    world.candidate.save()
    world.team.email = "chef@interieur.gouv.fr"
    world.team.save()
    world.other_application.answers = {"1": "J'ai travaillé avec la DINUM."}
    world.other_application.save()
    OrganisationFactory(name="Direction du numérique", acronym="DINUM",
                        website="https://interieur.gouv.fr")  # fmt: skip
    applications = [world.application, world.other_application]
    found = domain.conflict_suggestions(world.team, applications)
    assert found[world.application.pk][0].kind == "mail_domain"
    assert found[world.other_application.pk][0].kind == "organisation_named"
    # The mentor writes from example.org, like the other candidate (factories' domain).
    mentor = domain.conflict_suggestions(world.mentor, applications)
    assert list(mentor) == [world.other_application.pk]


def test_the_programme_s_own_domain_suggests_no_conflict(world, settings):
    # The demo: every account on the programme's domain, none of them related.
    settings.DEFAULT_FROM_EMAIL = "Cohorte <ne-pas-repondre@cohorte.local>"
    for user, address in ((world.candidate, "candidat"), (world.mentor, "mentor")):
        user.email = f"{address}@demo.cohorte.local"
        user.save()
    assert domain.conflict_suggestions(world.mentor, [world.application]) == {}
    settings.DEFAULT_FROM_EMAIL = "EIG <eig@numerique.gouv.fr>"
    [found] = domain.conflict_suggestions(world.mentor, [world.application]).values()
    assert [s.kind for s in found] == ["mail_domain"]
    settings.PROGRAMME_EMAIL_DOMAINS = ["cohorte.local"]
    assert domain.conflict_suggestions(world.mentor, [world.application]) == {}
