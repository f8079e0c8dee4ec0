"""The first run of a new instance (issue #15, §1): the programme, the first team account,
the first cohort, in the browser's pages only; until then every page says setup is needed,
afterwards the setup is closed for good."""

import logging
import re

import pytest
from django.conf import settings as django_settings
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from cohorte.accounts.roles import is_team
from cohorte.audit.models import ActivityLog
from cohorte.programmes import setup
from cohorte.programmes.models import Cohort, Programme

pytestmark = pytest.mark.django_db
URL = "/installation/"


@pytest.fixture(autouse=True)
def new_instance(settings):
    settings.COHORTE_SETUP_REQUIRED = True
    setup.forget()
    yield
    setup.forget()


def _code(caplog, client) -> str:
    with caplog.at_level(logging.WARNING, logger="cohorte.programmes.setup"):
        client.get(URL)
    return re.search(r"code d'installation (\S+)", caplog.text).group(1)


def programme_data(setup_code, **changes):
    return {
        "code": setup_code,
        "name": "Talents du numérique",
        "short_name": "TDN",
        "description": "Des talents du **numérique** dans les musées et les archives.",
        "fellow_singular": "talent",
        "fellow_plural": "talents",
        "operator": "la direction du numérique du ministère de la Culture",
        "brand": "Ministère\nde la Culture",
        "tagline": "Des talents du numérique au service de la culture",
        "contact_email": "talents@culture.gouv.fr",
        "site_address": django_settings.SITE_URL,
        **changes,
    }


ACCOUNT = {
    "first_name": "Inès",
    "last_name": "Martin",
    "email": "ines.martin@culture.gouv.fr",
    "password1": "une phrase de passe solide",
    "password2": "une phrase de passe solide",
}


def snapshot():
    return (
        list(Programme.objects.values_list("name", "setup_completed_at")),
        get_user_model().objects.count(),
        Cohort.objects.count(),
        ActivityLog.objects.count(),
    )


def errors(response) -> list[str]:
    return re.findall(r'fr-message--error">([^<]*)<', response.content.decode())


def test_every_page_says_setup_is_needed_until_it_is_done(client):
    for url in ("/", "/defis/", "/gestion/", "/mon-espace/", "/appels/"):
        response = client.get(url)
        assert response.status_code == 503, url
        assert "Installation nécessaire" in response.content.decode()
        assert 'href="/installation/"' in response.content.decode()
    # The setup itself, the sign-in and the health check stay open.
    assert client.get(URL).status_code == 200
    assert client.get("/compte/login/").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_the_setup_in_three_steps_then_closed_for_good(client, caplog):
    code = _code(caplog, client)
    page = client.get(URL).content.decode()
    assert "Étape 1 sur 3" in page and 'name="code"' in page

    response = client.post(URL, programme_data(code))
    assert (response.status_code, response["Location"]) == (302, URL)
    programme = Programme.objects.get()
    assert (programme.name, programme.short_name, programme.slug) == (
        "Talents du numérique", "TDN", "tdn",
    )  # fmt: skip
    assert (programme.brand, programme.fellow_plural, programme.website) == (
        "Ministère\nde la Culture", "talents", django_settings.SITE_URL,
    )  # fmt: skip
    assert programme.setup_completed_at is None
    assert ActivityLog.objects.get(action="setup.programme_saved").object_id == str(programme.pk)

    page = client.get(URL).content.decode()
    assert "Étape 2 sur 3" in page
    response = client.post(URL, ACCOUNT)
    assert (response.status_code, response["Location"]) == (302, URL)
    user = get_user_model().objects.get()
    assert (user.email, user.first_name, is_team(user)) == (ACCOUNT["email"], "Inès", True)
    assert user.emailaddress_set.get().verified
    assert ActivityLog.objects.get(action="setup.team_account_created").actor == user

    page = client.get(URL).content.decode()
    assert "Étape 3 sur 3" in page
    response = client.post(URL, {"programme": programme.pk, "name": "Talents 1", "year": "2027"})
    cohort = Cohort.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/gestion/configuration/nouvel-appel/?promotion={cohort.pk}"
    assert (cohort.programme, cohort.name, cohort.year) == (programme, "Talents 1", 2027)
    programme.refresh_from_db()
    assert programme.setup_completed_at is not None
    done = ActivityLog.objects.get(action="setup.completed")
    assert (done.actor, done.data) == (user, {"cohort": "Talents 1"})
    assert ActivityLog.objects.filter(action="cohort.created").count() == 1

    # Closed for good; the site is the new programme's.
    assert client.get(URL).status_code == 404
    client.logout()
    home = client.get("/").content.decode()
    assert '<p class="fr-header__service-title">Talents du numérique</p>' in home
    assert '<p class="fr-logo">Ministère<br>de la Culture</p>' in home
    assert "Talents du numérique est un programme porté par la direction du numérique du" in home
    assert "Des talents du <strong>numérique</strong> dans les musées" in home
    assert "Devenir talent" in home
    assert "Entrepreneurs d'intérêt général" not in home and "EIG" not in home
    # The public pages that speak of the fellows call them by the programme's word.
    for url in ("/defis/", "/promotions/", "/personnes/", "/faq/candidats/", "/blog/"):
        page = client.get(url).content.decode()
        assert "EIG" not in page and "intérêt général" not in page.split("<footer")[0], url
    assert "Les talents, leurs mentors" in client.get("/personnes/").content.decode()
    with pytest.raises(CommandError, match="déjà installée"):
        call_command("setup_code")


