"""Template filters and tags of the public site: Markdown, images, French formats, paging."""

import html
from urllib.parse import urlencode, urlsplit

from django import template
from django.utils.safestring import mark_safe

from cohorte import programme_words
from cohorte.machine_dates import html_datetime as _html_datetime
from cohorte.media import image_url
from cohorte.richtext import render_markdown
from cohorte.site_address import absolute_url

from .. import formats, structured_data
from ..social import safe_url as _safe_url

register = template.Library()


@register.filter
def markdown(text):
    """Markdown rendered to sanitised HTML."""
    return render_markdown(text)


@register.filter
def of(word):
    """« de » before a word, elided before a vowel: « d’EIG », « de talents »."""
    return programme_words.of(str(word))


@register.filter
def the(word):
    """« le » before a word, elided before a vowel: « l’EIG », « le talent »."""
    return programme_words.the(str(word))


@register.filter
def of_the(word):
    """« de le » as French says it: « de l’EIG », « du talent »."""
    return programme_words.of_the(str(word))


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


# Social cards and structured data


class CaptureNode(template.Node):
    child_nodelists = ("nodelist",)

    def __init__(self, nodelist, name):
        self.nodelist = nodelist
        self.name = name

    def render(self, context):
        # Template output is already escaped: it is kept as is, without the outer spaces.
        context[self.name] = mark_safe(self.nodelist.render(context).strip())  # noqa: S308
        return ""


@register.tag
def capture(parser, token):
    """``{% capture name %}…{% endcapture %}``: render the content (blocks included) into
    a variable, so that a page's title block also feeds its social card."""
    bits = token.split_contents()
    if len(bits) != 2:
        raise template.TemplateSyntaxError("capture takes one variable name")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return CaptureNode(nodelist, bits[1])


@register.filter
def absolute(url):
    """The absolute address of a URL of the site (a media file's, for social cards)."""
    return absolute_url(url) if url else ""


@register.filter
def absolute_image(path):
    """Absolute URL of a content image (for social cards), or "" when it is missing."""
    src = image_url(path)
    return absolute_url(src) if src else ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    """The page's absolute address on the site: its path, and its page number after the first."""
    request = context.get("request")
    if request is None:
        return absolute_url("/")
    url = absolute_url(request.path)
    page = request.GET.get("page", "")
    return f"{url}?page={page}" if page.isdigit() and int(page) > 1 else url


@register.simple_tag(takes_context=True)
def page_json_ld(context, title, description):
    """JSON-LD of any page: a WebPage of the site (title and description as plain text)."""
    return structured_data.json_ld(
        structured_data.web_page(
            html.unescape(str(title)), html.unescape(str(description)), canonical_url(context)
        )
    )


@register.simple_tag
def post_json_ld(post):
    """JSON-LD of a post: an Article, or a JobPosting for an open job offer."""
    return structured_data.json_ld(structured_data.post(post))


@register.simple_tag
def home_json_ld(programme):
    """JSON-LD of the home page: the programme's Organization and the WebSite."""
    return structured_data.json_ld(structured_data.home(programme))


@register.filter
def og_locale(language):
    """The Open Graph locale of a language code."""
    return structured_data.og_locale(language)
