"""The blog's Atom feeds: all posts, one per kind and one per category, with absolute links."""

from django.contrib.syndication.views import Feed
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cohorte.content.models import Category, Post
from cohorte.programmes import identity
from cohorte.site_address import absolute_url

from . import queries
from .caching import cache_public_page, cache_until

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    """The 20 latest public posts as Atom 1.0 (filled and closed job offers left out)."""

    feed_type = Atom1Feed
    subtitle = _("Les derniers articles, actualités et offres du programme.")

    def author_name(self):
        return identity.current().name

    def title(self):
        return gettext("Blog — %(site)s") % {"site": identity.current().name}

    def link(self):
        return absolute_url(reverse("public:post_list"))

    def feed_url(self):
        return absolute_url(reverse("public:post_feed"))

    def item_link(self, item):
        return absolute_url(item.get_absolute_url())

    def items(self):
        return queries.listed_post_cards()[:FEED_LENGTH]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.description

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.author or None

    def item_categories(self, item):
        return [category.name for category in item.categories.all()]


class KindFeed(LatestPostsFeed):
    """The latest public posts of one kind; the job offers' feed has the open offers only."""

    def get_object(self, request, kind):
        if kind not in Post.Kind.values:
            raise Http404(gettext("Type d’article inconnu."))
        return Post.Kind(kind)

    def title(self, kind):
        return gettext("Blog — %(kind)s — %(site)s") % {
            "kind": kind.label,
            "site": identity.current().name,
        }

    def subtitle(self, kind):
        return gettext("Les derniers articles de type « %(kind)s » du programme.") % {
            "kind": kind.label
        }

    def link(self, kind):
        return absolute_url(
            reverse("public:offer_list")
            if kind == Post.Kind.JOB
            else reverse("public:post_list") + f"?type={kind.value}"
        )

    def feed_url(self, kind):
        return absolute_url(reverse("public:kind_feed", args=[kind.value]))

    def items(self, kind):
        return queries.listed_post_cards().filter(kind=kind)[:FEED_LENGTH]


class CategoryFeed(LatestPostsFeed):
    """The latest public posts of one category (filled and closed job offers left out)."""

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return gettext("Blog — %(category)s — %(site)s") % {
            "category": category.name,
            "site": identity.current().name,
        }

    def subtitle(self, category):
        return gettext("Les derniers articles de la catégorie « %(category)s ».") % {
            "category": category.name
        }

    def link(self, category):
        return absolute_url(reverse("public:post_list") + f"?categorie={category.slug}")

    def feed_url(self, category):
        return absolute_url(reverse("public:category_feed", args=[category.slug]))

    def items(self, category):
        return queries.listed_post_cards().filter(categories=category)[:FEED_LENGTH]


_feed = LatestPostsFeed()
_kind_feed = KindFeed()
_category_feed = CategoryFeed()


@cache_public_page
def post_feed(request):
    """The Atom feed, cached until the next scheduled post goes public or offer closes."""
    return cache_until(_feed(request), queries.next_post_list_change())


@cache_public_page
def kind_feed(request, kind):
    """The Atom feed of one kind of post (404 for an unknown kind)."""
    return cache_until(_kind_feed(request, kind=kind), queries.next_post_list_change())


@cache_public_page
def category_feed(request, slug):
    """The Atom feed of one category (404 for an unknown category)."""
    return cache_until(_category_feed(request, slug=slug), queries.next_post_list_change())
