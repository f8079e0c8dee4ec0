"""The défi catalogue (/defis/) and the page of a défi (/defis/<slug>/)."""

import html
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.people.models import Role
from tests.factories import (
    AchievementFactory,
    ChallengeFactory,
    CohortFactory,
    ExpertiseFactory,
    KeyFigureFactory,
    OrganisationFactory,
    PersonFactory,
    RoleFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("public:challenge_list")


def titles(response) -> list[str]:
    return [challenge.title for challenge in response.context["page_obj"].object_list]


# Catalogue


def test_catalogue_lists_public_challenges_only(client):
    published = ChallengeFactory(title="Publié", status=Challenge.Status.PUBLISHED)
    running = ChallengeFactory(title="En cours", status=Challenge.Status.RUNNING)
    ChallengeFactory(title="Brouillon secret", status=Challenge.Status.DRAFT)

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert sorted(titles(response)) == sorted([published.title, running.title])
    assert "Brouillon secret" not in response.content.decode()
    assert "2 défis" in response.content.decode()


def test_catalogue_is_ordered_newest_promotion_first(client):
    old = CohortFactory(year=2018)
    new = CohortFactory(year=2024)
    ChallengeFactory(title="B ancien", cohort=old)
    ChallengeFactory(title="A ancien", cohort=old)
    ChallengeFactory(title="Z récent", cohort=new)

    assert titles(client.get(LIST_URL)) == ["Z récent", "A ancien", "B ancien"]


@pytest.mark.parametrize("param", ["promotion", "theme", "expertise", "organisation"])
def test_catalogue_filters_by_slug(client, param):
    wanted = ChallengeFactory(title="Voulu")
    ChallengeFactory(title="Autre")
    theme, expertise = ThemeFactory(), ExpertiseFactory()
    wanted.themes.add(theme)
    wanted.expertises.add(expertise)
    slugs = {
        "promotion": wanted.cohort.slug,
        "theme": theme.slug,
        "expertise": expertise.slug,
        "organisation": wanted.host_organisation.slug,
    }

    response = client.get(LIST_URL, {param: slugs[param]})

    assert titles(response) == ["Voulu"]
    # The select shows the active filter.
    assert f'<option value="{slugs[param]}" selected>' in response.content.decode()


def test_catalogue_filters_combine(client):
    theme = ThemeFactory()
    cohort = CohortFactory()
    both = ChallengeFactory(title="Les deux", cohort=cohort)
    both.themes.add(theme)
    ChallengeFactory(title="Promotion seule", cohort=cohort)
    other = ChallengeFactory(title="Thème seul")
    other.themes.add(theme)

    response = client.get(LIST_URL, {"promotion": cohort.slug, "theme": theme.slug})

    assert titles(response) == ["Les deux"]


def test_unknown_filter_value_matches_nothing(client):
    ChallengeFactory()

    response = client.get(LIST_URL, {"theme": "n-existe-pas"})

    assert response.status_code == 200
    assert titles(response) == []
    assert "Aucun défi ne correspond à ces critères." in response.content.decode()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("archives", ["Archives vivantes"]),  # title, case-insensitive
        ("fonds numérisés", ["Archives vivantes"]),  # tagline, every word
        ("géothermie", ["Sous-sol"]),  # body
        ("Biodiversité", ["Sous-sol"]),  # host organisation name
        ("OFB", ["Sous-sol"]),  # host organisation acronym
        ("archives géothermie", []),  # words must all match
        # Without accents or case, as people type (issue 9, item 4).
        ("geothermie", ["Sous-sol"]),
        ("NUMERISES", ["Archives vivantes"]),
        ("biodiversite", ["Sous-sol"]),
        ("velo", ["Aides Vélo"]),
        ("VÉLO", ["Aides Vélo"]),
        ("coeur", ["Aides Vélo"]),  # a ligature is two letters
        ("l'agence", ["Aides Vélo"]),  # punctuation and typographic apostrophes alike
        ("sous sol", ["Sous-sol"]),
    ],
)
def test_catalogue_text_search(client, query, expected):
    ChallengeFactory(title="Archives vivantes", tagline="Ouvrir les fonds numérisés")
    ChallengeFactory(
        title="Sous-sol",
        body="Cartographier la géothermie.",
        host_organisation=OrganisationFactory(name="Office de la biodiversité", acronym="OFB"),
    )
    ChallengeFactory(
        title="Aides Vélo",
        tagline="Le vélo au cœur des mobilités",
        host_organisation=OrganisationFactory(name="L’Agence de la transition"),
    )

    assert titles(client.get(LIST_URL, {"q": query})) == expected


