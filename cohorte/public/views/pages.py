"""Editorial pages and the two FAQs."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cohorte.content.models import FaqEntry, Page
from cohorte.sitepages.legal import LEGAL_PAGES

from ..caching import cache_public_page

FAQ_TITLES = {
    FaqEntry.Audience.CANDIDATES: _("Questions fréquentes des candidat·es"),
    FaqEntry.Audience.ADMINISTRATIONS: _("Questions fréquentes des administrations"),
}


@cache_public_page
def page_detail(request, slug):
    """A free editorial page; a legal page's words are read on the legal page itself."""
    if slug in LEGAL_PAGES:
        return redirect(LEGAL_PAGES[slug].url_name, permanent=True)
    return render(request, "public/page_detail.html", {"page": get_object_or_404(Page, slug=slug)})


def _faq_sections(entries) -> list[tuple[str, list]]:
    # Sections keep the order of their first question.
    sections: dict[str, list] = {}
    for entry in entries:
        sections.setdefault(entry.section, []).append(entry)
    return list(sections.items())


def _faq_entries(audience: str) -> list:
    # The visitor's language when the FAQ exists in it, French otherwise.
    entries = list(FaqEntry.objects.filter(audience=audience).order_by("order", "pk"))
    language = (translation.get_language() or "fr").split("-")[0]
    in_language = [entry for entry in entries if entry.language == language]
    return in_language or [entry for entry in entries if entry.language == "fr"]


@cache_public_page
def faq(request, audience):
    """The FAQ of one audience, grouped by section, as accordions."""
    entries = _faq_entries(audience)
    sections = _faq_sections(entries)
    # Section headings (h2) only when sections exist, so heading levels never skip one.
    has_sections = len(sections) > 1 or bool(sections and sections[0][0])
    return render(
        request,
        "public/faq.html",
        {
            "title": FAQ_TITLES[audience],
            "audience": audience,
            "sections": sections,
            "has_sections": has_sections,
            "question_heading": "h3" if has_sections else "h2",
        },
    )
