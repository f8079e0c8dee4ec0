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