def test_catalogue_is_paginated_by_twelve_and_keeps_filters_in_links(client):
    theme = ThemeFactory(slug="sante")
    cohort = CohortFactory()
    for index in range(14):
        challenge = ChallengeFactory(title=f"Défi {index:02d}", cohort=cohort)
        challenge.themes.add(theme)

    first = client.get(LIST_URL, {"theme": "sante", "utm_source": "lettre"})
    second = client.get(LIST_URL, {"theme": "sante", "page": 2})

    assert len(titles(first)) == 12
    assert len(titles(second)) == 2
    page = first.content.decode()
    assert 'href="/defis/?theme=sante&amp;page=2"' in page
    assert 'aria-current="page" title="Page 1"' in page
    assert "utm_source" not in page  # unknown parameters are not carried along
    assert 'href="/defis/?theme=sante"' in second.content.decode()  # page 1 has no page param


@pytest.mark.parametrize("page", ["3", "0", "abc", "-1", "99999999999999999999999"])
def test_catalogue_page_out_of_range_shows_a_page_not_a_404(client, page):
    # Yesterday's link to page 3 of a list that shrank shows what remains (issue 9, item 4).
    ChallengeFactory(title="Le seul défi")

    response = client.get(LIST_URL, {"page": page})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 1
    assert titles(response) == ["Le seul défi"]


def test_catalogue_past_the_last_page_shows_the_last_page(client):
    for index in range(14):
        ChallengeFactory(title=f"Défi {index:02d}", cohort=ChallengeFactory().cohort)

    response = client.get(LIST_URL, {"page": 7})

    assert response.status_code == 200
    assert response.context["page_obj"].number == 3
    assert 'aria-current="page" title="Page 3"' in response.content.decode()


def test_a_search_without_results_past_the_first_page_is_an_empty_state(client):
    ChallengeFactory(title="Vélo")

    response = client.get(LIST_URL, {"q": "introuvable", "page": 4})

    assert response.status_code == 200
    assert "Aucun défi ne correspond à ces critères." in response.content.decode()


def test_filter_form_has_labelled_fields_and_a_submit_button(client):
    page = client.get(LIST_URL).content.decode()

    for name in ["q", "promotion", "theme", "expertise", "organisation"]:
        assert f'<label class="fr-label" for="id_{name}">' in page
        assert f'id="id_{name}"' in page
    assert '<form method="get" action="/defis/"' in page
    assert '<button class="fr-btn" type="submit">Filtrer</button>' in page


def test_catalogue_has_a_constant_number_of_queries(count_queries, challenge_world):
    challenge_world(3)
    _response, small = count_queries(LIST_URL)
    challenge_world(15)
    response, large = count_queries(LIST_URL)

    assert len(response.context["page_obj"].object_list) == 12
    assert small == large


def test_a_search_has_the_queries_of_the_plain_list(count_queries, challenge_world):
    challenge_world(3)
    _response, plain = count_queries(LIST_URL)
    _response, small = count_queries(f"{LIST_URL}?q=defi+mieux+servir")
    challenge_world(15)
    response, large = count_queries(f"{LIST_URL}?q=DEFI+MIEUX+SERVIR")

    assert len(response.context["page_obj"].object_list) == 12
    assert plain == small == large


# Page of a défi


