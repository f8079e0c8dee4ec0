"""The preselection list at the size of a national call: review figures, filters, search,
sort and pagination asked of the database, a page costing the same at any size."""

import pytest
from django.urls import reverse

from cohorte.calls.models import Application, Call
from cohorte.reviews import domain, views
from cohorte.reviews.models import Review
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, UserFactory
from tests.scale import measure
from tests.world import _mentor

pytestmark = pytest.mark.django_db
HOME = reverse("reviews:home")


def scores(call, value):
    return {str(c.pk): value for c in call.grid.criteria.all()}


def row_of(client, application, **params):
    """The row of ``application`` on the list, through every page."""
    response = client.get(HOME, params)
    for number in range(1, response.context["page"].paginator.num_pages + 1):
        page = client.get(HOME, {**params, "page": number}).context["page"]
        for row in page:
            if row["application"].pk == application.pk:
                return row
    raise AssertionError("not on the list")


def test_figures_follow_edits_deletions_and_conflicts(world, as_user):
    # Totals: 5 criteria scored 1 to 4, so 5 to 20.
    third = _mentor(world.challenge, "third_mentor")
    domain.submit_review(world.application, world.team, scores(world.call, 1), "", "no")
    domain.submit_review(world.application, world.mentor, scores(world.call, 4), "", "yes")
    domain.submit_review(world.application, third, scores(world.call, 2), "", "maybe")
    client = as_user(world.team)
    aggregate = row_of(client, world.application)["aggregate"]
    assert (aggregate.count, aggregate.mean, aggregate.median, aggregate.spread) == (
        3, 11.67, 10.0, 15.0,
    )  # fmt: skip
    domain.submit_review(world.application, world.mentor, scores(world.call, 1), "", "no")
    aggregate = row_of(client, world.application)["aggregate"]
    assert (aggregate.count, aggregate.mean, aggregate.median, aggregate.spread) == (
        3, 6.67, 5.0, 5.0,
    )  # fmt: skip
    domain.declare_conflict(world.application, third, "Ancien collègue")
    aggregate = row_of(client, world.application)["aggregate"]
    assert (aggregate.count, aggregate.mean, aggregate.median, aggregate.spread) == (
        2, 5.0, 5.0, 0.0,
    )  # fmt: skip
    Review.objects.filter(reviewer=world.mentor).delete()
    aggregate = row_of(client, world.application)["aggregate"]
    assert (aggregate.count, aggregate.mean, aggregate.median, aggregate.spread) == (
        1, 5.0, 5.0, 0.0,
    )  # fmt: skip
    Review.objects.all().delete()
    aggregate = row_of(client, world.application)["aggregate"]
    assert aggregate.count == 0 and aggregate.mean is None
    assert "—" in client.get(HOME).content.decode()


def test_the_median_of_an_even_count_is_the_middle_mean(world, as_user):
    for value, reviewer in zip((1, 2, 3, 4), (world.team, world.mentor,
                               _mentor(world.challenge, "m3"), _mentor(world.challenge, "m4")),
                               strict=True):  # fmt: skip
        domain.submit_review(world.application, reviewer, scores(world.call, value), "", "yes")
    aggregate = row_of(as_user(world.team), world.application)["aggregate"]
    assert (aggregate.count, aggregate.mean, aggregate.median, aggregate.spread) == (
        4, 12.5, 12.5, 15.0,
    )  # fmt: skip


