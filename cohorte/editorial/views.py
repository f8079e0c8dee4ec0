"""The team's post editor (/gestion/publications/…): list, write, preview, publish, history.

Anonymous visitors go to the login page; signed-in users other than the team and its
director get 403.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.content.models import Post, PostAttachment, PostRevision
from cohorte.pagination import paginate

from . import domain
from .forms import ACTIONS, SAVE, AttachmentForm, FilterForm, PostForm

manage_required = requires("editorial.manage")
PER_PAGE = 25
# The attached file's form shares the editor's page: its own prefix keeps the ids apart.
ATTACHMENT = "fichier"
SAVED = {
    "post.created": gettext_lazy("Brouillon enregistré."),
    "post.updated": gettext_lazy("Publication enregistrée."),
    "post.published": gettext_lazy("Publication en ligne."),
    "post.scheduled": gettext_lazy("Publication programmée."),
    "post.unpublished": gettext_lazy("Publication retirée du site."),
}


@manage_required
def post_list(request):
    """Every post, newest first, filtered by kind, state, language and title."""
    filters = FilterForm(request.GET or None)
    posts = filters.filter(Post.objects.order_by("-published_at", "-pk"))
    params = {name: value for name, value in request.GET.items() if name != "page" and value}
    return render(
        request,
        "editorial/list.html",
        {
            "title": _("Publications"),
            "filters": filters,
            "page_obj": paginate(request, posts, PER_PAGE),
            "filter_params": params,
        },
    )


def _editor(request, post, form, status=200, preview=None, attachment_form=None):
    title = _("Nouvelle publication") if post is None else _("Modifier la publication")
    return render(
        request,
        "editorial/edit.html",
        {
            "title": title,
            "post": post,
            "form": form,
            "preview": preview,
            "attachment_form": attachment_form or AttachmentForm(prefix=ATTACHMENT),
        },
        status=status,
    )


def _edit(request, post):
    if request.method != "POST":
        return _editor(request, post, PostForm(instance=post))
    action = request.POST.get("action", SAVE)
    before = domain.Before.of(post or Post())
    form = PostForm(request.POST, request.FILES, instance=post, action=action)
    if not form.is_valid():
        return _editor(request, post, form, status=400)
    saved, done = domain.save(form, request.user, before)
    messages.success(request, SAVED[done])
    return redirect("editorial:edit", saved.pk)


@manage_required
def post_new(request):
    return _edit(request, None)


@manage_required
def post_edit(request, post_id):
    return _edit(request, get_object_or_404(Post, pk=post_id))


def _preview_post(data) -> Post:
    post = Post(
        title=data.get("title", ""),
        description=data.get("description", ""),
        body=data.get("body", ""),
    )
    if data.get("kind") in Post.Kind.values:
        post.kind = data["kind"]
    return post


@manage_required
@require_POST
def preview(request):
    """The post as visitors will read it: the region alone for htmx, else the whole editor."""
    shown = _preview_post(request.POST)
    if request.htmx:
        return render(request, "editorial/includes/preview.html", {"preview": shown})
    post = None
    if request.GET.get("publication", "").isdigit():
        post = get_object_or_404(Post, pk=request.GET["publication"])
    action = request.POST.get("action", SAVE)
    form = PostForm(request.POST, instance=post, action=action if action in ACTIONS else SAVE)
    return _editor(request, post, form, preview=shown)


@manage_required
@require_POST
def publish(request, post_id):
    post = get_object_or_404(Post, pk=post_id)
    if post.is_public:
        messages.info(request, _("Cette publication est déjà en ligne."))
    else:
        domain.publish_now(post, request.user)
        messages.success(request, SAVED["post.published"])
    return redirect("editorial:edit", post.pk)


@manage_required
@require_POST
def unpublish(request, post_id):
    post = get_object_or_404(Post, pk=post_id)
    if not post.is_published:
        messages.info(request, _("Cette publication est déjà un brouillon."))
    else:
        domain.unpublish(post, request.user)
        messages.success(request, SAVED["post.unpublished"])
    return redirect("editorial:edit", post.pk)


@manage_required
@require_POST
def attachment_add(request, post_id):
    post = get_object_or_404(Post, pk=post_id)
    form = AttachmentForm(request.POST, request.FILES, prefix=ATTACHMENT)
    if not form.is_valid():
        return _editor(request, post, PostForm(instance=post), 400, attachment_form=form)
    domain.add_attachment(post, form.checked, form.cleaned_data["title"], request.user)
    messages.success(request, _("Fichier joint."))
    return redirect("editorial:edit", post.pk)


@manage_required
@require_POST
def attachment_delete(request, post_id, attachment_id):
    attachment = get_object_or_404(PostAttachment, pk=attachment_id, post_id=post_id)
    domain.delete_attachment(attachment, request.user)
    messages.success(request, _("Fichier retiré."))
    return redirect("editorial:edit", post_id)


@manage_required
def history(request, post_id):
    """The post's revisions, newest first, each comparable with the one before."""
    post = get_object_or_404(Post, pk=post_id)
    revisions = post.revisions.select_related("created_by").order_by("-number")
    return render(
        request,
        "editorial/history.html",
        {"title": _("Historique des versions"), "post": post, "revisions": revisions},
    )


@manage_required
def diff(request, post_id, a, b):
    """What changed from version ``a`` to version ``b``."""
    post = get_object_or_404(Post, pk=post_id)
    found = {r.number: r for r in PostRevision.objects.filter(post=post, number__in=[a, b])}
    if a not in found or b not in found:
        raise Http404
    return render(
        request,
        "editorial/diff.html",
        {
            "title": _("Différences entre les versions %(a)s et %(b)s") % {"a": a, "b": b},
            "post": post,
            "old": found[a],
            "new": found[b],
            "changes": domain.differences(found[a].snapshot, found[b].snapshot),
        },
    )
