"""The applications list: each filter, the search and the sorts give exactly what they say."""

import datetime

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.public.formats import PARIS
from cohorte.reviews.models import Conflict
from tests.factories import (
    ApplicationCallFactory,
    ApplicationChoiceFactory,
    ApplicationFactory,
    ExpertiseFactory,
    UserFactory,
)
from tests.team.conftest import add_review

pytestmark = pytest.mark.django_db


@pytest.fixture
def listing(world, client):
    """Five applications of the call with known properties, and a logged-in team member."""
    call, challenge = world.call, world.challenge
    data = ExpertiseFactory(name="Data science")
    call.profiles.add(data)
    second = call.rounds.create(name="Session 2", opens_at=call.opens_at, closes_at=call.closes_at)
    app = world.application  # Alex CandidatN: submitted, chose `challenge` first
    app.last_name, app.first_name = "Martin", "Alice"
    app.answers = {str(call.questions.first().pk): "J'ai conçu une API d'open data à Nantes."}
    app.save()
    other_app = world.other_application
    other_app.last_name, other_app.first_name = "Bernard", "Zoé"
    other_app.eligibility = "eligible"
    other_app.save()
    ApplicationChoiceFactory(application=other_app, rank=2, challenge=challenge, profile=data)
    draft = ApplicationFactory(
        call=call, status="draft", submitted_at=None, last_name="Durand", first_name="Bob"
    )
    late = ApplicationFactory(
        call=call, round=second, last_name="Éluard", first_name="Paul", completeness="incomplete",
        gender="man", status="shortlisted",
    )  # fmt: skip
    reviewer, other_reviewer = world.team, UserFactory(username="relecteur")
    add_review(app, reviewer, 16)
    add_review(app, world.mentor, 12)
    add_review(other_app, other_reviewer, 10)
    add_review(late, reviewer, 18, stage="interview")  # interviews never count in the mean
    world.extra = {"draft": draft, "late": late, "second": second, "data": data,
                   "other_reviewer": other_reviewer}  # fmt: skip
    client.force_login(world.team)
    return world


def names(client, call, **params):
    response = client.get(reverse("team:application_list", args=[call.pk]), params)
    assert response.status_code == 200
    return [a.last_name for a in response.context["page_obj"].object_list]


def test_default_list_hides_drafts_newest_first(listing, client):
    assert names(client, listing.call) == ["Éluard", "Bernard", "Martin"]


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "draft"}, ["Durand"]),
        ({"status": "shortlisted"}, ["Éluard"]),
        ({"status": "active"}, ["Bernard", "Éluard", "Martin"]),
        ({"status": "withdrawn"}, []),
        ({"eligibility": "eligible"}, ["Bernard"]),
        ({"eligibility": "pending"}, ["Éluard", "Martin"]),
        ({"completeness": "incomplete"}, ["Éluard"]),
        ({"gender": "man"}, ["Éluard"]),
        ({"gender": "none"}, ["Bernard", "Martin"]),
        ({"score_min": "13"}, ["Martin"]),
        ({"score_min": "10", "score_max": "14"}, ["Bernard", "Martin"]),
        ({"score_max": "11.5"}, ["Bernard"]),
        ({"q": "open data"}, ["Martin"]),
        ({"q": "Nantes"}, ["Martin"]),
        ({"q": "zoé"}, ["Bernard"]),
        ({"q": "other_candidate@"}, ["Bernard"]),
        ({"q": "introuvable"}, []),
        ({"q": "eluard"}, ["Éluard"]),
        ({"q": "ZOE bernard"}, ["Bernard"]),
        ({"q": "concu une api"}, ["Martin"]),
        ({"q": "OPEN-DATA nantes"}, ["Martin"]),
    ],
)
def test_each_filter(listing, client, params, expected):
    assert sorted(names(client, listing.call, sort="name", **params)) == sorted(expected)


def test_round_choice_and_profile_filters(listing, client):
    call, extra = listing.call, listing.extra
    assert names(client, call, round=extra["second"].pk) == ["Éluard"]
    assert names(client, call, round=call.rounds.first().pk, sort="name") == ["Bernard", "Martin"]
    assert names(client, call, round="none") == []
    challenge = listing.challenge.pk
    assert names(client, call, challenge=challenge, sort="name") == ["Bernard", "Martin"]
    assert names(client, call, challenge=challenge, first_choice_only="1") == ["Martin"]
    assert names(client, call, profile=extra["data"].pk) == ["Bernard"]
    assert names(client, call, profile=extra["data"].pk, first_choice_only="1") == []