def test_sorting_by_mean_runs_across_pages(world, as_user, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    Application.objects.exclude(pk=world.application.pk).delete()
    made = {}
    for name, value in [("Bas", 1), ("Haut", 4), ("Milieu", 3), ("Rien", None), ("Deux", 2)]:
        application = ApplicationFactory(call=world.call, first_name="", last_name=name)
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        if value is not None:
            domain.submit_review(application, world.mentor, scores(world.call, value), "", "yes")
        made[name] = application
    client = as_user(world.team)
    pages = [
        [row["application"].last_name for row in client.get(
            HOME, {"tri": "aggregate", "page": n}).context["page"]]
        for n in (1, 2, 3)
    ]  # fmt: skip
    # Without reviews, last, the most recent first (world.application is the oldest).
    assert pages == [["Haut", "Milieu"], ["Deux", "Bas"], ["Rien", world.application.last_name]]
    response = client.get(HOME, {"tri": "aggregate"})
    assert response.context["total"] == 6
    assert response.context["page"].paginator.num_pages == 3


def test_a_blind_reviewer_neither_sees_nor_sorts_by_hidden_means(world, as_user):
    Call.objects.filter(pk=world.call.pk).update(review_visibility=Call.ReviewVisibility.AFTER_OWN)
    seen = ApplicationFactory(call=world.call, first_name="", last_name="Vue")
    ApplicationChoiceFactory(application=seen, challenge=world.challenge)
    domain.submit_review(seen, world.mentor, scores(world.call, 2), "", "yes")
    # Others gave world.application the best mean; the mentor has not reviewed it.
    domain.submit_review(world.application, world.team, scores(world.call, 4), "", "yes")
    client = as_user(world.mentor)
    rows = client.get(HOME, {"tri": "aggregate"}).context["page"]
    assert [r["application"].pk for r in rows] == [seen.pk, world.application.pk]
    assert rows[0]["aggregate"].mean == 10.0 and rows[1]["aggregate"] is None
    assert "masquée" in client.get(HOME, {"tri": "aggregate"}).content.decode()
    # Once reviewed, its mean shows and sorts.
    domain.submit_review(world.application, world.mentor, scores(world.call, 3), "", "yes")
    rows = client.get(HOME, {"tri": "aggregate"}).context["page"]
    assert [r["application"].pk for r in rows] == [world.application.pk, seen.pk]
    assert rows[0]["aggregate"].mean == 17.5
    assert rows[0]["mine"].total == 15


def test_never_hides_every_mean_but_the_teams(world, as_user):
    Call.objects.filter(pk=world.call.pk).update(review_visibility=Call.ReviewVisibility.NEVER)
    domain.submit_review(world.application, world.mentor, scores(world.call, 2), "", "yes")
    newer = ApplicationFactory(call=world.call)
    ApplicationChoiceFactory(application=newer, challenge=world.challenge)
    domain.submit_review(newer, world.mentor, scores(world.call, 1), "", "no")
    rows = as_user(world.mentor).get(HOME, {"tri": "aggregate"}).context["page"]
    # No mean to sort by: the most recent first.
    assert [r["application"].pk for r in rows] == [newer.pk, world.application.pk]
    assert rows[1]["aggregate"] is None and rows[1]["mine"].total == 10
    rows = {r["application"].pk: r for r in as_user(world.team).get(HOME).context["page"]}
    assert rows[world.application.pk]["aggregate"].mean == 10.0


def test_search_finds_names_without_accents_and_keeps_the_filters(world, as_user):
    world.application.first_name, world.application.last_name = "Paul", "Éluard"
    world.application.save()
    client = as_user(world.team)
    page = client.get(HOME, {"q": "eluard"})
    assert [r["application"].pk for r in page.context["page"]] == [world.application.pk]
    assert page.context["total"] == 1
    assert 'value="eluard"' in page.content.decode()
    assert list(client.get(HOME, {"q": "eluard", "defi": world.other_challenge.pk})
                .context["page"]) == []  # fmt: skip
    assert client.get(HOME, {"q": "inconnu"}).context["total"] == 0


def test_the_own_state_filter_is_asked_of_the_database(world, as_user):
    domain.submit_review(world.application, world.team, scores(world.call, 2), "", "yes")
    client = as_user(world.team)
    done = client.get(HOME, {"etat": "fait"}).context
    todo = client.get(HOME, {"etat": "a-faire"}).context
    assert [r["application"].pk for r in done["page"]] == [world.application.pk]
    assert [r["application"].pk for r in todo["page"]] == [world.other_application.pk]
    assert done["total"] == todo["total"] == 1


def grow(world, count):
    reviewers = [world.team, world.mentor]
    for index in range(count):
        application = ApplicationFactory(call=world.call, answers={"1": f"réponse {index}"})
        ApplicationChoiceFactory(application=application, challenge=world.challenge)
        for reviewer in reviewers:
            domain.submit_review(application, reviewer, scores(world.call, 3), "", "yes")


@pytest.mark.parametrize("role", ["team", "mentor"])
@pytest.mark.parametrize("sort", ["aggregate", "date", "name"])
def test_a_page_costs_the_same_at_two_sizes(world, as_user, monkeypatch, role, sort):
    monkeypatch.setattr(views, "PAGE_SIZE", 4)
    client = as_user(world.roles()[role])
    grow(world, 5)
    small = measure(client, HOME, {"tri": sort})
    grow(world, 12)
    large = measure(client, HOME, {"tri": sort})
    assert large.queries == small.queries
    # One page of applications and their reviews is read, never the call.
    # (How many reviews depends on which applications the page holds: at most two each.)
    assert large.rows(Application) == small.rows(Application) == 4
    assert small.rows(Review) <= 4 * 2 and large.rows(Review) <= 4 * 2
    others = {label for label in large.loaded | small.loaded if label != "reviews.Review"}
    assert {n: large.loaded[n] for n in others} == {n: small.loaded[n] for n in others}
    assert abs(large.html - small.html) < 200


def test_an_outsider_is_still_refused(world, as_user):
    assert as_user(UserFactory()).get(HOME).status_code == 403