@pytest.mark.parametrize(
    "changes, field, message",
    [
        ({"code": "AAAAAA-BBBBBB-CCCCCC"}, "code",
         "Ce n'est pas le code écrit dans le journal du serveur."),
        ({"site_address": "https://ailleurs.example.org"}, "site_address",
         f"Le serveur annonce {django_settings.SITE_URL} : saisissez cette adresse, ou corrigez "
         "la variable SITE_URL du serveur puis redémarrez-le."),
        ({"brand": "Un\nDeux\nTrois\nQuatre"}, "brand", "Écrivez une à trois lignes."),
        ({"name": ""}, "name", "Ce champ est obligatoire."),
        ({"contact_email": "pas-une-adresse"}, "contact_email",
         "Saisissez une adresse e-mail valide."),
    ],
)  # fmt: skip
def test_a_wrong_first_step_saves_nothing(client, caplog, changes, field, message):
    code = _code(caplog, client)
    before = snapshot()
    response = client.post(URL, programme_data(code, **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field] == [message]
    assert snapshot() == before
    assert not client.session.get("setup-code-ok")


def test_a_wrong_account_saves_nothing(client, caplog):
    client.post(URL, programme_data(_code(caplog, client)))
    before = snapshot()
    response = client.post(URL, ACCOUNT | {"password2": "une autre phrase de passe"})
    assert response.status_code == 400
    assert response.context["form"].errors["password2"] == ["Les deux mots de passe diffèrent."]
    response = client.post(URL, ACCOUNT | {"password1": "12345678", "password2": "12345678"})
    assert "Ce mot de passe est trop courant." in response.context["form"].errors["password1"]
    assert snapshot() == before


def test_without_the_code_nobody_else_creates_the_team_account(client, caplog):
    client.post(URL, programme_data(_code(caplog, client)))
    client.cookies.clear()  # another visitor, without the code
    before = snapshot()
    assert "Étape 1 sur 3" in client.get(URL).content.decode()
    response = client.post(URL, ACCOUNT)
    assert response.status_code == 400
    assert response.context["form"].errors["code"] == ["Ce champ est obligatoire."]
    assert snapshot() == before


def test_the_last_step_needs_the_team_account(client, caplog):
    client.post(URL, programme_data(_code(caplog, client)))
    client.post(URL, ACCOUNT)
    client.logout()
    page = client.get(URL).content.decode()
    assert "connectez-vous avec lui pour créer la première promotion" in page
    assert 'href="/compte/login/?next=/installation/"' in page
    before = snapshot()
    client.post(URL, {"programme": Programme.objects.get().pk, "name": "Talents 1"})
    assert snapshot() == before
    client.post("/compte/login/", {"login": ACCOUNT["email"], "password": ACCOUNT["password1"]})
    assert "Étape 3 sur 3" in client.get(URL).content.decode()


def test_setup_code_gives_a_new_code_that_replaces_the_old(client, caplog, capsys):
    old = _code(caplog, client)
    call_command("setup_code")
    new = re.search(r"Code d'installation : (\S+)", capsys.readouterr().out).group(1)
    assert new != old
    response = client.post(URL, programme_data(old))
    assert response.status_code == 400
    assert client.post(URL, programme_data(new)).status_code == 302


def test_an_instance_in_use_never_sees_the_setup(client, lay_demo):
    lay_demo()
    assert not setup.setup_needed()
    assert client.get("/").status_code == 200
    assert client.get(URL).status_code == 404


def test_with_mfa_required_the_team_account_sets_its_second_factor_before_the_last_step(
    client, caplog, settings
):
    settings.STAFF_MFA_REQUIRED = True
    client.post(URL, programme_data(_code(caplog, client)))
    client.post(URL, ACCOUNT)
    response = client.get(URL)
    assert (response.status_code, response["Location"]) == (302, "/compte/2fa/totp/activate/")
    assert Cohort.objects.count() == 0


def test_before_its_setup_a_new_instance_bears_nobody_s_name(client):
    for url in ("/", URL):
        page = client.get(url).content.decode()
        assert "<title>" in page and "— Cohorte</title>" in page, url
        assert "intérêt général" not in page and " EIG" not in page, url
