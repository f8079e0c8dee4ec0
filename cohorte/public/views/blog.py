"""The blog: list of posts (by category and kind), the job offers and the page of a post."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from cohorte.calls.files import serve_application_file
from cohorte.content.models import Category, Post, PostAttachment, Tag
from cohorte.pagination import paginate

from .. import queries
from ..caching import cache_public_page, cache_until

PER_PAGE = 12
PARAMS = ("categorie", "etiquette", "type", "page")


def _list_url(**params) -> str:
    query = urlencode({name: value for name, value in params.items() if value})
    return reverse("public:post_list") + (f"?{query}" if query else "")


def _kind_links(category: str, kind: str) -> list[dict]:
    # One link per kind, keeping the category: the two filters combine.
    links = [{"label": _("Tous"), "url": _list_url(categorie=category), "current": not kind}]
    for value, label in Post.Kind.choices:
        links.append(
            {
                "label": capfirst(label),
                "url": _list_url(categorie=category, type=value),
                "current": value == kind,
            }
        )
    return links


@cache_public_page(params=PARAMS)
def post_list(request):
    """Public posts, newest first, optionally of one category, one tag and one kind (closed
    offers out)."""
    category = (request.GET.get("categorie") or "").strip()
    tag = Tag.objects.filter(slug=(request.GET.get("etiquette") or "").strip()).first()
    kind = (request.GET.get("type") or "").strip()
    if kind not in Post.Kind.values:
        kind = ""  # an unknown kind filters nothing, as the page's links never name one
    posts = queries.listed_post_cards()
    if category:
        posts = posts.filter(categories__slug=category)
    if tag:
        posts = posts.filter(tags=tag)
    if kind:
        posts = posts.filter(kind=kind)
    filters = {name: value for name, value in (("categorie", category), ("type", kind)) if value}
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
            "current_kind": kind,
            "kind_links": _kind_links(category, kind),
            "filter_params": filters,
            "feeds": _feeds(category, kind),
        },
    )
    return cache_until(response, queries.next_post_list_change())


def _feeds(category: str, kind: str) -> list[tuple[str, str]]:
    # The feeds matching the list shown: its kind's, its category's, else the whole blog's.
    feeds = []
    if kind:
        label = Post.Kind(kind).label
        title = _("Flux Atom : %(kind)s") % {"kind": label}
        feeds.append((title, reverse("public:kind_feed", args=[kind])))
    name = (
        category and Category.objects.filter(slug=category).values_list("name", flat=True).first()
    )
    if name:
        title = _("Flux Atom de la catégorie « %(category)s »") % {"category": name}
        feeds.append((title, reverse("public:category_feed", args=[category])))
    return feeds


@cache_public_page(params=("page",))
def offer_list(request):
    """Open job offers, newest first."""
    response = render(
        request,
        "public/offer_list.html",
        {
            "page_obj": paginate(request, queries.offer_cards(), PER_PAGE),
            "breadcrumb": [(_("Blog"), reverse("public:post_list"))],
            "feeds": [
                (_("Flux Atom des offres d’emploi"), reverse("public:kind_feed", args=["job"]))
            ],
        },
    )
    return cache_until(response, queries.next_post_list_change())


@cache_public_page
def post_detail(request, slug):
    """A public post; a job offer says when it has been filled or has closed."""
    post = get_object_or_404(queries.post_cards(), slug=slug)
    breadcrumb = [(_("Blog"), reverse("public:post_list"))]
    if post.kind == Post.Kind.JOB:
        breadcrumb.append((_("Offres d’emploi"), reverse("public:offer_list")))
    state = post.offer_state()
    response = render(
        request,
        "public/post_detail.html",
        {"post": post, "offer_state": state, "breadcrumb": breadcrumb},
    )
    # An open offer's page says "Offre close" from the day after its last day; a translation
    # scheduled for later is linked from here once it is public.
    is_open = state == Post.OfferState.OPEN
    moments = [queries.next_post_publication()]
    if is_open:
        moments.append(queries.closing_moment(post.open_until))
    return cache_until(response, min((m for m in moments if m), default=None))


def post_attachment(request, slug, attachment_id):
    """A file attached to a post: to everyone once the post is public, before to the team."""
    attachment = get_object_or_404(
        PostAttachment.objects.select_related("post"), pk=attachment_id, post__slug=slug
    )
    if not (attachment.post.is_public or request.user.has_perm("editorial.manage")):
        raise Http404
    return serve_application_file(request, attachment)
