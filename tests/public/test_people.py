"""The directory (/personnes/) and the page of a person (/personnes/<slug>/)."""

import html

import pytest
from django.urls import reverse

from cohorte.challenges.models import Challenge
from cohorte.people.models import Role
from tests.factories import (
    ChallengeFactory,
    CohortFactory,
    ExpertiseFactory,
    PersonFactory,
    RoleFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:person_list")


def names(response) -> list[str]:
    return [person.full_name for person in response.context["page_obj"].object_list]


def test_directory_lists_public_people_only_by_name(client):
    PersonFactory(full_name="Zoé Public")
    PersonFactory(full_name="Alain Public")
    PersonFactory(full_name="Caché Privé", is_public=False)

    response = client.get(LIST_URL)

    assert names(response) == ["Alain Public", "Zoé Public"]
    assert "Caché Privé" not in response.content.decode()


def test_directory_filters_by_promotion_and_role_on_the_same_role(client):
    cohort_4, cohort_5 = CohortFactory(slug="eig-4"), CohortFactory(slug="eig-5")
    fellow_4 = PersonFactory(full_name="EIG de la 4")
    RoleFactory(person=fellow_4, kind=Role.Kind.FELLOW, challenge=ChallengeFactory(cohort=cohort_4))
    # A mentor in the 4 who was a fellow in the 5 is not a fellow of the 4.
    mixed = PersonFactory(full_name="Mentor de la 4")
    RoleFactory(
        person=mixed, kind=Role.Kind.OPERATIONAL_MENTOR, challenge=ChallengeFactory(cohort=cohort_4)
    )
    RoleFactory(person=mixed, kind=Role.Kind.FELLOW, challenge=ChallengeFactory(cohort=cohort_5))

    assert names(client.get(LIST_URL, {"promotion": "eig-4", "role": "fellow"})) == ["EIG de la 4"]
    assert names(client.get(LIST_URL, {"promotion": "eig-4"})) == ["EIG de la 4", "Mentor de la 4"]
    assert names(client.get(LIST_URL, {"role": "fellow"})) == ["EIG de la 4", "Mentor de la 4"]


def test_person_with_two_matching_roles_is_listed_once(client):
    cohort = CohortFactory(slug="eig-6")
    person = PersonFactory(full_name="Deux défis")
    RoleFactory(person=person, challenge=ChallengeFactory(cohort=cohort))
    RoleFactory(person=person, challenge=ChallengeFactory(cohort=cohort))

    response = client.get(LIST_URL, {"promotion": "eig-6"})

    assert names(response) == ["Deux défis"]
    assert response.context["page_obj"].paginator.count == 1


def test_directory_filters_by_expertise_and_name(client):
    design = ExpertiseFactory(slug="design")
    designer = PersonFactory(full_name="Camille Design", job_title="Designer")
    designer.expertises.add(design)
    PersonFactory(full_name="Dominique Data", job_title="Data scientist")

    assert names(client.get(LIST_URL, {"expertise": "design"})) == ["Camille Design"]
    assert names(client.get(LIST_URL, {"q": "data"})) == ["Dominique Data"]
    assert names(client.get(LIST_URL, {"q": "designer"})) == ["Camille Design"]


@pytest.mark.parametrize("query", ["francois", "FRANÇOIS", "François", "francois lefevre"])
def test_directory_search_ignores_accents_and_case(client, query):
    PersonFactory(full_name="François Lefèvre", job_title="Développeur")
    PersonFactory(full_name="Frank Lefranc")

    assert names(client.get(LIST_URL, {"q": query})) == ["François Lefèvre"]
    assert names(client.get(LIST_URL, {"q": "developpeur"})) == ["François Lefèvre"]


def test_directory_is_paginated_by_24(client):
    for index in range(26):
        PersonFactory(full_name=f"Personne {index:02d}")

    first = client.get(LIST_URL)
    second = client.get(LIST_URL, {"page": 2})

    assert len(names(first)) == 24
    assert names(second) == ["Personne 24", "Personne 25"]
    past_the_end = client.get(LIST_URL, {"page": 3})
    assert past_the_end.status_code == 200
    assert names(past_the_end) == ["Personne 24", "Personne 25"]


def test_directory_has_a_constant_number_of_queries(count_queries, person_world):
    person_world(3)
    _response, small = count_queries(LIST_URL)
    person_world(30)
    response, large = count_queries(LIST_URL)

    assert len(response.context["page_obj"].object_list) == 24
    assert small == large


# Page of a person


def test_person_page_shows_profile_links_and_roles(client):
    cohort = CohortFactory(name="Promotion 3", slug="promotion-3")
    person = PersonFactory(
        full_name="Ada Lovelace",
        job_title="Développeuse",
        bio="Elle aime **les machines**.",
        github="ada",
        gitlab="https://gitlab.com/ada-l",
        twitter="@ada",
        mastodon="@ada@social.example",
        linkedin="https://www.linkedin.com/in/ada",
        website="https://ada.example/",
    )
    person.expertises.add(ExpertiseFactory(name="Développement", slug="developpement"))
    challenge = ChallengeFactory(title="Machine analytique", cohort=cohort)
    RoleFactory(person=person, challenge=challenge, kind=Role.Kind.FELLOW)
    RoleFactory(person=person, challenge=None, cohort=cohort, kind=Role.Kind.ALUMNI)

    response = client.get(person.get_absolute_url())

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for text in [
        "<h1>Ada Lovelace</h1>",
        "Développeuse",
        "<strong>les machines</strong>",
        'href="/personnes/?expertise=developpement"',
        'href="https://github.com/ada" rel="me noopener">GitHub : ada</a>',
        'href="https://gitlab.com/ada-l" rel="me noopener">GitLab : ada-l</a>',
        'href="https://twitter.com/ada" rel="me noopener">Twitter : ada</a>',
        'href="https://social.example/@ada" rel="me noopener">Mastodon : @ada@social.example</a>',
        'href="https://www.linkedin.com/in/ada" rel="me noopener">LinkedIn',
        'href="https://ada.example/" rel="me noopener">Site web : ada.example</a>',
        '<a href="/promotions/promotion-3/">Promotion 3</a>',
        f'<a href="{challenge.get_absolute_url()}">Machine analytique</a>',
        "<strong>Alumni</strong>",
    ]:
        assert text in page, text


def test_person_page_does_not_link_a_draft_challenge(client):
    person = PersonFactory()
    draft = ChallengeFactory(title="Défi confidentiel", status=Challenge.Status.DRAFT)
    RoleFactory(person=person, challenge=draft)

    page = client.get(person.get_absolute_url()).content.decode()

    assert "Défi confidentiel" not in page
    assert draft.cohort.name in page


def test_unsafe_profile_values_never_become_links(client):
    person = PersonFactory(
        github="javascript:alert(1)", website="javascript:alert(1)", linkedin="data:text/html,x"
    )

    page = client.get(person.get_absolute_url()).content.decode()

    assert "javascript:" not in page
    assert "data:text/html" not in page
    assert "Sur le web" not in page


def test_non_public_and_unknown_people_are_404(client):
    hidden = PersonFactory(is_public=False)

    assert client.get(hidden.get_absolute_url()).status_code == 404
    assert client.get("/personnes/personne-inconnue/").status_code == 404


def test_person_page_has_a_constant_number_of_queries(count_queries):
    small = PersonFactory()
    RoleFactory(person=small)
    _response, small_count = count_queries(small.get_absolute_url())
    large = PersonFactory()
    for _ in range(10):
        RoleFactory(person=large)
        large.expertises.add(ExpertiseFactory())
    _response, large_count = count_queries(large.get_absolute_url())

    assert small_count == large_count


@pytest.mark.parametrize(
    ("form", "operational", "senior"),
    [
        ("feminine", "Mentore opérationnelle", "Mentore de haut niveau"),
        ("masculine", "Mentor opérationnel", "Mentor de haut niveau"),
        ("neutral", "Mentor·e opérationnel·le", "Mentor·e de haut niveau"),
        ("", "Mentor·e opérationnel·le", "Mentor·e de haut niveau"),  # nothing said: no guess
    ],
)
def test_role_titles_agree_with_the_person(client, form, operational, senior):
    person = PersonFactory(full_name="Camille Martin", form=form)
    RoleFactory(person=person, kind=Role.Kind.OPERATIONAL_MENTOR)
    RoleFactory(person=person, kind=Role.Kind.SENIOR_MENTOR)

    page = html.unescape(client.get(person.get_absolute_url()).text)
    directory = html.unescape(client.get(LIST_URL).text)

    assert f"<strong>{operational}</strong>" in page
    assert f"<strong>{senior}</strong>" in page
    assert f'fr-badge--blue-cumulus">{operational[0].lower()}{operational[1:]} · ' in directory
