"""The blog: list of posts (by category) and the page of a post."""

from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.pagination import paginate

from .. import queries
from ..caching import cache_public_page, cache_until

PER_PAGE = 12
PARAMS = ("categorie", "page")


@cache_public_page(params=PARAMS)
def post_list(request):
    """Public posts, newest first, optionally of one category."""
    category = (request.GET.get("categorie") or "").strip()
    posts = queries.post_cards()
    if category:
        posts = posts.filter(categories__slug=category)
    filters = {"categorie": category} if category else {}
    response = render(
        request,
        "public/post_list.html",
        {
            "page_obj": paginate(request, posts, PER_PAGE),
            "categories": queries.post_categories(),
            "current_category": category,
            "filter_params": filters,
        },
    )
    return cache_until(response, queries.next_post_publication())


@cache_public_page
def post_detail(request, slug):
    """A public post; a job offer says when it has been filled."""
    post = get_object_or_404(queries.post_cards(), slug=slug)
    return render(
        request,
        "public/post_detail.html",
        {"post": post, "breadcrumb": [(_("Blog"), reverse("public:post_list"))]},
    )
