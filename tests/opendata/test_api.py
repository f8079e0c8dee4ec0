"""/api/v1/: each resource and filter with its exact JSON, every bad input with its message."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.throttling import AnonRateThrottle

from cohorte.alumni.models import AlumniProfile
from cohorte.challenges.models import Challenge
from cohorte.people.models import Person
from tests.factories import ChallengeFactory, KeyFigureFactory, PersonFactory, RoleFactory

from .conftest import SITE

pytestmark = pytest.mark.django_db

SANTE = {
    "slug": "donnees-sante",
    "titre": "Données de santé",
    "accroche": "Mieux soigner",
    "promotion": "promotion-11",
    "statut": "running",
    "administration_accueil": "dns",
    "porteur_administratif": "ministere-sante",
    "administrations_partenaires": ["agence-donnees"],
    "themes": ["sante"],
    "ville": "Paris",
    "places": 2,
    "duree_mois": 10,
    "liens_code": ["https://code.example.org/sante"],
    "liens_donnees": ["https://data.example.org/sante"],
    "startup_etat": None,
    "etat_apres_programme": "sustained",
    "etat_porte_par": "internal_team",
    "etat_depuis": "2027-02-01",
    "adresse_produit": "https://produit.example.gouv.fr",
    "mise_a_jour": "2027-03-01T09:30:00Z",
    "url": f"{SITE}/defis/donnees-sante/",
    "chiffres": [{"ordre": 1, "valeur": 1200, "libelle": "patients suivis"}],
    "realisations": [
        {
            "ordre": 1,
            "titre": "Tableau de bord",
            "url": "https://example.org/outil",
            "description": "",
        }
    ],
}
FORETS = {
    **SANTE,
    "slug": "forets",
    "titre": "Forêts",
    "accroche": "Mieux servir les usagers grâce aux données",
    "promotion": "promotion-10",
    "statut": "finished",
    "administration_accueil": "agence-donnees",
    "porteur_administratif": None,
    "administrations_partenaires": [],
    "themes": [],
    "duree_mois": None,
    "liens_code": [],
    "liens_donnees": [],
    "etat_apres_programme": None,
    "etat_porte_par": None,
    "etat_depuis": None,
    "adresse_produit": None,
    "url": f"{SITE}/defis/forets/",
    "chiffres": [],
    "realisations": [],
}
CAMILLE = {
    "slug": "camille-roux",
    "nom": "Camille Roux",
    "fonction": "Data scientist",
    "situation_actuelle": "other_administration",
    "structure_actuelle": "Insee",
    "url": f"{SITE}/personnes/camille-roux/",
    "roles": [
        {"role": "alumni", "libelle": "alumni", "promotion": "promotion-10", "defi": None},
        {"role": "fellow", "libelle": "EIG", "promotion": "promotion-11", "defi": "donnees-sante"},
    ],
}
NOE = {
    "slug": "noe-garnier",
    "nom": "Noé Garnier",
    "fonction": "",
    "situation_actuelle": None,
    "structure_actuelle": None,
    "url": f"{SITE}/personnes/noe-garnier/",
    "roles": [
        {
            "role": "operational_mentor",
            "libelle": "mentor opérationnel",
            "promotion": "promotion-10",
            "defi": "forets",
        },
        # His role in a défi still in draft: the défi is not named.
        {"role": "fellow", "libelle": "EIG", "promotion": "promotion-11", "defi": None},
    ],
}


def page(results, nombre=None, page=1, pages=1, suivant=None, precedent=None):
    return {
        "nombre": len(results) if nombre is None else nombre,
        "page": page,
        "pages": pages,
        "suivant": suivant,
        "precedent": precedent,
        "resultats": results,
    }


def get(client, url, status=200, **headers):
    response = client.get(url, headers=headers)
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    assert response["Access-Control-Allow-Origin"] == "*"
    return response.json()


def test_defis_list_and_detail(client, open_world):
    assert get(client, "/api/v1/defis/") == page([SANTE, FORETS])
    assert get(client, "/api/v1/defis/donnees-sante/") == SANTE


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("cohort=promotion-11", ["donnees-sante"]),
        ("cohort=promotion-10", ["forets"]),
        ("cohort=inconnue", []),
        ("theme=sante", ["donnees-sante"]),
        ("administration=dns", ["donnees-sante"]),  # host
        ("administration=ministere-sante", ["donnees-sante"]),  # funding
        ("administration=agence-donnees", ["donnees-sante", "forets"]),  # partner, host
        ("administration=cachee", []),  # only hosts a draft
        ("status=finished", ["forets"]),
        ("status=running&cohort=promotion-11", ["donnees-sante"]),
        ("updated_since=2027-03-01T09:30:00Z", ["donnees-sante", "forets"]),
        ("updated_since=2027-03-02", []),
        ("updated_since=2027-03-01T10:30:00%2B02:00", ["donnees-sante", "forets"]),
        ("updated_since=2027-03-01T08:00:00-22:57", []),  # beyond PostgreSQL's offsets
        ("updated_since=0001-01-01T00:00:00-22:57", ["donnees-sante", "forets"]),
    ],
)
def test_defis_filters(client, open_world, query, slugs):
    body = get(client, f"/api/v1/defis/?{query}")
    assert [item["slug"] for item in body["resultats"]] == slugs
    assert body["nombre"] == len(slugs)


def test_updated_since_follows_changes(client, open_world, time_machine):
    time_machine.move_to("2027-03-05T12:00:00Z", tick=False)
    open_world.foret.save()
    body = get(client, "/api/v1/defis/?updated_since=2027-03-05")
    assert [item["slug"] for item in body["resultats"]] == ["forets"]
    assert body["resultats"][0]["mise_a_jour"] == "2027-03-05T12:00:00Z"


def test_draft_defi_is_nowhere(client, open_world):
    assert get(client, "/api/v1/defis/brouillon/", status=404) == {
        "detail": "Aucun défi public n’a cet identifiant."
    }
    assert get(client, "/api/v1/administrations/cachee/", status=404) == {
        "detail": "Aucune administration participant à un défi public n’a cet identifiant."
    }


def test_pagination(client, open_world):
    assert get(client, "/api/v1/defis/?page_size=1") == page(
        [SANTE], nombre=2, pages=2, suivant=f"{SITE}/api/v1/defis/?page_size=1&page=2"
    )
    assert get(client, "/api/v1/defis/?page_size=1&page=2") == page(
        [FORETS],
        nombre=2,
        page=2,
        pages=2,
        precedent=f"{SITE}/api/v1/defis/?page_size=1&page=1",
    )


def test_page_past_the_end(client, open_world):
    assert get(client, "/api/v1/defis/?page=3", status=404) == {
        "detail": "La page 3 n’existe pas : la dernière est la page 1."
    }
    # An empty list still has its first page.
    assert get(client, "/api/v1/defis/?cohort=inconnue") == page([])
    assert get(client, "/api/v1/defis/?page=123456789012345678901234", status=404) == {
        "detail": "La page 1000000000000000000 n’existe pas : la dernière est la page 1."
    }


@pytest.mark.parametrize(
    ("query", "errors"),
    [
        ("couleur=bleu", {"couleur": "Paramètre inconnu."}),
        ("format=xml", {"format": "Paramètre inconnu."}),
        ("page=0", {"page": "Nombre entier supérieur ou égal à 1 attendu."}),
        ("page=-1", {"page": "Nombre entier supérieur ou égal à 1 attendu."}),
        ("page=deux", {"page": "Nombre entier supérieur ou égal à 1 attendu."}),
        ("page=1.5", {"page": "Nombre entier supérieur ou égal à 1 attendu."}),
        ("page=%EF%BC%91", {"page": "Nombre entier supérieur ou égal à 1 attendu."}),  # "１"
        ("page_size=101", {"page_size": "Nombre entier entre 1 et 100 attendu."}),
        ("page_size=0", {"page_size": "Nombre entier entre 1 et 100 attendu."}),
        ("page_size=", {"page_size": "Nombre entier entre 1 et 100 attendu."}),
        ("page=1&page=2", {"page": "Paramètre donné plusieurs fois."}),
        (
            "status=draft",
            {"status": "Valeur inconnue : choisissez parmi published, running, finished."},
        ),
        (
            "cohort=promo%2011",
            {"cohort": "Identifiant attendu : lettres, chiffres, tirets et soulignés."},
        ),
        (
            "theme=sante%0A",
            {"theme": "Identifiant attendu : lettres, chiffres, tirets et soulignés."},
        ),
        (
            "updated_since=hier",
            {
                "updated_since": "Date ISO 8601 attendue, par exemple 2026-01-31 ou "
                "2026-01-31T12:00:00Z."
            },
        ),
        (
            "updated_since=9999-12-31T23:00:00-05:00",
            {
                "updated_since": "Date ISO 8601 attendue, par exemple 2026-01-31 ou "
                "2026-01-31T12:00:00Z."
            },
        ),
        (
            "updated_since=2027-02-30",
            {
                "updated_since": "Date ISO 8601 attendue, par exemple 2026-01-31 ou "
                "2026-01-31T12:00:00Z."
            },
        ),
        (
            "couleur=1&page=0",
            {
                "couleur": "Paramètre inconnu.",
                "page": "Nombre entier supérieur ou égal à 1 attendu.",
            },
        ),
    ],
)
def test_bad_parameters(client, open_world, query, errors):
    before = list(Challenge.objects.values_list("pk", "updated_at").order_by("pk"))
    assert get(client, f"/api/v1/defis/?{query}", status=400) == {"erreurs": errors}
    assert list(Challenge.objects.values_list("pk", "updated_at").order_by("pk")) == before


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/promotions/?theme=sante",
        "/api/v1/chiffres-cles/?page=1",
        "/api/v1/defis/donnees-sante/?cohort=promotion-11",
    ],
)
def test_filters_of_other_resources_are_unknown(client, open_world, url):
    name = url.split("?")[1].split("=")[0]
    assert get(client, url, status=400) == {"erreurs": {name: "Paramètre inconnu."}}


def test_promotions(client, open_world):
    eleven = {
        "slug": "promotion-11",
        "nom": "Promotion 11",
        "programme": "EIG",
        "numero": 11,
        "annee": 2027,
        "debut": None,
        "fin": None,
        "statut": "finished",
        "nombre_defis": 1,
        "nombre_eig": 3,
        "url": f"{SITE}/promotions/promotion-11/",
    }
    ten = {
        **eleven,
        "slug": "promotion-10",
        "nom": "Promotion 10",
        "numero": 10,
        "annee": 2026,
        "nombre_eig": 0,
        "url": f"{SITE}/promotions/promotion-10/",
    }
    assert get(client, "/api/v1/promotions/") == page([eleven, ten])
    assert get(client, "/api/v1/promotions/?status=running") == page([])
    assert get(client, "/api/v1/promotions/promotion-10/") == ten


def test_administrations(client, open_world):
    dns = {
        "slug": "dns",
        "nom": "Direction du numérique en santé",
        "sigle": "DNS",
        "type": "central",
        "tutelle": "Ministère de la Santé",
        "site_web": "https://dns.example.gouv.fr",
        "ville": "Paris",
        "defis": f"{SITE}/defis/?organisation=dns",
    }
    body = get(client, "/api/v1/administrations/")
    assert [item["slug"] for item in body["resultats"]] == [
        "agence-donnees",
        "dns",
        "ministere-sante",
    ]
    assert body["resultats"][1] == dns
    assert get(client, "/api/v1/administrations/dns/") == dns
    filtered = get(client, "/api/v1/administrations/?cohort=promotion-10")
    assert [item["slug"] for item in filtered["resultats"]] == ["agence-donnees"]


def test_personnes(client, open_world):
    assert get(client, "/api/v1/personnes/") == page([CAMILLE, NOE])
    assert get(client, "/api/v1/personnes/camille-roux/") == CAMILLE
    assert get(client, "/api/v1/personnes/?cohort=promotion-10") == page([CAMILLE, NOE])
    assert get(client, "/api/v1/personnes/?role=operational_mentor") == page([NOE])
    assert get(client, "/api/v1/personnes/?role=coach") == page([])


def test_no_personal_data_beyond_the_public_site(client, open_world):
    everything = "".join(
        client.get(url).content.decode()
        for url in (
            "/api/v1/personnes/",
            "/api/v1/personnes/camille-roux/",
            "/api/v1/personnes/noe-garnier/",
            "/api/v1/defis/",
            "/api/v1/publications/",
        )
    )
    for secret in (
        "camille@example.org",  # Person.email
        "Cheffe de projet secret",  # career job title: not published even with consent
        "Ancienne boîte",  # past career steps
        "Hôpital",  # career without consent
        "public_sector",
        "Invisible",  # not a public person
        "Secret",
        "Note interne",  # sustainment notes
        "partly",  # the team's verdict
        "Verdict",
        "Le corps de l",  # posts' bodies
    ):
        assert secret not in everything
    assert get(client, "/api/v1/personnes/invisible/", status=404) == {
        "detail": "Aucune personne publique n’a cet identifiant."
    }


def test_withdrawn_consent_disappears(client, open_world):
    assert get(client, "/api/v1/personnes/camille-roux/")["structure_actuelle"] == "Insee"
    AlumniProfile.objects.filter(person=open_world.camille).update(path_public=False)
    body = get(client, "/api/v1/personnes/camille-roux/")
    assert (body["situation_actuelle"], body["structure_actuelle"]) == (None, None)
    Person.objects.filter(pk=open_world.camille.pk).update(is_public=False)
    get(client, "/api/v1/personnes/camille-roux/", status=404)
    assert get(client, "/api/v1/personnes/") == page([NOE])


def test_publications(client, open_world):
    appel = {
        "slug": "appel-2027",
        "titre": "Appel 2027",
        "type": "news",
        "date_publication": "2027-02-15T08:00:00Z",
        "langue": "fr",
        "categories": ["recrutement"],
        "mise_a_jour": "2027-03-01T09:30:00Z",
        "url": f"{SITE}/blog/appel-2027/",
    }
    assert get(client, "/api/v1/publications/") == page([appel])
    assert get(client, "/api/v1/publications/appel-2027/") == appel
    assert get(client, "/api/v1/publications/?category=recrutement&kind=news") == page([appel])
    assert get(client, "/api/v1/publications/?kind=job") == page([])
    assert get(client, "/api/v1/publications/?language=en") == page([])
    get(client, "/api/v1/publications/plus-tard/", status=404)
    get(client, "/api/v1/publications/brouillon-post/", status=404)


def test_key_figures_are_the_home_pages(client, open_world):
    assert get(client, "/api/v1/chiffres-cles/") == {
        "resultats": [
            {"cle": "fellows", "libelle": "EIG recruté·es", "valeur": 3},
            {"cle": "challenges", "libelle": "défis publiés", "valeur": 2},
            {"cle": "organisations", "libelle": "administrations d’accueil", "valeur": 2},
            {"cle": "cohorts", "libelle": "promotions", "valeur": 2},
        ]
    }
    assert get(client, "/api/v1/chiffres-cles/challenges/") == {
        "cle": "challenges",
        "libelle": "défis publiés",
        "valeur": 2,
    }
    home = client.get("/")
    assert home.context["figures"] == {
        "fellows": 3,
        "challenges": 2,
        "organisations": 2,
        "cohorts": 2,
    }


def test_etag_and_conditional_get(client, open_world):
    response = client.get("/api/v1/defis/")
    etag = response["ETag"]
    assert etag.startswith('"') and len(etag) == 34
    assert response["Cache-Control"] == "public, max-age=300"
    again = client.get("/api/v1/defis/", headers={"If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag
    assert again["Access-Control-Allow-Origin"] == "*"
    assert client.get("/api/v1/defis/", headers={"If-None-Match": f"W/{etag}"}).status_code == 304
    other = client.get("/api/v1/defis/", headers={"If-None-Match": '"autre"'})
    assert other.status_code == 200
    open_world.foret.title = "Forêts publiques"
    open_world.foret.save()
    changed = client.get("/api/v1/defis/", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed["ETag"] != etag


def test_cors(client, open_world):
    response = client.options("/api/v1/defis/", headers={"Origin": "https://ailleurs.example"})
    assert response["Access-Control-Allow-Origin"] == "*"
    assert response["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert response["Access-Control-Allow-Headers"] == "If-None-Match"
    assert response["Access-Control-Expose-Headers"] == "ETag, Retry-After"
    head = client.head("/api/v1/defis/")
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_read_only(client, open_world, method):
    before = Challenge.objects.count()
    response = getattr(client, method)("/api/v1/defis/donnees-sante/")
    assert response.status_code == 405
    assert response.json() == {
        "detail": "Méthode non autorisée : l’API est en lecture seule (GET, HEAD, OPTIONS)."
    }
    assert response["Allow"] == "GET, HEAD, OPTIONS"
    assert Challenge.objects.count() == before


def test_unknown_addresses_are_json(client, db):
    for url in ("/api/v1/inconnu/", "/api/v1/defis/a/b/", "/api/v2/defis/", "/api/"):
        assert get(client, url, status=404) == {"detail": "Ressource introuvable."}


def test_too_many_requests(client, open_world, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    assert client.get("/api/v1/chiffres-cles/").status_code == 200
    assert client.get("/api/v1/defis/").status_code == 200
    response = client.get("/api/v1/promotions/")
    assert response.status_code == 429
    assert response.json() == {"detail": "Trop de requêtes : réessayez dans 60 secondes."}
    assert response["Retry-After"] == "60"
    # Another client is not held back.
    other = client.get("/api/v1/promotions/", REMOTE_ADDR="203.0.113.9")
    assert other.status_code == 200
    # Nor can a client pass for another by writing X-Forwarded-For.
    spoofed = client.get("/api/v1/promotions/", headers={"X-Forwarded-For": "198.51.100.1"})
    assert spoofed.status_code == 429


def _queries(client, url) -> int:
    # Uncached: the impact figures are cached, and this test's changes never commit.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/defis/",
        "/api/v1/promotions/",
        "/api/v1/administrations/",
        "/api/v1/personnes/",
        "/api/v1/publications/",
        "/api/v1/chiffres-cles/",
        "/api/v1/impact/",
        "/api/v1/impact/?cohort=promotion-11",
    ],
)
def test_constant_number_of_queries(client, open_world, monkeypatch, url):
    monkeypatch.setattr(AnonRateThrottle, "allow_request", lambda self, request, view: True)
    small = _queries(client, url)
    for _ in range(3):
        challenge = ChallengeFactory(cohort=open_world.cohort)
        KeyFigureFactory(challenge=challenge)
        challenge.partner_organisations.add(open_world.sante.host_organisation)
        RoleFactory(challenge=challenge, person=PersonFactory())
    assert _queries(client, url) == small


def test_impact_figures_are_the_impact_pages(client, open_world):
    from cohorte.impact import figures

    listed = get(client, "/api/v1/impact/")["resultats"]
    overall = figures.figures()
    assert [row["cle"] for row in listed] == [figure.key for figure in overall]
    assert {row["perimetre"] for row in listed} == {"programme"}
    fellows = get(client, "/api/v1/impact/fellows/")
    expected = next(figure for figure in overall if figure.key == "fellows")
    assert fellows == {
        "perimetre": "programme",
        "cle": "fellows",
        "libelle": expected.label,
        "definition": expected.definition,
        "valeur": expected.value,
        "numerateur": expected.numerator,
        "denominateur": expected.denominator,
        "unite": expected.unit,
    }
    one = get(client, "/api/v1/impact/?cohort=promotion-11")["resultats"]
    assert {row["perimetre"] for row in one} == {"promotion-11"}
    assert [row["cle"] for row in one] == [figure.key for figure in overall]
    assert get(client, "/api/v1/impact/?cohort=inconnue") == {"resultats": []}
    assert get(client, "/api/v1/impact/inconnu/", status=404) == {
        "detail": "Aucun indicateur n’a cet identifiant."
    }
