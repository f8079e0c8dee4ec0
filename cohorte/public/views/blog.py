"""The blog: list of posts (by category) and the page of a post."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.calls.files import serve_application_file
from cohorte.content.models import PostAttachment, Tag
from cohorte.pagination import paginate

from .. import queries
from ..caching import cache_public_page, cache_until

PER_PAGE = 12
PARAMS = ("categorie", "etiquette", "page")


@cache_public_page(params=PARAMS)
def post_list(request):
    """Public posts, newest first, optionally of one category or with one tag."""
    category = (request.GET.get("categorie") or "").strip()
    tag = Tag.objects.filter(slug=(request.GET.get("etiquette") or "").strip()).first()
    posts = queries.post_cards()
    if category:
        posts = posts.filter(categories__slug=category)
    if tag:
        posts = posts.filter(tags=tag)
    filters = {"categorie": category} if category else {}
    if tag:
        filters["etiquette"] = tag.slug
    response = render(
        request,
        "public/post_list.html",
        {
            "page_obj": paginate(request, posts, PER_PAGE),
            "categories": queries.post_categories(),
            "current_category": category,
            "current_tag": tag,
            "filter_params": filters,
        },
    )
    return cache_until(response, queries.next_post_publication())


@cache_public_page
def post_detail(request, slug):
    """A public post; a job offer says when it has been filled."""
    post = get_object_or_404(queries.post_cards(), slug=slug)
    response = render(
        request,
        "public/post_detail.html",
        {"post": post, "breadcrumb": [(_("Blog"), reverse("public:post_list"))]},
    )
    # A translation scheduled for later is linked from here once it is public.
    return cache_until(response, queries.next_post_publication())


def post_attachment(request, slug, attachment_id):
    """A file attached to a post: to everyone once the post is public, before to the team."""
    attachment = get_object_or_404(
        PostAttachment.objects.select_related("post"), pk=attachment_id, post__slug=slug
    )
    if not (attachment.post.is_public or request.user.has_perm("editorial.manage")):
        raise Http404
    return serve_application_file(request, attachment)
