"""The impact pages: /impact/ (public, cached), /gestion/impact/ (the team's), the PDF of a
cohort's report and the form that sends it."""

import base64
import io

import pypdf
import pypdfium2
import pytest
from django.urls import reverse
from PIL import Image

from cohorte.accounts.roles import add_to_link, add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.outcomes.models import Sustainment
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def team(impact_world):
    user = UserFactory(username="equipe")
    add_to_team(user)
    return user


def cells(html: str, row_id: str) -> str:
    start = html.index(f'id="{row_id}"')
    return html[start : html.index("</tr>", start)]


def test_public_page_shows_every_figure_with_its_definition(client, impact_world):
    response = client.get("/impact/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>L’impact du programme</h1>" in html
    row = cells(html, "chiffre-sustained_12")
    assert "Défis pérennisés à 12 mois" in row
    assert "<strong>50\u202f%</strong>" in row
    assert "1 sur 2" in row
    assert "Promotion 4." in row
    assert "<strong>120\u202f000\u00a0€</strong>" in cells(html, "chiffre-cofunding")
    assert "<strong>5</strong>" in cells(html, "chiffre-fellows")
    # Charts drawn on the server, each followed by its data table; no names of people.
    assert html.count('role="img"') == 5
    assert html.count("<caption>Données du graphique") == 5
    assert 'aria-labelledby="graphique-sustained_12-titre graphique-sustained_12-description"' in (
        html
    )
    assert "non mesurable" in html  # Promotion 5 and 6 at 12 months
    assert "Camille" not in html and "Brigade numérique" not in html


# The content version is replaced once a change commits: these tests commit.
@pytest.mark.django_db(transaction=True)
def test_public_page_is_cached_and_refreshed_by_a_new_sustainment(
    client, impact_world, django_assert_num_queries
):
    assert "<strong>50\u202f%</strong>" in cells(
        client.get("/impact/").content.decode(), "chiffre-sustained_12"
    )
    with django_assert_num_queries(1):
        client.get("/impact/")
    # "Sans suivi" is recorded sustained since the end of its cohort: 2 défis out of 3.
    Sustainment.objects.create(
        challenge=impact_world.challenges["sans_suivi"], state="internalised", since="2025-12-01"
    )
    html = client.get("/impact/").content.decode()
    assert "<strong>67\u202f%</strong>" in cells(html, "chiffre-sustained_12")
    assert "2 sur 3" in cells(html, "chiffre-sustained_12")


@pytest.mark.django_db(transaction=True)
def test_figures_cache_refreshes_after_a_new_sustainment(impact_world, django_assert_num_queries):
    from cohorte.impact import caching

    first = {f.key: f.value for f in caching.figures()}
    with django_assert_num_queries(2):  # the version and the figures, from the cache
        assert {f.key: f.value for f in caching.figures()} == first
    Sustainment.objects.create(
        challenge=impact_world.challenges["brigade"], state="sustained", since="2026-11-01"
    )
    assert {f.key: f.value for f in caching.figures()}["sustained_12"] == 100


@pytest.mark.django_db(transaction=True)
def test_what_the_figures_read_makes_the_cache_stale(impact_world):
    from django.core.cache import cache

    from cohorte.alumni.models import AlumniProfile, CareerStep
    from cohorte.public.caching import VERSION_KEY
    from cohorte.surveys.models import Response

    camille = impact_world.people["camille"]
    changes = [
        lambda: CareerStep.objects.create(person=camille, situation="studies", since="2027-01-01"),
        lambda: AlumniProfile.objects.create(person=camille, path_public=True),
        lambda: Response.objects.create(survey=impact_world.fourth.surveys.get()),
        lambda: impact_world.challenges["brigade"].sustainments.first().delete(),
    ]
    for change in changes:
        before = cache.get(VERSION_KEY)
        change()
        assert cache.get(VERSION_KEY) != before


@pytest.mark.parametrize(
    ("role", "status"),
    [("team", 200), ("director", 200), ("link", 403), ("fellow", 403), ("stranger", 403)],
)
def test_team_page_by_role(client, impact_world, role, status):
    user = UserFactory()
    if role in ("team", "director"):
        add_to_team(user, director=role == "director")
    elif role == "link":
        add_to_link(user)
    elif role == "fellow":
        user = impact_world.people["camille"].user
    client.force_login(user)
    for url in (
        "/gestion/impact/",
        f"/gestion/impact/{impact_world.fourth.pk}/envoyer/",
        f"/gestion/impact/{impact_world.fourth.pk}/rapport.pdf",
    ):
        assert client.get(url).status_code == status, url


def test_anonymous_visitors_go_to_the_login_page(client, impact_world):
    for url in ("/gestion/impact/", f"/gestion/impact/{impact_world.fourth.pk}/rapport.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/compte/login/?next=")


def test_team_page_details_and_filters(client, team, impact_world):
    client.force_login(team)
    html = client.get("/gestion/impact/").content.decode()
    assert "<strong>50\u202f%</strong>" in cells(html, "chiffre-sustained_12")
    # The défis and fellows counted, with their state then.
    assert (
        '<th scope="row">Brigade numérique</th><td>Promotion 4</td><td>Arrêté</td>'
        "<td>non pérennisé</td>" in html
    )
    assert (
        '<th scope="row">Sans suivi</th><td>Promotion 4</td><td>non renseigné</td>'
        "<td>non : état inconnu</td>" in html
    )
    assert (
        '<th scope="row">Camille Roux</th><td>Promotion 4</td>'
        "<td>Dans son administration d&#x27;accueil (service public)</td>"
        "<td>Dans le secteur privé (hors service public)</td>"
    ) in html
    response = client.get("/gestion/impact/", {"theme": impact_world.theme.pk})
    html = response.content.decode()
    assert "<strong>100\u202f%</strong>" in cells(html, "chiffre-sustained_12")
    assert 'id="chiffre-cofunding"' not in html
    assert "ne sont pas montrés avec un filtre par thème" in html
    assert "Brigade numérique" not in html
    response = client.get("/gestion/impact/", {"cohort": impact_world.fifth.pk, "theme": "999"})
    html = response.content.decode()
    assert "<strong>1</strong>" in cells(html, "chiffre-fellows")  # Noé; the unknown theme ignored
    assert "<strong>non mesurable</strong>" in cells(html, "chiffre-sustained_12")


def pdf_of(content: bytes):
    document = pypdfium2.PdfDocument(content)
    pages = []
    for index in range(len(document)):  # each page turned into a PNG image, read back
        png = io.BytesIO()
        document[index].render(scale=1).to_pil().save(png, "PNG")
        pages.append(Image.open(io.BytesIO(png.getvalue())))
    text = "".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)
    return pages, text


