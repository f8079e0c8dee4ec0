"""Images from elsewhere: shown from allowed hosts only, everywhere (headers of posts and
défis too, not only Markdown), and the page's policy names the same hosts."""

from cohorte.media import PLACEHOLDER, image_url
from cohorte.security_headers import content_security_policy


def test_an_image_field_on_another_host_is_not_loaded(settings):
    settings.MARKDOWN_IMAGE_HOSTS = []
    assert image_url("https://pixel.example/t.gif") is None
    assert image_url("https://pixel.example/t.gif", placeholder=True).endswith(PLACEHOLDER)


def test_an_image_field_on_an_allowed_host_is_loaded_and_the_policy_allows_it(settings):
    settings.MARKDOWN_IMAGE_HOSTS = ["upload.wikimedia.org"]
    url = "https://upload.wikimedia.org/a.png"
    assert image_url(url) == url
    assert "img-src 'self' data: upload.wikimedia.org;" in content_security_policy()


def test_the_policy_names_an_external_media_host_but_not_the_site_itself(settings):
    settings.MARKDOWN_IMAGE_HOSTS = []
    settings.SITE_URL = "https://cohorte.example.org"
    settings.MEDIA_URL = "https://fichiers.example.org/media/"
    assert "img-src 'self' data: fichiers.example.org;" in content_security_policy()
