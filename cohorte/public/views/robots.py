"""robots.txt: everything may be crawled but the back office; where the sitemap is."""

from django.http import HttpResponse
from django.urls import reverse

from ..caching import cache_public_page


@cache_public_page
def robots_txt(request):
    """Allow all crawlers except on /admin/ and point to the sitemap."""
    sitemap = request.build_absolute_uri(reverse("public:sitemap"))
    lines = ["User-agent: *", "Disallow: /admin/", "", f"Sitemap: {sitemap}", ""]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
