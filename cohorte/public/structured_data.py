"""Structured data (schema.org JSON-LD) of the public pages: posts, job offers, the site."""

import datetime
import json

from django.core.serializers.json import DjangoJSONEncoder
from django.utils import timezone
from django.utils.safestring import mark_safe

from cohorte.content.models import Post
from cohorte.media import image_url
from cohorte.programmes import identity
from cohorte.richtext import render_markdown
from cohorte.site_address import absolute_url

CONTEXT = "https://schema.org"
# JSON inside <script> ends at the first "</script>": these characters never appear raw.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
_LOCALES = {"fr": "fr_FR", "en": "en_GB"}


def json_ld(data) -> str:
    """A ``<script type="application/ld+json">`` element holding ``data``, safely escaped."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, separators=(",", ":"))
    return mark_safe(  # noqa: S308 - the only markup-sensitive characters are escaped above
        f'<script type="application/ld+json">{text.translate(_SCRIPT_ESCAPES)}</script>'
    )


def og_locale(language: str) -> str:
    """The Open Graph locale of a language code ("fr" -> "fr_FR")."""
    return _LOCALES.get(language, _LOCALES["fr"])


def _moment(value: datetime.datetime) -> str:
    return timezone.localtime(value).isoformat(timespec="seconds")


def _site() -> dict:
    return {"@type": "WebSite", "name": identity.current().name, "url": absolute_url("/")}


def operator() -> dict:
    """The programme's operator as a schema.org Organization, with its address when known."""
    programme = identity.current()
    data = {"@type": "Organization", "name": programme.operator_legal_name or programme.name}
    if programme.operator_url:
        data["url"] = programme.operator_url
    if programme.operator_address:
        data["address"] = postal_address(programme.operator_address)
    return data


def postal_address(lines: tuple[str, ...]) -> dict:
    """A PostalAddress from address lines whose last holds the postal code and the town."""
    *street, last = lines
    postal_code, _, locality = last.partition(" ")
    if not (postal_code.isdigit() and locality):
        postal_code, locality = "", last
    address = {"@type": "PostalAddress", "addressLocality": locality, "addressCountry": "FR"}
    if street:
        address["streetAddress"] = ", ".join(street)
    if postal_code:
        address["postalCode"] = postal_code
    return address


def web_page(title: str, description: str, url: str) -> dict:
    """Any public page: a WebPage of the site."""
    data = {
        "@context": CONTEXT,
        "@type": "WebPage",
        "name": title,
        "url": url,
        "inLanguage": "fr",
        "isPartOf": _site(),
    }
    if description:
        data["description"] = description
    return data


def home(programme) -> list[dict]:
    """The home page: the programme as an Organization and the site as a WebSite."""
    organisation = {
        "@context": CONTEXT,
        "@type": "Organization",
        "name": programme.name if programme else identity.current().name,
        "url": absolute_url("/"),
        "email": identity.current().contact_email,
        "parentOrganization": operator(),
    }
    if programme and programme.short_name:
        organisation["alternateName"] = programme.short_name
    website = {
        "@context": CONTEXT,
        **_site(),
        "inLanguage": "fr",
        "publisher": {"@type": "Organization", "name": organisation["name"]},
    }
    return [organisation, website]


def post(item: Post) -> dict:
    """A post as an Article, or as a JobPosting while it is an open job offer."""
    if item.offer_state() == Post.OfferState.OPEN:
        return job_posting(item)
    return article(item)


def _image(item: Post) -> str | None:
    src = item.image_file.url if item.image_file else image_url(item.image)
    return absolute_url(src) if src else None


def article(item: Post) -> dict:
    """schema.org Article: headline, dates, author, image, description, language."""
    url = absolute_url(item.get_absolute_url())
    authors = [{"@type": "Person", "name": person.full_name} for person in item.authors.all()]
    if not authors:
        authors = [
            {"@type": "Person", "name": item.author}
            if item.author
            else {"@type": "Organization", "name": identity.current().name}
        ]
    data = {
        "@context": CONTEXT,
        "@type": "Article",
        # Google shows at most 110 characters of a headline.
        "headline": item.title[:110],
        "datePublished": _moment(item.published_at),
        "dateModified": _moment(item.updated_at or item.published_at),
        "author": authors,
        "publisher": {
            "@type": "Organization",
            "name": identity.current().name,
            "url": absolute_url("/"),
        },
        "inLanguage": item.language,
        "url": url,
        "mainEntityOfPage": url,
    }
    if item.description:
        data["description"] = item.description
    image = _image(item)
    if image:
        data["image"] = [image]
    return data


def _employment_type(item: Post) -> str | None:
    # The offers say "stage" when they are internships; other kinds are not told apart.
    words = f"{item.slug} {item.title}".lower()
    return "INTERN" if "stage" in words else None


def job_posting(item: Post) -> dict:
    """schema.org JobPosting of an open offer: the operator hires, in its offices."""
    description = render_markdown(item.body) if item.body else item.description
    data = {
        "@context": CONTEXT,
        "@type": "JobPosting",
        "title": item.title,
        "description": str(description or item.title),
        "datePosted": _moment(item.published_at),
        "hiringOrganization": operator(),
        "url": absolute_url(item.get_absolute_url()),
        "directApply": False,
    }
    address = identity.current().operator_address
    if address:
        data["jobLocation"] = {"@type": "Place", "address": postal_address(address)}
    if item.open_until:
        # The last day is included: applications close at its end, Paris time.
        end = datetime.datetime.combine(item.open_until, datetime.time(23, 59, 59))
        data["validThrough"] = timezone.make_aware(end).isoformat()
    employment = _employment_type(item)
    if employment:
        data["employmentType"] = employment
    image = _image(item)
    if image:
        data["image"] = image
    return data
