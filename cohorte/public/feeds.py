"""The blog's Atom feed: the latest public posts, with absolute links."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from cohorte.programmes import identity
from cohorte.site_address import absolute_url

from . import queries
from .caching import cache_public_page, cache_until

FEED_LENGTH = 20


class LatestPostsFeed(Feed):
    """The 20 latest public posts as Atom 1.0."""

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
        return queries.post_cards()[:FEED_LENGTH]

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


_feed = LatestPostsFeed()


@cache_public_page
def post_feed(request):
    """The Atom feed, cached until the next scheduled post goes public."""
    return cache_until(_feed(request), queries.next_post_publication())