def test_reviewer_filters(listing, client):
    call = listing.call
    assert names(client, call, reviewed_by=listing.team.pk) == ["Martin"]
    assert names(client, call, reviewed_by=listing.mentor.pk) == ["Martin"]
    other = listing.extra["other_reviewer"].pk
    assert names(client, call, reviewed_by=other) == ["Bernard"]
    assert names(client, call, not_reviewed_by=listing.team.pk, sort="name") == [
        "Bernard",
        "Éluard",
    ]


def test_sorts(listing, client):
    call = listing.call
    assert names(client, call, sort="name") == ["Bernard", "Éluard", "Martin"]
    assert names(client, call, sort="-name") == ["Martin", "Éluard", "Bernard"]
    # Without a preselection review, an application comes last in both directions.
    assert names(client, call, sort="-score") == ["Martin", "Bernard", "Éluard"]
    assert names(client, call, sort="score") == ["Bernard", "Martin", "Éluard"]
    assert names(client, call, sort="-reviews") == ["Martin", "Bernard", "Éluard"]
    assert names(client, call, sort="reviews") == ["Éluard", "Bernard", "Martin"]
    assert names(client, call, sort="submitted_at") == ["Martin", "Bernard", "Éluard"]


def test_the_list_shows_mean_and_count_of_preselection_reviews(listing, client):
    response = client.get(
        reverse("team:application_list", args=[listing.call.pk]), {"sort": "name"}
    )
    rows = {a.last_name: (a.review_count, a.score_mean) for a in response.context["page_obj"]}
    assert rows == {"Bernard": (1, 10.0), "Éluard": (0, None), "Martin": (2, 14.0)}
    headers = response.context["headers"]
    assert headers["name"]["state"] == "ascending"
    assert "sort=-name" in headers["name"]["url"]
    assert headers["score"]["state"] == "none"
    assert 'aria-sort="ascending"' in response.content.decode()


@pytest.mark.parametrize(
    "params",
    [
        {"status": "inconnu"},
        {"round": "999999"},
        {"challenge": "abc"},
        {"reviewed_by": "999999"},
        {"score_min": "douze"},
        {"score_min": "15", "score_max": "10"},
        {"sort": "password"},
        {"gender": "robot"},
    ],
)
def test_an_unknown_filter_value_shows_an_error_and_no_applications(listing, client, params):
    response = client.get(reverse("team:application_list", args=[listing.call.pk]), params)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count == 0
    page = response.content.decode()
    assert "Un filtre n’est pas valide" in page
    assert "fr-error-text" in page and "aria-describedby" in page


def test_another_calls_round_or_challenge_is_not_a_valid_filter(listing, client):
    elsewhere = ApplicationCallFactory()
    response = client.get(
        reverse("team:application_list", args=[listing.call.pk]),
        {"round": elsewhere.rounds.first().pk},
    )
    assert response.context["form"].errors
    assert response.context["page_obj"].paginator.count == 0


def test_a_page_past_the_end_shows_the_last_page_and_a_bad_one_the_first(listing, client):
    url = reverse("team:application_list", args=[listing.call.pk])
    for page in ("9", "x"):
        response = client.get(url, {"page": page})
        assert response.status_code == 200
        assert response.context["page_obj"].number == 1
        page = response.context["page_obj"]
        assert len(page.object_list) == page.paginator.count == 3


def test_pages_keep_the_filters(world, client):
    for index in range(55):
        ApplicationFactory(call=world.call, last_name=f"Nom{index:02d}", eligibility="eligible")
    client.force_login(world.team)
    url = reverse("team:application_list", args=[world.call.pk])
    response = client.get(url, {"eligibility": "eligible", "sort": "name"})
    assert response.context["page_obj"].paginator.count == 55
    assert len(response.context["page_obj"].object_list) == 50
    assert "eligibility=eligible&amp;sort=name&amp;page=2" in response.content.decode()
    second = client.get(url, {"eligibility": "eligible", "sort": "name", "page": 2})
    assert [a.last_name for a in second.context["page_obj"]] == [f"Nom{i}" for i in range(50, 55)]


