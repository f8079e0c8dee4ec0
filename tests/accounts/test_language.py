"""Every page is in French, whatever language the browser asks for."""

import pytest


@pytest.mark.django_db
@pytest.mark.parametrize("accept", ["en-US,en;q=0.9", "de-DE", "fr-FR,fr;q=0.9", ""])
@pytest.mark.parametrize(
    "path, french",
    [
        ("/compte/login/", "Connexion"),
        ("/compte/signup/", "Inscription"),
        ("/compte/password/reset/", "Mot de passe oublié"),
    ],
)
def test_account_pages_are_in_french_for_any_browser_language(client, path, french, accept):
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=accept)
    text = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="fr"' in text
    assert french in text
    assert "Sign In" not in text and "Sign Up" not in text and "Password Reset" not in text


@pytest.mark.django_db
def test_the_forgotten_password_link_is_not_part_of_the_password_label(client):
    text = client.get("/compte/login/").content.decode()

    label = text.split('for="id_password"', 1)[1].split("</label>", 1)[0]
    assert "oublié" not in label
    assert '<a class="fr-link" href="/compte/password/reset/">Mot de passe oublié ?</a>' in text
