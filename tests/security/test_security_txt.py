"""/.well-known/security.txt follows RFC 9116: contact, expiry under a year, canonical URL."""

import datetime

import pytest
import time_machine


@pytest.mark.django_db
def test_security_txt_names_the_contact_and_expires_within_a_year(client, settings):
    settings.SECURITY_CONTACT = "mailto:securite@cohorte.example.org"
    settings.SECURITY_POLICY_URL = ""
    settings.SITE_URL = "https://cohorte.example.org"
    moment = datetime.datetime(2026, 12, 6, 10, 30, 15, tzinfo=datetime.UTC)
    with time_machine.travel(moment, tick=False):
        response = client.get("/.well-known/security.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "Contact: mailto:securite@cohorte.example.org\n"
        "Expires: 2027-06-04T10:30:15Z\n"
        "Preferred-Languages: fr, en\n"
        "Canonical: https://cohorte.example.org/.well-known/security.txt\n"
    )


@pytest.mark.django_db
def test_security_txt_links_the_policy_when_there_is_one(client, settings):
    settings.SECURITY_POLICY_URL = "https://cohorte.example.org/pages/securite/"
    body = client.get("/.well-known/security.txt").content.decode()
    assert body.endswith("Policy: https://cohorte.example.org/pages/securite/\n")


@pytest.mark.django_db
def test_security_txt_is_read_only(client):
    assert client.post("/.well-known/security.txt").status_code == 405
