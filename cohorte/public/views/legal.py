"""Pages every State website owes its visitors: accessibility, legal notice, privacy, plan."""

from django.shortcuts import render

from ..accessibility_audit import current_audit
from ..caching import cache_public_page


@cache_public_page
def accessibility(request):
    """The accessibility statement (RGAA model), from the last audit's grid."""
    audit = current_audit()
    non_conforming = [
        {"criterion": criterion, "pages": audit.page_names(criterion.failing_pages)}
        for criterion in audit.non_conforming
    ]
    return render(
        request,
        "public/accessibility.html",
        {"audit": audit, "non_conforming": non_conforming},
    )


@cache_public_page
def legal_notice(request):
    """The legal notice: publisher, host, licence."""
    return render(request, "public/legal_notice.html")


@cache_public_page
def privacy(request):
    """What personal data the site shows and processes, and the visitors' rights."""
    return render(request, "public/privacy.html")


@cache_public_page
def site_map(request):
    """The plan of the site, a second way to find every section (RGAA 12.1)."""
    return render(request, "public/site_map.html")
