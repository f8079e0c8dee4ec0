"""Markdown to safe HTML: content never runs a script, a missing image never breaks a page,
and a page never loads an image from elsewhere (a tracking pixel): an image hosted outside
the site's own media and static files and ``settings.MARKDOWN_IMAGE_HOSTS`` becomes a link
to it, named by its alternative text."""

import html as html_lib
import re

import markdown as md
import nh3
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from .image_hosts import EXTERNAL, allowed_image_hosts, host_of
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


# Tags as nh3 writes them: every attribute quoted with '"', which never occurs inside a value.
_ATTRIBUTE = re.compile(r'\s+([a-zA-Z-]+)="([^"]*)"')
_TAG = re.compile(r'<(img|a)((?:\s+[a-zA-Z-]+="[^"]*")*)\s*/?>|</a>')


def _image(attributes: list[tuple[str, str]], in_link: bool, hosts: set[str]) -> str:
    values = {name: html_lib.unescape(value) for name, value in attributes}
    if "alt" not in values:
        # The imported sites' raw <img> often have no text: HTML then requires an empty one,
        # which also tells screen readers the image is decorative.
        attributes = [*attributes, ("alt", "")]
    src = values.get("src", "")
    if src.lower().startswith(EXTERNAL):
        host = host_of(src)
        if host in hosts:
            return "<img" + "".join(f' {n}="{v}"' for n, v in attributes) + ">"
        text = html_lib.escape(
            _("%(label)s (image sur %(host)s)")
            % {"label": values.get("alt") or values.get("title") or _("Image"), "host": host}
        )
        if in_link:  # already inside a link: its text only
            return text
        return f'<a href="{html_lib.escape(src)}" rel="noopener noreferrer">{text}</a>'
    # Local images that are not in storage are replaced by a placeholder of the same box.
    local = html_lib.escape(image_url(src, placeholder=True) or "")
    return "<img" + "".join(f' {n}="{local if n == "src" else v}"' for n, v in attributes) + ">"


def _rewrite_images(html: str) -> str:
    hosts = allowed_image_hosts()
    depth = 0

    def replace(match: re.Match) -> str:
        nonlocal depth
        if match.group(0) == "</a>":
            depth = max(depth - 1, 0)
            return match.group(0)
        if match.group(1) == "a":
            depth += 1
            return match.group(0)
        return _image(_ATTRIBUTE.findall(match.group(2)), depth > 0, hosts)

    return _TAG.sub(replace, html)


# List tags as nh3 writes them: lists and items keep no attribute.
_LIST_TAG = re.compile(r"<(/?)(ul|ol|li)>")


def _nest_lists(html: str) -> str:
    """Put a list written directly inside another one (``<ul><li>a</li><ul>``, as the imported
    FAQ has it) into the item before it, where browsers show it and where HTML allows it."""
    out: list[str] = []
    open_tags: list[str] = []  # ul, ol, li, and "li+" for an item that a nested list reopened
    position = 0
    last_item_end = None  # index in ``out`` of the last "</li>" if nothing but spaces follows
    for match in _LIST_TAG.finditer(html):
        between = html[position : match.start()]
        out.append(between)
        if between.strip():
            last_item_end = None
        position = match.end()
        closing, tag = match.group(1), match.group(2)
        if not closing and tag in ("ul", "ol") and open_tags and open_tags[-1] in ("ul", "ol"):
            if last_item_end is not None:
                out[last_item_end] = ""  # the previous item stays open around the list
            else:
                out.append("<li>")
            open_tags.append("li+")
        last_item_end = None
        out.append(match.group(0))
        if not closing:
            open_tags.append(tag)
            continue
        if open_tags:
            open_tags.pop()
        if tag == "li":
            last_item_end = len(out) - 1
        elif open_tags and open_tags[-1] == "li+":
            open_tags.pop()
            out.append("</li>")
    out.append(html[position:])
    return "".join(out)


def sanitise(html: str) -> str:
    """Keep only harmless HTML: no script, no event handler, no javascript: URL, no image
    loaded from elsewhere; lists nested as HTML allows."""
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return _nest_lists(_rewrite_images(cleaned))


def _render(text: str) -> str:
    text = _VIDEO_SHORTCODE.sub(_video_link, text)
    text = _OTHER_SHORTCODE.sub("", text)
    html = md.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    return sanitise(html)


def render_markdown(text: str | None) -> SafeString:
    """Render Markdown to sanitised HTML, safe to put in a page."""
    return mark_safe(_render(text or ""))  # noqa: S308 - sanitised by nh3 above
