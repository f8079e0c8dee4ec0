"""The team's editor of the site's pages (/gestion/pages/…): the free pages and the three
legal pages, with a live preview.

Anonymous visitors go to the login page; signed-in users other than the team and its
director get 403.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.content.models import Page

from . import domain
from .forms import PageForm
from .legal import LEGAL_PAGES, is_legal, legal_page

manage_required = requires("sitepages.manage")


@manage_required
def page_list(request):
    """The three legal pages, then every free page by title."""
    saved = {page.slug: page for page in Page.objects.filter(slug__in=list(LEGAL_PAGES))}
    legal = [
        {"info": info, "page": saved.get(slug), "title": (saved.get(slug) or info).title}
        for slug, info in LEGAL_PAGES.items()
    ]
    free = Page.objects.exclude(slug__in=list(LEGAL_PAGES)).order_by("title", "pk")
    return render(
        request,
        "sitepages/page_list.html",
        {"title": _("Pages du site"), "legal": legal, "free": free},
    )


def _public_url(page, legal) -> str | None:
    if legal is not None:
        return reverse(legal.url_name)
    return page.get_absolute_url() if page.pk else None


def _editor(request, page, form, *, legal=None, status=200, preview=None):
    if legal is not None:
        title = _("Modifier : %(title)s") % {"title": legal.title}
        action = reverse("sitepages:legal_edit", args=[legal.slug])
        preview_url = reverse("sitepages:page_preview") + f"?legale={legal.slug}"
    elif page.pk is None:
        title = _("Nouvelle page")
        action = reverse("sitepages:page_new")
        preview_url = reverse("sitepages:page_preview")
    else:
        title = _("Modifier la page")
        action = reverse("sitepages:page_edit", args=[page.pk])
        preview_url = reverse("sitepages:page_preview") + f"?page={page.pk}"
    return render(
        request,
        "sitepages/page_edit.html",
        {
            "title": title,
            "page": page,
            "legal": legal,
            "form": form,
            "action": action,
            "preview_url": preview_url,
            "preview": preview,
            "public_url": _public_url(page, legal),
        },
        status=status,
    )


def _edit(request, page, legal=None):
    new = page.pk is None and legal is None
    if request.method != "POST":
        # A written page opens with its preview: what visitors read now.
        shown = None if new else page
        return _editor(request, page, PageForm(instance=page, new=new), legal=legal, preview=shown)
    before = domain.page_values(page)
    form = PageForm(request.POST, instance=page, new=new)
    if not form.is_valid():
        return _editor(request, page, form, legal=legal, status=400)
    action = domain.save_page(form.instance, before, request.user)
    messages.success(
        request,
        {
            "content.page_created": _("Page créée."),
            "content.page_updated": _("Page enregistrée."),
        }.get(action, _("Rien n’a changé.")),
    )
    if legal is not None:
        return redirect("sitepages:legal_edit", legal.slug)
    return redirect("sitepages:page_edit", form.instance.pk)


@manage_required
def page_new(request):
    return _edit(request, Page())


@manage_required
def page_edit(request, page_id):
    page = get_object_or_404(Page, pk=page_id)
    if is_legal(page.slug):
        return redirect("sitepages:legal_edit", page.slug)
    return _edit(request, page)


@manage_required
def legal_edit(request, slug):
    """A legal page's programme words: its saved row, or the generic text to start from."""
    if not is_legal(slug):
        raise Http404
    return _edit(request, legal_page(slug), LEGAL_PAGES[slug])


@manage_required
@require_POST
def page_preview(request):
    """The page as visitors will read it: the region alone for htmx, else the whole editor."""
    data = request.POST
    shown = Page(
        title=data.get("title", ""),
        description=data.get("description", ""),
        body=data.get("body", ""),
    )
    if request.htmx:
        return render(request, "sitepages/includes/page_preview.html", {"preview": shown})
    slug = request.GET.get("legale", "")
    if is_legal(slug):
        page, legal = legal_page(slug), LEGAL_PAGES[slug]
    elif request.GET.get("page", "").isdigit():
        page, legal = get_object_or_404(Page, pk=request.GET["page"]), None
    else:
        page, legal = Page(), None
    form = PageForm(data, instance=page, new=page.pk is None and legal is None)
    return _editor(request, page, form, legal=legal, preview=shown)
