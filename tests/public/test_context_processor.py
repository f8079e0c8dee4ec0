"""The site context processor: navigation without any query."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from cohorte.public import context_processors
from cohorte.public.context_processors import site

pytestmark = pytest.mark.django_db


def test_site_context_needs_no_query(django_assert_num_queries):
    request = RequestFactory().get("/blog/un-article/")

    with django_assert_num_queries(0):
        context = site(request)

    assert context["site_name"] == "Entrepreneurs d'intérêt général"
    assert [(item["url"], item["current"]) for item in context["navigation"]] == [
        ("/", ""),
        ("/defis/", ""),
        ("/personnes/", ""),
        ("/promotions/", ""),
        ("/impact/", ""),
        ("/blog/", "true"),
        ("/appels/", ""),
        ("/candidater/", ""),
        ("/proposer-un-defi/", ""),
    ]


def test_html_lang_stays_french_for_an_untranslated_language(client):
    response = client.get("/", headers={"accept-language": "en"})

    assert response.content.decode().startswith('<!DOCTYPE html>\n<html lang="fr"')


def test_page_language_follows_a_translated_language(monkeypatch):
    monkeypatch.setattr(context_processors, "_has_catalogue", lambda language: language == "en")

    with translation.override("en"):
        assert context_processors.page_language() == "en"
    with translation.override("de"):
        assert context_processors.page_language() == "fr"


def test_a_catalogue_is_found_in_the_locale_paths(settings, tmp_path):
    catalogue = tmp_path / "en" / "LC_MESSAGES" / "django.mo"
    catalogue.parent.mkdir(parents=True)
    catalogue.touch()
    settings.LOCALE_PATHS = [tmp_path]
    context_processors._has_catalogue.cache_clear()
    try:
        assert context_processors._has_catalogue("en")
        assert not context_processors._has_catalogue("de")
    finally:
        context_processors._has_catalogue.cache_clear()
        catalogue.unlink()  # an empty catalogue must not be loaded when settings are restored
