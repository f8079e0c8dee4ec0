"""The programme's settings page (issue #15, §2): the team edits the programme's identity with
a preview of the header and footer; each save is audited with what changed; bad input is
refused with a French message and changes nothing."""

import html

import pytest

from cohorte.audit.models import ActivityLog
from cohorte.programmes import call_defaults, identity
from cohorte.programmes.models import Programme
from cohorte.programmes.settings_changes import snapshot
from cohorte.programmes.settings_forms import FIELDS
from tests.factories import ProgrammeFactory, UserFactory
from tests.recruitment.conftest import actions

pytestmark = pytest.mark.django_db
URL = "/gestion/parametres/"
PREVIEW = "/gestion/parametres/apercu/"


def text(response) -> str:
    return html.unescape(response.content.decode())


def current_values(programme) -> dict:
    """The form's data as the page shows it, unchanged."""
    return {name: value or "" for name, value in snapshot(programme).items()}


@pytest.fixture
def programme(db):
    return ProgrammeFactory(brand="République\nFrançaise", description="Des **défis**.")


@pytest.fixture
def team(client, programme):
    from cohorte.accounts.roles import add_to_team

    user = UserFactory(username="equipe", first_name="Inès", last_name="Martin")
    add_to_team(user)
    client.force_login(user)
    return user


def test_the_page_shows_the_programmes_values(client, team, programme):
    response = client.get(URL)
    assert response.status_code == 200
    page = text(response)
    assert "<h1>Paramètres du programme</h1>" in page
    assert 'value="Entrepreneurs d\'intérêt général"' in page
    assert 'value="EIG Link"' in page
    assert "Adresse du site" not in page
    # The preview starts with the saved values.
    assert "Recrutement des EIG" in page and "L’équipe du programme EIG" in page


def test_the_work_menu_leads_there(client, team):
    page = text(client.get("/mon-espace/"))
    assert f'href="{URL}"' in page and "Paramètres du programme" in page
    page = text(client.get(URL))
    assert f'<a class="fr-sidemenu__link" href="{URL}" aria-current="page">' in page


def test_saving_audits_the_changed_fields_and_refreshes_the_header(client, team, programme):
    data = current_values(programme) | {
        "name": "Talents du numérique",
        "fellow_plural": "talents",
        "brand": " Ministère \n\n de la Culture ",
        "operator_address": "3 rue de Valois\r\n75001 Paris",
    }
    response = client.post(URL, data, follow=True)
    page = text(response)
    assert "Les paramètres du programme sont enregistrés." in page
    # The header of the very next page shows the new name and bloc marque.
    assert '<p class="fr-header__service-title">Talents du numérique</p>' in page
    assert '<p class="fr-logo">Ministère<br>de la Culture</p>' in page
    assert "Recrutement des talents" in page
    assert identity.current().name == "Talents du numérique"
    programme.refresh_from_db()
    assert (programme.brand, programme.operator_address) == (
        "Ministère\nde la Culture",
        "3 rue de Valois\n75001 Paris",
    )
    assert actions(programme) == [
        (
            "programme.updated",
            {
                "changes": {
                    "name": {"before": "Entrepreneurs d'intérêt général",
                             "after": "Talents du numérique"},
                    "brand": {"before": "République\nFrançaise",
                              "after": "Ministère\nde la Culture"},
                    "operator_address": {"before": "20 avenue de Ségur\n75007 Paris",
                                         "after": "3 rue de Valois\n75001 Paris"},
                    "fellow_plural": {"before": "EIG", "after": "talents"},
                }
            },
        )
    ]  # fmt: skip
    assert ActivityLog.objects.get().actor == team