def test_challenge_page_shows_everything(client):
    cohort = CohortFactory(name="Promotion 4", slug="promotion-4")
    challenge = ChallengeFactory(
        title="Archives vivantes",
        tagline="Ouvrir les fonds",
        body="## Le contexte\n\nUn **vrai** besoin.",
        cohort=cohort,
        host_organisation=OrganisationFactory(name="Archives nationales"),
        funding_organisation=OrganisationFactory(name="Ministère de la Culture"),
        town="Pierrefitte",
        seats=3,
        duration_months=10,
        status=Challenge.Status.RUNNING,
        startup_url="https://beta.gouv.fr/startups/archives.html",
        sustainment_note="Repris par la DSI.\nEn production.",
    )
    challenge.partner_organisations.add(OrganisationFactory(name="Bibliothèque nationale"))
    challenge.themes.add(ThemeFactory(name="Culture", slug="culture"))
    challenge.expertises.add(ExpertiseFactory(name="Data science", slug="data-science"))
    KeyFigureFactory(challenge=challenge, amount=Decimal("20000000"), label="pages numérisées")
    AchievementFactory(
        challenge=challenge,
        title="Le moteur",
        url="https://example.org/moteur",
        call_to_action="Essayer le moteur",
        description="Une recherche *plein texte*.",
    )
    ChallengeLink.objects.create(
        challenge=challenge,
        kind=ChallengeLink.Kind.CODE,
        url="https://github.com/x/y",
        label="Dépôt",
    )
    ChallengeLink.objects.create(
        challenge=challenge, kind=ChallengeLink.Kind.DATA, url="https://data.gouv.fr/d", label="Jeu"
    )

    response = client.get(challenge.get_absolute_url())

    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    for text in [
        "<h1>Archives vivantes</h1>",
        "Ouvrir les fonds",
        "<h2>Le contexte</h2>",
        "<strong>vrai</strong>",
        '<a href="/promotions/promotion-4/">Promotion 4</a>',
        "Archives nationales",
        "Ministère de la Culture",
        "Bibliothèque nationale",
        "Pierrefitte",
        "3 EIG",
        "10 mois",
        "En cours",
        'href="/defis/?theme=culture"',
        'href="/defis/?expertise=data-science"',
        "20\u202f000\u202f000</span> pages numérisées",
        "Le moteur",
        "<em>plein texte</em>",
        'href="https://example.org/moteur">Essayer le moteur<span class="fr-sr-only"> : Le moteur',
        '<a href="https://github.com/x/y">Dépôt <span class="fr-text--sm">(github.com/x/y)',
        '<a href="https://data.gouv.fr/d">Jeu <span class="fr-text--sm">(data.gouv.fr/d)',
        'href="https://beta.gouv.fr/startups/archives.html"',
        "<p>Repris par la DSI.<br>En production.</p>",
    ]:
        assert text in page, text


def test_challenge_team_lists_public_people_by_role(client):
    challenge = ChallengeFactory()
    fellow = RoleFactory(
        challenge=challenge, kind=Role.Kind.FELLOW, person=PersonFactory(full_name="Ada Lovelace")
    )
    RoleFactory(
        challenge=challenge,
        kind=Role.Kind.OPERATIONAL_MENTOR,
        person=PersonFactory(full_name="Grace Hopper"),
    )
    RoleFactory(
        challenge=challenge,
        kind=Role.Kind.FELLOW,
        person=PersonFactory(full_name="Discrète Personne", is_public=False),
    )

    page = client.get(challenge.get_absolute_url()).content.decode()

    assert f'<a href="{fellow.person.get_absolute_url()}">Ada Lovelace</a>' in page
    assert "Grace Hopper" in page
    mentors = page.index("Mentor·es opérationnel·les")
    assert page.index(">EIG</h3>") < page.index("Ada Lovelace") < mentors
    assert "Discrète Personne" not in page


@pytest.mark.parametrize(
    "status", [Challenge.Status.PUBLISHED, Challenge.Status.RUNNING, Challenge.Status.FINISHED]
)
def test_public_challenge_pages_exist(client, status):
    assert client.get(ChallengeFactory(status=status).get_absolute_url()).status_code == 200


def test_draft_and_unknown_challenges_are_404(client):
    draft = ChallengeFactory(status=Challenge.Status.DRAFT)

    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get("/defis/n-existe-pas/").status_code == 404


def test_challenge_page_has_a_constant_number_of_queries(count_queries, make_challenge):
    small = make_challenge()
    _response, small_count = count_queries(small.get_absolute_url())
    large = make_challenge()
    for _ in range(12):
        RoleFactory(challenge=large, kind=Role.Kind.FELLOW)
        KeyFigureFactory(challenge=large)
        AchievementFactory(challenge=large)
        large.themes.add(ThemeFactory())
        large.partner_organisations.add(OrganisationFactory())
    _response, large_count = count_queries(large.get_absolute_url())

    assert small_count == large_count
