"""Template filters and tags of the public site: Markdown, images, French formats, paging."""

from urllib.parse import urlencode, urlsplit

from django import template

from cohorte.machine_dates import html_datetime as _html_datetime
from cohorte.media import image_url
from cohorte.richtext import render_markdown

from .. import formats
from ..social import safe_url as _safe_url

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered to sanitised HTML."""
    return render_markdown(text)


@register.filter
def image_src(path):
    """URL of a content image, or "" when it is missing (then show no <img>)."""
    return image_url(path) or ""


@register.filter
def post_image_src(post):
    """URL of a post's image: the uploaded one, else the imported path (or None)."""
    if post.image_file:
        return post.image_file.url
    return image_url(post.image)


@register.filter
def image_src_or_placeholder(path):
    """URL of a content image, or of the placeholder when it is missing (keeps grids even)."""
    return image_url(path, placeholder=True)


@register.filter
def safe_url(value):
    """The URL if it is an absolute http(s) URL, "" otherwise (stored URLs are not trusted)."""
    return _safe_url(value) or ""


@register.filter
def url_display(value):
    """A URL as people read it: host and path, no scheme or trailing slash."""
    parts = urlsplit(value or "")
    text = (parts.netloc + parts.path).rstrip("/") or (value or "")
    return text.removeprefix("www.")


@register.filter
def french_number(value):
    """A number with French digit grouping: 20000000 -> "20 000 000"."""
    return formats.format_number(value)


@register.filter
def french_date(value):
    """A date in French: "1er mars 2026"."""
    return formats.format_date(value)


@register.filter
def paris_moment(value):
    """A point in time in Paris: "2 mars 2026 à 9 h 00"."""
    return formats.format_moment(value) if value else ""


@register.filter
def html_datetime(value):
    """A moment as the ``datetime`` attribute of a ``<time>``: whole seconds, Paris offset."""
    return _html_datetime(value)


@register.filter
def call_window(call):
    """A call's submission window, exact and in Paris time."""
    return formats.format_window(call.opens_at, call.closes_at)


@register.simple_tag(takes_context=True)
def page_url(context, number):
    """URL of page ``number`` of the current list, keeping its filters (page 1 has no param)."""
    query = list(context.get("filter_params", {}).items())
    if int(number) > 1:
        # A page with two paginated lists names each one's parameter (``page_param``).
        query.append((context.get("page_param") or "page", number))
    path = context["request"].path
    return f"{path}?{urlencode(query)}" if query else path
