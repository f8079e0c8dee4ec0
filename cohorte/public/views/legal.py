"""Pages every State website owes its visitors: accessibility, legal notice, privacy, plan."""

from django.shortcuts import render

from ..caching import cache_public_page


@cache_public_page
def accessibility(request):
    """The accessibility statement (RGAA)."""
    return render(request, "public/accessibility.html")


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
