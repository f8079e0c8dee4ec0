"""robots.txt: everything may be crawled but the back office; where the sitemap is."""

from django.http import HttpResponse
from django.urls import reverse

from cohorte.site_address import absolute_url

from ..caching import cache_public_page


@cache_public_page
def robots_txt(request):
    """Allow all crawlers except on /admin/ and point to the sitemap."""
    sitemap = absolute_url(reverse("public:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
