"""Sign-in with ProConnect, end to end: Cohorte's live server and a real OpenID provider
(oidc-provider on Node.js, tests/oidc/provider.mjs), driven by an HTTP client that keeps
each site's cookies."""

import html
import re
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit, urlunsplit

import pytest
import requests
from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth import get_user_model

from cohorte.accounts.proconnect import links, tokens
from cohorte.audit.domain import history
from cohorte.audit.models import ActivityLog
from tests.factories import UserFactory
from tests.oidc.server import CLIENT_ID, CLIENT_SECRET, running_provider

CALLBACK_PATH = "/compte/oidc/proconnect/login/callback/"
LOGIN_PATH = "/compte/oidc/proconnect/login/"
STATE_REFUSED = (
    "La réponse de ProConnect ne correspond à aucune demande de connexion en cours "
    "(paramètre state inconnu ou expiré) : recommencez la connexion depuis Cohorte."
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(scope="module")
def provider_issuer(live_server):
    with running_provider(live_server.url + CALLBACK_PATH, live_server.url + "/") as issuer:
        yield issuer


@pytest.fixture(scope="module")
def impostor_issuer(live_server):
    """Another provider: same key name, other keys."""
    with running_provider(live_server.url + CALLBACK_PATH, live_server.url + "/") as issuer:
        yield issuer


def configure(settings, issuer, **app_settings):
    settings.SOCIALACCOUNT_PROVIDERS = {
        "proconnect": {
            "APPS": [
                {
                    "name": "ProConnect",
                    "client_id": CLIENT_ID,
                    "secret": CLIENT_SECRET,
                    "settings": {
                        "server_url": issuer,
                        "email_authentication": True,
                        **app_settings,
                    },
                }
            ]
        }
    }


@pytest.fixture
def proconnect(settings, provider_issuer):
    configure(settings, provider_issuer)
    settings.STAFF_MFA_REQUIRED = False
    return provider_issuer


def text_of(response) -> str:
    return html.unescape(re.sub(r"\s+", " ", response.text))


def form_fields(page: str) -> dict:
    return dict(re.findall(r'<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"', page))


class Browser:
    """One person's browser: cookies of both sites, redirects followed by hand."""

    def __init__(self, live_url: str):
        self.live = live_url
        self.session = requests.Session()
        self.provider_pages = []

    def start_sign_in(self) -> str:
        """Press "S'identifier avec ProConnect" on the login page: the authorization URL."""
        page = self.session.get(self.live + "/compte/login/", allow_redirects=False)
        if page.status_code == 200:
            form = f'<form method="post" action="({LOGIN_PATH}[^"]*)"'
            action = html.unescape(re.search(form, page.text).group(1))
            token = form_fields(page.text)["csrfmiddlewaretoken"]
        else:
            # Signed in already, the login page sends away: the button's form, by hand.
            action, token = LOGIN_PATH + "?process=login", self.session.cookies["csrftoken"]
        response = self.session.post(
            self.live + action,
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert response.status_code == 302
        return response.headers["Location"]

    def at_provider(self, url: str, login: str | None = None) -> str:
        """Go through the provider's pages (signing in as ``login``, consenting) until it
        sends back to Cohorte: that address, not followed."""
        self.provider_pages = []
        response = self.session.get(url, allow_redirects=False)
        while True:
            if response.is_redirect:
                target = urljoin(response.url, response.headers["Location"])
                if target.startswith(self.live):
                    return target
                response = self.session.get(target, allow_redirects=False)
                continue
            assert response.status_code == 200, response.text
            self.provider_pages.append(response.text)
            action = re.search(r'<form[^>]*action="([^"]+)"', response.text).group(1)
            data = form_fields(response.text)
            if 'name="login"' in response.text:
                assert login is not None, "the provider asks who signs in"
                data.update(login=login, password="peu importe")
            if 'name="logout"' in response.text:
                data["logout"] = "yes"
            response = self.session.post(
                urljoin(response.url, html.unescape(action)), data=data, allow_redirects=False
            )

    def back_to_cohorte(self, url: str):
        return self.session.get(url, allow_redirects=False)

    def sign_in(self, login: str):
        """The whole sign-in: Cohorte's answer to the provider's redirect."""
        return self.back_to_cohorte(self.at_provider(self.start_sign_in(), login))

    def signed_in(self) -> bool:
        response = self.session.get(self.live + "/mon-espace/", allow_redirects=False)
        return response.status_code == 200

    def sign_out(self) -> str:
        """Cohorte's sign-out form, posted: where Cohorte sends the browser."""
        page = self.session.get(self.live + "/compte/logout/")
        token = form_fields(page.text)["csrfmiddlewaretoken"]
        response = self.session.post(
            self.live + "/compte/logout/",
            data={"csrfmiddlewaretoken": token},
            allow_redirects=False,
        )
        assert response.status_code == 302
        return response.headers["Location"]


@pytest.fixture
def browser(live_server):
    return Browser(live_server.url)


def with_query(url: str, **changes) -> str:
    parts = urlsplit(url)
    query = {k: v[0] for k, v in parse_qs(parts.query).items()}
    query.update(changes)
    return urlunsplit(parts._replace(query=urlencode(query)))


def test_no_button_and_no_provider_when_proconnect_is_not_configured(live_server, settings):
    settings.SOCIALACCOUNT_PROVIDERS = {}
    session = requests.Session()
    page = session.get(live_server.url + "/compte/login/")
    assert page.status_code == 200
    assert "ProConnect" not in page.text
    assert session.get(live_server.url + LOGIN_PATH).status_code == 404


def test_the_authorization_request_uses_discovery_pkce_state_and_nonce(proconnect, browser):
    page = browser.session.get(browser.live + "/compte/login/")
    assert "S’identifier avec" in page.text and "fr-connect--proconnect" in page.text
    url = browser.start_sign_in()
    discovery = requests.get(proconnect + "/.well-known/openid-configuration").json()
    assert url.split("?")[0] == discovery["authorization_endpoint"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(url).query).items()}
    assert query["client_id"] == CLIENT_ID
    assert query["response_type"] == "code"
    assert query["redirect_uri"] == browser.live + CALLBACK_PATH
    assert set(query["scope"].split()) == {
        "openid",
        "email",
        "given_name",
        "usual_name",
        "uid",
        "siret",
        "idp_id",
    }
    assert query["code_challenge_method"] == "S256"
    assert re.fullmatch(r"[A-Za-z0-9_-]{43}", query["code_challenge"])
    assert len(query["state"]) >= 16 and len(query["nonce"]) >= 32
    # Each sign-in has its own state and nonce.
    again = {k: v[0] for k, v in parse_qs(urlsplit(browser.start_sign_in()).query).items()}
    assert again["state"] != query["state"] and again["nonce"] != query["nonce"]
    assert again["code_challenge"] != query["code_challenge"]


def test_a_new_agent_gets_an_account(proconnect, browser):
    response = browser.sign_in("agent-nouveau")
    assert response.status_code == 302 and response.headers["Location"] == "/mon-espace/"
    assert browser.signed_in()
    user = get_user_model().objects.get(email="nouveau@ministere.gouv.fr")
    assert (user.first_name, user.last_name) == ("Denis", "Moreau")
    assert EmailAddress.objects.get(user=user).verified
    account = SocialAccount.objects.get(user=user)
    assert (account.provider, account.uid) == ("proconnect", "agent-nouveau")
    assert [(e.action, e.actor, e.data) for e in history(user)] == [
        (links.SIGNED_UP, user, {"uid": "agent-nouveau"})
    ]


def test_an_existing_account_with_the_verified_address_is_linked(proconnect, browser):
    existing = UserFactory(email="agente@ministere.gouv.fr")
    users = get_user_model().objects.count()
    assert browser.sign_in("agent-administration").headers["Location"] == "/mon-espace/"
    assert browser.signed_in()
    assert get_user_model().objects.count() == users
    account = SocialAccount.objects.get(provider="proconnect", uid="agent-administration")
    assert account.user == existing
    existing.refresh_from_db()
    assert existing.has_usable_password()  # the account's own verified address: kept
    assert [(e.action, e.actor, e.data) for e in history(existing)] == [
        (links.LINKED, existing, {"uid": "agent-administration"})
    ]
    # The next sign-in finds the link: nothing more to record.
    browser.sign_out()
    browser.session.cookies.clear()
    browser.sign_in("agent-administration")
    assert browser.signed_in()
    assert len(history(existing)) == 1


def test_an_account_whose_address_was_never_verified_loses_its_password(proconnect, browser):
    # Someone registered the agent's address in Cohorte without being able to verify it.
    squatter = UserFactory(email="agente@ministere.gouv.fr", verified=False)
    EmailAddress.objects.create(user=squatter, email=squatter.email, verified=False, primary=True)
    browser.sign_in("agent-administration")
    squatter.refresh_from_db()
    assert not squatter.has_usable_password()
    assert SocialAccount.objects.get(uid="agent-administration").user == squatter


def assert_refused(response, message):
    assert response.status_code == 401
    assert message in text_of(response)


def assert_nothing_created(browser, users_before):
    assert not browser.signed_in()
    assert not SocialAccount.objects.exists()
    assert get_user_model().objects.count() == users_before
    assert not ActivityLog.objects.filter(action__startswith="account.proconnect").exists()


def test_an_address_the_provider_has_not_verified_is_refused(proconnect, browser):
    existing = UserFactory(email="agente@ministere.gouv.fr")
    users = get_user_model().objects.count()
    assert_refused(browser.sign_in("agent-non-verifie"), tokens.UNVERIFIED_EMAIL)
    assert_nothing_created(browser, users)
    existing.refresh_from_db()
    assert existing.has_usable_password()


def test_a_tampered_state_is_refused(proconnect, browser):
    UserFactory(email="agente@ministere.gouv.fr")
    users = get_user_model().objects.count()
    back = browser.at_provider(browser.start_sign_in(), "agent-administration")
    assert_refused(browser.back_to_cohorte(with_query(back, state="x" * 16)), STATE_REFUSED)
    assert_nothing_created(browser, users)


def test_a_state_from_another_browser_is_refused(proconnect, browser, live_server):
    users = get_user_model().objects.count()
    back = browser.at_provider(browser.start_sign_in(), "agent-nouveau")
    # The victim's browser receives the attacker's code and state: unknown to its session.
    victim = Browser(live_server.url)
    assert_refused(victim.back_to_cohorte(back), STATE_REFUSED)
    assert_nothing_created(victim, users)
    assert get_user_model().objects.count() == users


def test_a_wrong_nonce_is_refused(proconnect, browser):
    users = get_user_model().objects.count()
    url = with_query(browser.start_sign_in(), nonce="un-autre-nonce-que-celui-de-cohorte")
    assert_refused(
        browser.back_to_cohorte(browser.at_provider(url, "agent-nouveau")), tokens.BAD_NONCE
    )
    assert_nothing_created(browser, users)


def test_an_id_token_signed_with_other_keys_is_refused(
    settings, provider_issuer, impostor_issuer, browser
):
    # Cohorte reads the keys of another provider, whose key has the same name.
    configure(
        settings,
        provider_issuer,
        openid_configuration_overrides={"jwks_uri": impostor_issuer + "/jwks"},
    )
    users = get_user_model().objects.count()
    assert_refused(browser.sign_in("agent-nouveau"), tokens.BAD_SIGNATURE)
    assert_nothing_created(browser, users)


def test_an_answer_from_another_issuer_is_refused(settings, provider_issuer, browser):
    other = {"issuer": "https://proconnect.example"}
    configure(settings, provider_issuer, openid_configuration_overrides=other)
    users = get_user_model().objects.count()
    back = browser.at_provider(browser.start_sign_in(), "agent-nouveau")
    # The provider names itself in the redirect (RFC 9207)...
    assert_refused(browser.back_to_cohorte(back), tokens.OTHER_ISSUER)
    assert_nothing_created(browser, users)
    # ... and in the ID token, checked even when the redirect does not say.
    back = browser.at_provider(browser.start_sign_in(), "agent-nouveau")
    parts = urlsplit(back)
    query = {k: v[0] for k, v in parse_qs(parts.query).items() if k != "iss"}
    assert_refused(
        browser.back_to_cohorte(urlunsplit(parts._replace(query=urlencode(query)))),
        tokens.BAD_ISSUER,
    )
    assert_nothing_created(browser, users)


def test_signing_out_ends_both_sessions(proconnect, browser):
    browser.sign_in("agent-nouveau")
    # The provider's session signs the agent in again without a page...
    browser.at_provider(browser.start_sign_in())
    assert browser.provider_pages == []
    end_session = browser.sign_out()
    discovery = requests.get(proconnect + "/.well-known/openid-configuration").json()
    assert end_session.split("?")[0] == discovery["end_session_endpoint"]
    query = {k: v[0] for k, v in parse_qs(urlsplit(end_session).query).items()}
    assert query["post_logout_redirect_uri"] == browser.live + "/"
    assert query["id_token_hint"].count(".") == 2 and query["state"]
    back = browser.at_provider(end_session)
    assert back.split("?")[0] == browser.live + "/"
    assert not browser.signed_in()
    # ... and after the sign-out, the provider asks who signs in.
    browser.at_provider(browser.start_sign_in(), "agent-nouveau")
    assert 'name="login"' in browser.provider_pages[0]


def test_signing_out_of_a_password_session_stays_in_cohorte(proconnect, browser):
    user = UserFactory(email="mot.de.passe@example.org")
    page = browser.session.get(browser.live + "/compte/login/")
    browser.session.post(
        browser.live + "/compte/login/",
        data={
            "csrfmiddlewaretoken": form_fields(page.text)["csrfmiddlewaretoken"],
            "login": user.email,
            "password": "motdepasse-solide-42",
        },
    )
    assert browser.signed_in()
    assert browser.sign_out() == "/"


@pytest.mark.parametrize(
    "role, agent, page",
    [
        ("admin_user", "agent-administration", "/projets/"),
        ("team", "agent-equipe", "/gestion/"),
        ("juror", "agent-jure", "/jurys/defis/"),
    ],
)
def test_administration_staff_team_and_jurors_sign_in_with_proconnect(
    proconnect, browser, project_world, role, agent, page
):
    user = project_world.roles()[role]
    email = {
        "agent-administration": "agente@ministere.gouv.fr",
        "agent-equipe": "equipe@numerique.gouv.fr",
        "agent-jure": "jure@ministere.gouv.fr",
    }[agent]
    user.email = email
    user.save(update_fields=["email"])
    EmailAddress.objects.filter(user=user).update(email=email)
    browser.sign_in(agent)
    assert SocialAccount.objects.get(uid=agent).user == user
    assert browser.session.get(browser.live + page, allow_redirects=False).status_code == 200


def test_staff_signed_in_with_proconnect_still_set_up_their_second_factor(
    proconnect, browser, settings, project_world
):
    settings.STAFF_MFA_REQUIRED = True
    team = project_world.team
    team.email = "equipe@numerique.gouv.fr"
    team.save(update_fields=["email"])
    EmailAddress.objects.filter(user=team).update(email=team.email)
    browser.sign_in("agent-equipe")
    response = browser.session.get(browser.live + "/gestion/", allow_redirects=False)
    assert response.status_code == 302
    assert response.headers["Location"] == "/compte/2fa/totp/activate/"


def test_staff_with_a_second_factor_give_its_code_after_proconnect(
    proconnect, browser, settings, project_world
):
    settings.STAFF_MFA_REQUIRED = True
    team = project_world.team
    team.email = "equipe@numerique.gouv.fr"
    team.save(update_fields=["email"])
    EmailAddress.objects.filter(user=team).update(email=team.email)
    TOTP.activate(team, generate_totp_secret())
    response = browser.sign_in("agent-equipe")
    assert response.headers["Location"] == "/compte/2fa/authenticate/"
    assert not browser.signed_in()
