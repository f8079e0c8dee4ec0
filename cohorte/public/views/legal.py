"""Pages every State website owes its visitors: accessibility, legal notice, privacy, plan."""

from django.shortcuts import render

from cohorte.sitepages.legal import ACCESSIBILITY, LEGAL_NOTICE, PRIVACY, legal_page

from ..accessibility_audit import current_audit
from ..caching import cache_public_page


@cache_public_page
def accessibility(request):
    """The accessibility statement (RGAA model): the operator's words, the last audit's grid."""
    audit = current_audit()
    non_conforming = [
        {"criterion": criterion, "pages": audit.page_names(criterion.failing_pages)}
        for criterion in audit.non_conforming
    ]
    return render(
        request,
        "public/accessibility.html",
        {"page": legal_page(ACCESSIBILITY), "audit": audit, "non_conforming": non_conforming},
    )


@cache_public_page
def legal_notice(request):
    """The legal notice: the publisher's words, then the host and Cohorte's licence."""
    return render(request, "public/legal_notice.html", {"page": legal_page(LEGAL_NOTICE)})


@cache_public_page
def privacy(request):
    """What personal data the site shows and processes, and the visitors' rights."""
    return render(request, "public/privacy.html", {"page": legal_page(PRIVACY)})


@cache_public_page
def site_map(request):
    """The plan of the site, a second way to find every section (RGAA 12.1)."""
    return render(request, "public/site_map.html")