def test_pdf_report_of_a_cohort(client, team, impact_world):
    client.force_login(team)
    response = client.get(f"/gestion/impact/{impact_world.fourth.pk}/rapport.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, text = pdf_of(response.content)
    assert len(pages) >= 1
    first = pages[0].convert("L")
    assert first.getextrema()[0] < 128  # something dark is drawn: not a blank page
    assert sum(first.histogram()[:200]) > 2000  # pixels darker than the paper
    assert "Rapport d’impact de la Promotion 4" in text
    assert "Défis pérennisés à 12 mois" in text
    assert "120 000" in text.replace("\u202f", " ").replace("\u00a0", " ")
    assert client.get("/gestion/impact/999999/rapport.pdf").status_code == 404


def test_send_the_report(client, team, impact_world):
    client.force_login(team)
    url = f"/gestion/impact/{impact_world.fourth.pk}/envoyer/"
    response = client.post(url, {"email": "prefet@interieur.gouv.fr"})
    assert response.status_code == 302
    assert response.url == reverse("impact:team")
    message = OutboxMessage.objects.get()
    assert message.to == ["prefet@interieur.gouv.fr"]
    assert message.subject == "Rapport d’impact de la Promotion 4"
    assert "le rapport d’impact de la Promotion 4 du programme, au 15 juin 2027" in message.body
    assert "/impact/" in message.body
    [attached] = message.attachments
    assert (attached["filename"], attached["content_type"]) == (
        "impact-promotion-4.pdf",
        "application/pdf",
    )
    _pages, text = pdf_of(base64.b64decode(attached["content"]))
    assert "Promotion 4" in text
    entry = ActivityLog.objects.get(action="impact.report_sent")
    assert (entry.object_id, entry.actor, entry.data) == (
        str(impact_world.fourth.pk),
        team,
        {"to": "prefet@interieur.gouv.fr"},
    )
    followed = client.get(response.url).content.decode()
    assert "Le rapport de la Promotion 4 est envoyé à prefet@interieur.gouv.fr." in followed


@pytest.mark.parametrize(
    ("address", "error"),
    [
        ("prefet@", "Saisissez une adresse e-mail valide, par exemple nom@exemple.fr."),
        ("", "Saisissez l’adresse e-mail du destinataire."),
    ],
)
def test_a_bad_address_sends_nothing(client, team, impact_world, address, error):
    client.force_login(team)
    response = client.post(f"/gestion/impact/{impact_world.fourth.pk}/envoyer/", {"email": address})
    assert response.status_code == 400
    assert error in response.content.decode()
    assert not OutboxMessage.objects.exists()
    assert not ActivityLog.objects.filter(action="impact.report_sent").exists()


def test_public_page_changes_at_midnight(client, impact_world):
    import datetime
    from zoneinfo import ZoneInfo

    import time_machine

    paris = ZoneInfo("Europe/Paris")
    with time_machine.travel(datetime.datetime(2027, 6, 15, 23, 59, tzinfo=paris), tick=False):
        assert "au 15 juin 2027" in client.get("/impact/").content.decode()
    with time_machine.travel(datetime.datetime(2027, 6, 16, 0, 1, tzinfo=paris), tick=False):
        assert "au 16 juin 2027" in client.get("/impact/").content.decode()