def test_nothing_changed_writes_nothing(client, team, programme):
    # Browsers send the text areas' lines ending in CRLF: still no change.
    data = current_values(programme) | {"operator_address": "20 avenue de Ségur\r\n75007 Paris"}
    response = client.post(URL, data, follow=True)
    assert "Rien n’a changé : les paramètres sont restés les mêmes." in text(response)
    assert "Les paramètres du programme sont enregistrés." not in text(response)
    assert not ActivityLog.objects.exists()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"brand": "Ministère\nde la\nCulture\net des Arts"},
         "Bloc marque : Écrivez une à trois lignes."),
        ({"brand": "  \n "}, "Bloc marque : Ce champ est obligatoire."),
        ({"name": "  "}, "Nom du programme : Ce champ est obligatoire."),
        ({"fellow_plural": ""}, "Nom des lauréat·es : Ce champ est obligatoire."),
        ({"contact_email": "talents@"},
         "Adresse de contact : Saisissez une adresse e-mail valide."),
        ({"operator_url": "pas une adresse"}, "Site de l'opérateur : Saisissez une URL valide."),
        ({"website": "http://exemple"}, "Site web : Saisissez une URL valide."),
    ],
)  # fmt: skip
def test_bad_input_is_refused_and_changes_nothing(client, team, programme, changes, message):
    before = snapshot(programme)
    data = current_values(programme) | {"name": "Talents du numérique"} | changes
    response = client.post(URL, data)
    assert response.status_code == 400
    page = text(response)
    assert "Rien n’a été enregistré : des points sont à corriger." in page
    assert message in " ".join(page.replace("</a> :", " :").split())
    programme.refresh_from_db()
    assert snapshot(programme) == before
    assert identity.current().name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.exists()


def test_the_live_preview_shows_the_unsaved_values(client, team, programme):
    data = {
        "name": "Talents du numérique",
        "brand": "Ministère\nde la Culture",
        "tagline": "Des talents au service de la culture",
        "operator": "le ministère de la Culture",
        "short_name": "TDN",
        "fellow_plural": "talents",
        "network_name": "",
    }
    response = client.post(PREVIEW, data, headers={"HX-Request": "true"})
    assert response.status_code == 200
    region = text(response)
    assert "<html" not in region
    assert '<p class="fr-logo">Ministère<br>de la Culture</p>' in region
    assert '<p class="fr-header__service-title">Talents du numérique</p>' in region
    tagline = "Des talents au service de la culture"
    assert f'<p class="fr-header__service-tagline">{tagline}</p>' in region
    footer = "Talents du numérique est un programme porté par le ministère de la Culture"
    assert footer in " ".join(region.split())
    assert "Recrutement des talents" in region
    assert "Le réseau des ancien·nes" in region and "L’équipe du programme TDN" in region
    # A preview saves nothing.
    programme.refresh_from_db()
    assert programme.name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.exists()


def test_the_preview_button_works_without_javascript(client, team, programme):
    data = current_values(programme) | {"name": "Talents du numérique", "contact_email": "x@"}
    response = client.post(PREVIEW, data)
    assert response.status_code == 200
    page = text(response)
    # The whole page: the form keeps the values typed and says what is wrong, the preview
    # shows them, the header still the saved name.
    assert "<h1>Paramètres du programme</h1>" in page
    assert 'value="Talents du numérique"' in page
    assert "Saisissez une adresse e-mail valide." in page
    assert '<div id="apercu"' in page
    apercu = page.split('<div id="apercu"', 1)[1]
    assert '<p class="fr-header__service-title">Talents du numérique</p>' in apercu
    header = page.split("</header>", 1)[0]
    assert "Entrepreneurs d'intérêt général" in header
    programme.refresh_from_db()
    assert programme.name == "Entrepreneurs d'intérêt général"
    assert not ActivityLog.objects.exists()


def test_every_identity_field_but_the_site_address_is_editable():
    editable = {f.name for f in Programme._meta.get_fields() if getattr(f, "editable", False)} - {
        "id",
        "slug",
        "cohorts",
    }
    # What a new call starts from has its own page (/gestion/configuration/reglages/).
    assert editable - set(call_defaults.FIELDS) == set(FIELDS)


def test_an_address_without_scheme_is_a_secure_one(client, team, programme):
    data = current_values(programme) | {"operator_url": "culture.gouv.fr"}
    client.post(URL, data)
    programme.refresh_from_db()
    assert programme.operator_url == "https://culture.gouv.fr"
    assert actions(programme)[0][1]["changes"] == {
        "operator_url": {
            "before": "https://www.numerique.gouv.fr/",
            "after": "https://culture.gouv.fr",
        }
    }
