"""URLs of the public site (French paths, as the programme's site always had)."""

from django.urls import path

from cohorte.content.models import FaqEntry

from .feeds import category_feed, kind_feed, post_feed
from .sitemaps import sitemap_xml
from .views import (
    blog,
    challenges,
    cohorts,
    home,
    legacy,
    legal,
    pages,
    participate,
    people,
    robots,
)

app_name = "public"
urlpatterns = [
    path("", home.home, name="home"),
    path("defis/", challenges.challenge_list, name="challenge_list"),
    path("defis/<slug:slug>/", challenges.challenge_detail, name="challenge_detail"),
    path("personnes/", people.person_list, name="person_list"),
    path("personnes/<slug:slug>/", people.person_detail, name="person_detail"),
    path("promotions/", cohorts.cohort_list, name="cohort_list"),
    path("promotions/<slug:slug>/", cohorts.cohort_detail, name="cohort_detail"),
    path("blog/", blog.post_list, name="post_list"),
    path("blog/feed/", post_feed, name="post_feed"),
    path("blog/feed/<slug:kind>/", kind_feed, name="kind_feed"),
    path("blog/offres/", blog.offer_list, name="offer_list"),
    path("blog/categorie/<slug:slug>/feed/", category_feed, name="category_feed"),
    path("blog/<slug:slug>/", blog.post_detail, name="post_detail"),
    path(
        "blog/<slug:slug>/fichiers/<int:attachment_id>/",
        blog.post_attachment,
        name="post_attachment",
    ),
    path("pages/<slug:slug>/", pages.page_detail, name="page_detail"),
    path("candidater/", participate.apply, name="apply"),
    path("proposer-un-defi/", participate.propose, name="propose"),
    path(
        "faq/candidats/",
        pages.faq,
        {"audience": FaqEntry.Audience.CANDIDATES},
        name="faq_candidates",
    ),
    path(
        "faq/administrations/",
        pages.faq,
        {"audience": FaqEntry.Audience.ADMINISTRATIONS},
        name="faq_administrations",
    ),
    path("accessibilite/", legal.accessibility, name="accessibility"),
    path("mentions-legales/", legal.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", legal.privacy, name="privacy"),
    path("plan-du-site/", legal.site_map, name="site_map"),
    path("robots.txt", robots.robots_txt, name="robots_txt"),
    path("sitemap.xml", sitemap_xml, name="sitemap"),
    # Addresses of the former sites.
    path("defis/<int:year>/<str:name>.html", legacy.former_challenge),
    path("communaute/<int:year>/<str:name>.html", legacy.former_person),
    *[
        path(former, legacy.former_page, {"target": target})
        for former, target in legacy.FORMER_PAGES.items()
    ],
]
