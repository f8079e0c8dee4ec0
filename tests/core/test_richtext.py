"""Markdown is rendered and sanitised: no script from content ever runs."""

import pytest

from cohorte.richtext import render_markdown


def test_renders_markdown():
    assert render_markdown("## Titre\n\nDu **gras** et [un lien](https://example.org).") == (
        '<h2>Titre</h2>\n<p>Du <strong>gras</strong> et <a href="https://example.org" '
        'rel="noopener noreferrer">un lien</a>.</p>'
    )


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src="x.png" onerror="alert(1)">',
        "[clic](javascript:alert(1))",
        '<a href="javascript:alert(1)">clic</a>',
        '<iframe src="https://evil.example"></iframe>',
        '<div style="background:url(javascript:alert(1))">x</div>',
        "<svg onload=alert(1)>",
    ],
)
def test_no_script_survives(source):
    html = render_markdown(source)
    assert "alert" not in html.replace("alert(1)</script>", "") or "<script" not in html
    for forbidden in ("<script", "onerror", "onload", "javascript:", "<iframe", "style=", "<svg"):
        assert forbidden not in html


def test_missing_local_image_becomes_the_placeholder():
    html = render_markdown("![Une photo](/img/absente.jpg)")
    assert html == '<p><img alt="Une photo" src="/static/img/placeholder.svg"></p>'


def test_existing_local_image_is_served_from_media(settings):
    (settings.MEDIA_ROOT / "img").mkdir(parents=True)
    (settings.MEDIA_ROOT / "img" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    html = render_markdown("![Une photo](/img/photo.png)")
    assert html == '<p><img alt="Une photo" src="/media/img/photo.png"></p>'


def test_path_traversal_is_never_resolved():
    assert "placeholder.svg" in render_markdown("![x](../../etc/passwd)")


def test_hugo_video_shortcode_becomes_a_link():
    assert render_markdown('{{< dailymotion x7o1568 "Vidéo ADLER">}}') == (
        '<p><a href="https://www.dailymotion.com/video/x7o1568" rel="noopener noreferrer">'
        "Vidéo ADLER</a></p>"
    )


def test_other_template_tags_are_dropped():
    assert render_markdown("Avant {% include carte.html %} après") == "<p>Avant  après</p>"


def test_empty_body():
    assert render_markdown(None) == ""


# --- Images from elsewhere (tracking pixels) become links (issue #16) -------------------


def test_an_external_image_becomes_a_link_named_by_its_text():
    html = render_markdown("![Le schéma](https://pixel.example/t.gif?u=42)")
    assert html == (
        '<p><a href="https://pixel.example/t.gif?u=42" rel="noopener noreferrer">Le schéma '
        "(image sur pixel.example)</a></p>"
    )


@pytest.mark.parametrize(
    "source",
    [
        '<img src="https://pixel.example/t.gif" alt="">',
        '<img src="//pixel.example/t.gif">',
        '<IMG SRC="HTTPS://PIXEL.EXAMPLE/t.gif">',
        '<img src="http://pixel.example/t.gif" width="1" height="1" title="suivi">',
        "![](https://pixel.example/t.gif)",
        '<p>a <img alt="x > y" src="https://pixel.example/t.gif"> b</p>',
    ],
)
def test_no_external_image_is_ever_loaded(source):
    html = render_markdown(source)
    assert "<img" not in html
    assert "(image sur pixel.example)" in html


def test_an_external_image_inside_a_link_keeps_the_link_and_becomes_its_text():
    html = render_markdown("[![Le logo](https://pixel.example/logo.png)](https://example.org)")
    assert html == (
        '<p><a href="https://example.org" rel="noopener noreferrer">Le logo '
        "(image sur pixel.example)</a></p>"
    )


def test_the_allow_list_and_the_sites_own_host_keep_their_images(settings):
    settings.MARKDOWN_IMAGE_HOSTS = ["upload.wikimedia.org"]
    settings.SITE_URL = "https://eig.numerique.gouv.fr"
    wiki = render_markdown("![Carte](https://upload.wikimedia.org/carte.png)")
    assert wiki == '<p><img alt="Carte" src="https://upload.wikimedia.org/carte.png"></p>'
    own = render_markdown("![Logo](https://eig.numerique.gouv.fr/media/logo.png)")
    assert own == '<p><img alt="Logo" src="https://eig.numerique.gouv.fr/media/logo.png"></p>'
    other = render_markdown("![Carte](https://evil.wikimedia.org.example/carte.png)")
    assert "<img" not in other


def test_the_setting_is_empty_by_default():
    from django.conf import settings

    assert settings.MARKDOWN_IMAGE_HOSTS == []


def test_an_image_of_the_storage_keeps_its_url(settings):
    (settings.MEDIA_ROOT / "img").mkdir(parents=True)
    (settings.MEDIA_ROOT / "img" / "photo.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    html = render_markdown('<img src="/img/photo.png" alt="Une &quot;photo&quot;" width="40">')
    assert html == '<p><img src="/media/img/photo.png" alt="Une &quot;photo&quot;" width="40"></p>'


# --- Valid HTML from content written for another site ------------------------------------


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ('<img src="/img/absente.jpg">', '<p><img src="/static/img/placeholder.svg" alt=""></p>'),
        (
            '<img src="https://upload.wikimedia.org/carte.png"/>',
            '<p><img src="https://upload.wikimedia.org/carte.png" alt=""></p>',
        ),
        ('<img alt="" src="/img/a.jpg">', '<p><img alt="" src="/static/img/placeholder.svg"></p>'),
    ],
)
def test_an_image_without_text_gets_an_empty_one(settings, source, expected):
    settings.MARKDOWN_IMAGE_HOSTS = ["upload.wikimedia.org"]
    assert render_markdown(source) == expected


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        (
            "<ul> <li>a</li> <ul> <li>a1</li> </ul> <li>b</li> </ul>",
            "<ul> <li>a <ul> <li>a1</li> </ul></li> <li>b</li> </ul>",
        ),
        (
            "<ul><ul><li>a1</li></ul><li>b</li></ul>",
            "<ul><li><ul><li>a1</li></ul></li><li>b</li></ul>",
        ),
        (
            "<ol><li>a</li><ol><li>a1</li><ul><li>x</li></ul></ol></ol>",
            "<ol><li>a<ol><li>a1<ul><li>x</li></ul></li></ol></li></ol>",
        ),
        ("- a\n    - a1\n- b", "<ul>\n<li>a<ul>\n<li>a1</li>\n</ul>\n</li>\n<li>b</li>\n</ul>"),
    ],
)
def test_a_list_written_inside_a_list_goes_into_the_item_before(source, expected):
    assert render_markdown(source) == expected
