"""sitemap.xml: the site's fixed pages and every public défi, person, promotion, call, post and
page."""

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import sitemap
from django.urls import reverse

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.content.models import Page, Post
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort
from cohorte.site_address import site_domain, site_scheme
from cohorte.sitepages.legal import LEGAL_PAGES

from .caching import cache_public_page, cache_until
from .queries import next_post_list_change

STATIC_PAGES = [
    "public:home",
    "public:challenge_list",
    "public:person_list",
    "public:cohort_list",
    "alumni:public",
    "impact:public",
    "public:post_list",
    "public:offer_list",
    "calls:call_list",
    "public:faq_candidates",
    "public:faq_administrations",
    "public:accessibility",
    "public:legal_notice",
    "public:privacy",
    "public:site_map",
    "opendata:package",
    "api:docs",
    "newsletter:subscribe",
]


class SiteSitemap(Sitemap):
    """Addresses on the site's own address (SITE_URL), whatever host the request named."""

    def get_protocol(self, protocol=None):
        return site_scheme()

    def get_domain(self, site=None):
        return site_domain()


class StaticSitemap(SiteSitemap):
    """Pages that exist whatever the content."""

    def items(self):
        return STATIC_PAGES

    def location(self, item):
        return reverse(item)


class ChallengeSitemap(SiteSitemap):
    """Public défis."""

    def items(self):
        return Challenge.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PersonSitemap(SiteSitemap):
    """People who agreed to be public."""

    def items(self):
        return Person.objects.public().only("slug").order_by("pk")


class CohortSitemap(SiteSitemap):
    """Promotions."""

    def items(self):
        return Cohort.objects.only("slug").order_by("pk")


class CallSitemap(SiteSitemap):
    """Calls for applications and for projects."""

    def items(self):
        return Call.objects.only("slug").order_by("pk")


class PostSitemap(SiteSitemap):
    """Public posts."""

    def items(self):
        return Post.objects.public().only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


class PageSitemap(SiteSitemap):
    """Editorial pages (the legal pages' words are in the fixed pages)."""

    def items(self):
        pages = Page.objects.exclude(slug__in=list(LEGAL_PAGES))
        return pages.only("slug", "updated_at").order_by("pk")

    def lastmod(self, item):
        return item.updated_at


SITEMAPS = {
    "static": StaticSitemap,
    "challenges": ChallengeSitemap,
    "people": PersonSitemap,
    "cohorts": CohortSitemap,
    "calls": CallSitemap,
    "posts": PostSitemap,
    "pages": PageSitemap,
}


@cache_public_page
def sitemap_xml(request):
    """The sitemap, cached until the next scheduled post goes public or offer closes."""
    response = sitemap(request, sitemaps=SITEMAPS)
    response.render()
    return cache_until(response, next_post_list_change())