def test_conflicts_of_the_viewer_are_counted_as_hidden(listing, client):
    Conflict.objects.create(application=listing.other_application, reviewer=listing.team)
    response = client.get(reverse("team:application_list", args=[listing.call.pk]))
    assert response.context["hidden"] == 1
    assert [a.last_name for a in response.context["page_obj"]] == ["Éluard", "Martin"]


def _populate(world, count):
    for index in range(count):
        app = ApplicationFactory(call=world.call, last_name=f"Nom{index}")
        ApplicationChoiceFactory(application=app, rank=1, challenge=world.challenge)
        ApplicationChoiceFactory(application=app, rank=2, challenge=world.other_challenge)
        add_review(app, world.team, 10 + index % 8)


@pytest.mark.parametrize(
    "params", [{}, {"q": "Nom", "challenge": "", "sort": "-score"}, {"not_reviewed_by": "x"}]
)
def test_the_list_makes_the_same_number_of_queries_at_two_sizes(world, client, params):
    if "not_reviewed_by" in params:
        params = {"not_reviewed_by": world.mentor.pk, "sort": "reviews"}
    client.force_login(world.team)
    url = reverse("team:application_list", args=[world.call.pk])
    _populate(world, 3)
    client.get(url, params)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url, params).status_code == 200
    _populate(world, 30)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url, params)
    assert response.context["page_obj"].paginator.count >= 30
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]


def test_dates_are_written_as_on_every_other_page(listing, client):
    # Not "07/06/2026, 23 h 00" here and "7 juin 2026 à 23 h 00" on the application's page.
    listing.application.submitted_at = datetime.datetime(2026, 6, 7, 23, 0, tzinfo=PARIS)
    listing.application.save(update_fields=["submitted_at"])
    page = client.get(reverse("team:application_list", args=[listing.call.pk])).text
    assert "<td>7 juin 2026 à 23 h 00</td>" in page
    assert "07/06/2026" not in page


def test_screening_badges_say_what_they_are_about(listing, client):
    page = client.get(reverse("team:application_list", args=[listing.call.pk])).content.decode()

    assert "Éligibilité : éligible</p>" in page
    assert "Complétude : incomplète</p>" in page
    assert page.count("Éligibilité : ") == 3 and page.count("Complétude : ") == 3


def test_the_reviewer_choices_are_the_team_the_mentors_and_who_reviewed_this_call(listing, client):
    call = listing.call
    elsewhere = UserFactory(username="ailleurs")  # reviewed only in another call
    add_review(ApplicationFactory(call=ApplicationCallFactory()), elsewhere, 15)
    UserFactory(username="personne")  # neither a role nor a review
    response = client.get(reverse("team:application_list", args=[call.pk]))
    offered = {pk for pk, _label in response.context["form"].fields["reviewed_by"].choices if pk}
    # The team and the director, the mentors of the call's défis, and whoever reviewed in it.
    assert set(User.objects.filter(pk__in=offered).values_list("username", flat=True)) == {
        "team",
        "director",
        "mentor",
        "other_mentor",
        "relecteur",
    }


def test_a_review_knows_the_call_of_what_it_reviews(listing):
    from cohorte.reviews.models import Review
    from tests.factories import ProposalFactory

    review = add_review(listing.application, UserFactory(), 12)
    assert review.call_id == listing.call.pk
    proposal = ProposalFactory()
    opinion = Review.objects.create(proposal=proposal, reviewer=UserFactory(), stage="preselection")
    assert opinion.call_id == proposal.call_id


def test_the_migration_writes_the_call_of_existing_reviews(listing):
    from importlib import import_module

    from django.apps import apps

    from cohorte.reviews.models import Review
    from tests.factories import ProposalFactory

    migration = import_module("cohorte.reviews.migrations.0007_review_call")
    proposal = ProposalFactory()
    Review.objects.create(proposal=proposal, reviewer=UserFactory(), stage="preselection")
    Review.objects.update(call=None)
    migration.write_calls(apps, None)
    reviews = list(Review.objects.select_related("application", "proposal"))
    assert len(reviews) == 5
    for review in reviews:
        assert review.call_id == (review.application or review.proposal).call_id
    assert not Review.objects.filter(call=None).exists()
