"""/donnees/: the package described, its files served (only them), and where it is linked."""

import pytest
from django.core.management import call_command

from cohorte import periodic

from .conftest import SITE

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(open_world, settings):
    call_command("export_opendata", str(settings.OPENDATA_ROOT))
    return settings.OPENDATA_ROOT


def test_page_before_the_first_export(client, open_world):
    response = client.get("/donnees/")
    assert response.status_code == 200
    text = response.content.decode()
    assert (
        "Le paquet n’a pas encore été publié : il le sera lors du prochain export nocturne." in text
    )
    assert "defis.csv" not in text
    assert client.get("/donnees/defis.csv").status_code == 404
    # The nightly job publishes it, and the cached page shows it at once.
    assert periodic.run_due()["opendata_export"] == "ok"
    text = client.get("/donnees/").content.decode()
    assert "Dernier export : 10 mars 2027 à 11 h 00, heure de Paris." in text
    assert client.get("/donnees/defis.csv").status_code == 200


def test_page_describes_the_package(client, published):
    response = client.get("/donnees/")
    text = response.content.decode()
    assert "<h1>Données ouvertes</h1>" in text
    assert "Dernier export : 10 mars 2027 à 11 h 00, heure de Paris." in text
    assert (
        '<a href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/">Licence Ouverte / '
        "Open Licence version 2.0</a>" in text
    )
    assert '<a href="/donnees/defis.csv" download>Défis en CSV</a>' in text
    assert '<a href="/donnees/defis.json" download>Défis en JSON</a>' in text
    assert "<caption>Champs de la ressource « Défis »</caption>" in text
    assert '<th scope="row"><code>etat_apres_programme</code></th>' in text
    assert response["Cache-Control"] == "public, max-age=60"


@pytest.mark.parametrize(
    ("name", "content_type"),
    [
        ("datapackage.json", "application/json"),
        ("README.md", "text/markdown; charset=utf-8"),
        ("defis.csv", "text/csv; charset=utf-8"),
        ("personnes.json", "application/json"),
    ],
)
def test_downloads(client, published, name, content_type):
    response = client.get(f"/donnees/{name}")
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert b"".join(response.streaming_content) == (published / name).read_bytes()


def test_only_the_package_files_are_served(client, published, settings):
    (published / "secret.txt").write_text("à ne pas servir")
    (published.parent / "settings.py").write_text("SECRET = 1")
    for name in (
        "secret.txt",
        "..%2Fsettings.py",
        "%2E%2E/settings.py",
        "../settings.py",
        "defis.csv%00",
        "DEFIS.CSV",
        "",
    ):
        response = client.get(f"/donnees/{name}")
        if name == "":
            assert response.status_code == 200  # the page itself
        else:
            assert response.status_code == 404, name
            assert b"SECRET" not in response.content
            assert b"ne pas servir" not in response.content


def test_linked_from_footer_site_map_and_sitemap(client, open_world):
    home = client.get("/").content.decode()
    assert '<a class="fr-footer__bottom-link" href="/donnees/">Données ouvertes</a>' in home
    site_map = client.get("/plan-du-site/").content.decode()
    assert '<a href="/donnees/">Données ouvertes</a>' in site_map
    assert '<a href="/api/v1/docs">API publique</a>' in site_map
    sitemap = client.get("/sitemap.xml").content.decode()
    assert f"<loc>{SITE}/donnees/</loc>" in sitemap
    assert f"<loc>{SITE}/api/v1/docs</loc>" in sitemap


def test_api_documentation(client, open_world):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    text = response.content.decode()
    assert "<h1>API publique</h1>" in text
    assert '<h2 id="defis_liste">Défis : liste</h2>' in text
    assert "<code>GET /api/v1/defis/</code>" in text
    assert '<th scope="row"><code>updated_since</code></th>' in text
    assert '<th scope="row"><code>chiffres[].libelle</code></th>' in text
    assert f"curl -i {SITE}/api/v1/defis/" in text
    assert f"curl -i {SITE}/api/v1/defis/exemple/" in text
    assert "Réponses d’erreur : 400, 404, 429." in text
    assert "swagger" not in text.lower() and "redoc" not in text.lower()


def test_openapi_document(client, open_world):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200
    document = response.json()
    assert document["openapi"] == "3.0.3"
    assert sorted(document["paths"]) == [
        "/api/v1/administrations/",
        "/api/v1/administrations/{slug}/",
        "/api/v1/chiffres-cles/",
        "/api/v1/chiffres-cles/{cle}/",
        "/api/v1/defis/",
        "/api/v1/defis/{slug}/",
        "/api/v1/impact/",
        "/api/v1/impact/{cle}/",
        "/api/v1/personnes/",
        "/api/v1/personnes/{slug}/",
        "/api/v1/promotions/",
        "/api/v1/promotions/{slug}/",
        "/api/v1/publications/",
        "/api/v1/publications/{slug}/",
    ]
    listing = document["paths"]["/api/v1/defis/"]["get"]
    assert [p["name"] for p in listing["parameters"]] == [
        "administration",
        "cohort",
        "page",
        "page_size",
        "status",
        "theme",
        "updated_since",
    ]
    assert sorted(listing["responses"]) == ["200", "400", "404", "429"]
    assert response["Access-Control-Allow-Origin"] == "*"
