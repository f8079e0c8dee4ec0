"""The promotions (/promotions/) and the page of a promotion (/promotions/<slug>/)."""

import pytest
from django.urls import reverse

from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from tests.factories import ChallengeFactory, CohortFactory, PersonFactory, RoleFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:cohort_list")


def test_cohort_list_counts_public_challenges_and_distinct_fellows(client):
    cohort = CohortFactory(name="Promotion 4", year=2020)
    first, second = ChallengeFactory(cohort=cohort), ChallengeFactory(cohort=cohort)
    ChallengeFactory(cohort=cohort, status=Challenge.Status.DRAFT)
    fellow = PersonFactory()
    RoleFactory(person=fellow, challenge=first)
    RoleFactory(person=fellow, challenge=second)  # the same fellow on two défis counts once
    RoleFactory(challenge=first)
    RoleFactory(challenge=first, kind=Role.Kind.OPERATIONAL_MENTOR)
    CohortFactory(name="Promotion 5", year=2021)

    response = client.get(LIST_URL)

    cohorts = {c.name: (c.challenge_count, c.fellow_count) for c in response.context["cohorts"]}
    assert cohorts == {"Promotion 4": (2, 2), "Promotion 5": (0, 0)}
    page = response.content.decode()
    assert page.index("Promotion 5") < page.index("Promotion 4")  # newest first
    assert '<th scope="col">Promotion</th>' in page


def test_cohort_list_has_a_constant_number_of_queries(count_queries, challenge_world):
    challenge_world(2)
    _response, small = count_queries(LIST_URL)
    challenge_world(12)
    _response, large = count_queries(LIST_URL)

    assert small == large


def test_cohort_page_shows_its_public_challenges_and_people_by_role(client):
    cohort = CohortFactory(name="Promotion 7", description="Une promotion **record**.")
    challenge = ChallengeFactory(cohort=cohort, title="Défi public")
    ChallengeFactory(cohort=cohort, title="Défi brouillon", status=Challenge.Status.DRAFT)
    ChallengeFactory(title="Défi d'une autre promotion")
    RoleFactory(challenge=challenge, person=PersonFactory(full_name="Ada EIG"))
    RoleFactory(
        challenge=challenge,
        kind=Role.Kind.SENIOR_MENTOR,
        person=PersonFactory(full_name="Grace Mentor"),
    )
    RoleFactory(
        challenge=None,
        cohort=cohort,
        kind=Role.Kind.TEAM,
        person=PersonFactory(full_name="Équipe Programme"),
    )
    RoleFactory(challenge=challenge, person=PersonFactory(full_name="Privé", is_public=False))

    response = client.get(cohort.get_absolute_url())

    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Promotion 7</h1>" in page
    assert "<strong>record</strong>" in page
    assert "Défi public" in page
    assert "Défi brouillon" not in page
    assert "autre promotion" not in page
    headings = [group.heading for group in response.context["groups"]]
    assert [str(heading) for heading in headings] == [
        "EIG",
        "Mentor·es de haut niveau",
        "Équipe du programme",
    ]
    assert "Ada EIG" in page
    assert "Privé" not in page


def test_unknown_cohort_is_404(client):
    assert client.get("/promotions/inconnue/").status_code == 404


def test_cohort_page_has_a_constant_number_of_queries(count_queries, challenge_world):
    small, large = CohortFactory(), CohortFactory()
    challenge_world(2, cohort=small)
    _response, small_count = count_queries(small.get_absolute_url())
    challenge_world(12, cohort=large)
    _response, large_count = count_queries(large.get_absolute_url())

    assert small_count == large_count
