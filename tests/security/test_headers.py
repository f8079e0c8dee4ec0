"""Production headers: a Content-Security-Policy, a Permissions-Policy, no cache of a
signed-in page, no Server banner, X-Forwarded-Proto trusted from the front server only
(security issue, item 10)."""

import pytest
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from tests import production_server

POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
    "form-action 'self'; frame-ancestors 'none'"
)


@pytest.mark.django_db
def test_pages_get_the_content_security_policy_and_the_permissions_policy(client):
    response = client.get("/")
    assert response["Content-Security-Policy"] == POLICY
    assert response["Permissions-Policy"] == (
        "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
        "microphone=(), payment=(), usb=()"
    )
    assert "<script>" not in response.text  # every script is a file of the site


@pytest.mark.django_db
def test_a_page_keeps_no_inline_style_or_script(client, world):
    add_to_team(world.team)
    client.force_login(world.team)
    for url in (reverse("team:home"), reverse("team:application_list", args=[world.call.pk])):
        text = client.get(url).text
        assert ' style="' not in text and "<script>" not in text, url
        assert '<meta name="htmx-config" content=\'{"includeIndicatorStyles": false}\'>' in text


@pytest.mark.django_db
def test_a_sign_in_form_may_post_to_proconnect_when_it_is_configured(client, settings):
    from cohorte.security_headers import content_security_policy

    settings.PROCONNECT_SERVER_URL = "https://auth.agentconnect.gouv.fr/api/v2"
    assert "form-action 'self' https://auth.agentconnect.gouv.fr;" in content_security_policy()


@pytest.mark.django_db
def test_signed_in_pages_are_private_and_never_stored(client, world):
    anonymous = client.get("/")
    assert "no-store" not in anonymous.get("Cache-Control", "")
    add_to_team(world.team)
    for user, url in (
        (world.team, reverse("team:home")),
        (world.candidate, reverse("accounts:home")),
        (world.candidate, "/"),  # even a public page, once signed in (the menu names them)
    ):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert response["Cache-Control"] == "private, no-store", url
        assert "Expires" not in response, url


def test_a_response_with_its_own_policy_keeps_it(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.http import HttpResponse

    from cohorte.security_headers import SecurityHeadersMiddleware

    def download(request):
        response = HttpResponse(b"<html>", content_type="text/html")
        response["Content-Security-Policy"] = "sandbox"  # as the files' downloads say
        return response

    request = rf.get("/")
    request.user = AnonymousUser()
    assert SecurityHeadersMiddleware(download)(request)["Content-Security-Policy"] == "sandbox"


def test_gunicorn_sends_no_server_banner(production_folder):
    with production_server.gunicorn(production_folder, FORWARDED_ALLOW_IPS="127.0.0.1") as base:
        status, headers, _ = production_server.request(base + "/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    assert headers.get("Server") is None
    assert headers["Content-Security-Policy"] == POLICY


def test_x_forwarded_proto_is_believed_from_the_front_server_only(production_folder):
    # The front server (here the loopback) says https: the request is secure, served.
    with production_server.gunicorn(production_folder, FORWARDED_ALLOW_IPS="127.0.0.1") as base:
        status, _, _ = production_server.request(base + "/", {"X-Forwarded-Proto": "https"})
    assert status == 200
    # Any other client saying so is not believed: sent to https like any plain request.
    with production_server.gunicorn(production_folder, FORWARDED_ALLOW_IPS="10.9.9.9") as base:
        status, headers, _ = production_server.request(base + "/", {"X-Forwarded-Proto": "https"})
    assert status == 301
    assert headers["Location"] == "https://127.0.0.1:" + base.rsplit(":", 1)[1] + "/"
