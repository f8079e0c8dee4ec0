"""Markdown to safe HTML: content never runs a script, a missing image never breaks a page."""

import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe

from .media import image_url

ALLOWED_TAGS = {
    "a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "div", "dl", "dt", "em",
    "figcaption", "figure", "h2", "h3", "h4", "h5", "h6", "hr", "i", "img", "li", "ol", "p",
    "pre", "s", "small", "span", "strong", "sub", "sup", "table", "tbody", "td", "th", "thead",
    "tr", "u", "ul",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title", "width", "height"},
    "abbr": {"title"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
}
# Hugo shortcodes and Liquid tags of the imported sites: videos become links, the rest text.
_VIDEO_SHORTCODE = re.compile(
    r"{{<\s*(youtube|dailymotion|vimeo)\s+([\w-]+)(?:\s+\"([^\"]*)\")?\s*>}}"
)
_OTHER_SHORTCODE = re.compile(r"{{[<%].*?[>%]}}|{%.*?%}", re.DOTALL)
_VIDEO_URLS = {
    "youtube": "https://www.youtube.com/watch?v={}",
    "dailymotion": "https://www.dailymotion.com/video/{}",
    "vimeo": "https://vimeo.com/{}",
}


def _video_link(match: re.Match) -> str:
    provider, video_id, title = match.group(1), match.group(2), match.group(3)
    label = title or f"Vidéo {provider.capitalize()}"
    return f"[{label}]({_VIDEO_URLS[provider].format(video_id)})"


def _rewrite_attribute(element: str, attribute: str, value: str) -> str | None:
    # Local images that are not in storage are replaced by a placeholder of the same box.
    if element == "img" and attribute == "src":
        return image_url(value, placeholder=True)
    return value


def sanitise(html: str) -> str:
    """Keep only harmless HTML: no script, no event handler, no javascript: URL."""
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
        attribute_filter=_rewrite_attribute,
    )


def _render(text: str) -> str:
    text = _VIDEO_SHORTCODE.sub(_video_link, text)
    text = _OTHER_SHORTCODE.sub("", text)
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return sanitise(html)


def render_markdown(text: str | None) -> SafeString:
    """Render Markdown to sanitised HTML, safe to put in a page."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above
