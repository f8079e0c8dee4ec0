"""The team's editor of the FAQ (/gestion/faq/…): each audience's questions in their order,
to add, change, move and delete, with a preview of the answer.

Anonymous visitors go to the login page; signed-in users other than the team and its
director get 403.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires
from cohorte.content.models import FaqEntry

from . import domain
from .forms import FaqEntryForm

manage_required = requires("sitepages.manage")
PUBLIC_URLS = {
    FaqEntry.Audience.CANDIDATES: "public:faq_candidates",
    FaqEntry.Audience.ADMINISTRATIONS: "public:faq_administrations",
}


@manage_required
def faq_list(request):
    """Each audience's questions, in the order visitors read them."""
    entries = FaqEntry.objects.order_by("order", "pk")
    audiences = [
        {
            "value": value,
            "label": label,
            "entries": [entry for entry in entries if entry.audience == value],
            "public_url": reverse(PUBLIC_URLS[value]),
        }
        for value, label in FaqEntry.Audience.choices
    ]
    return render(
        request,
        "sitepages/faq_list.html",
        {"title": _("Questions fréquentes"), "audiences": audiences},
    )


def _editor(request, entry, form, status=200, preview=None):
    if entry.pk is None:
        title, action = _("Nouvelle question"), reverse("sitepages:faq_new")
        preview_url = reverse("sitepages:faq_preview")
    else:
        title, action = _("Modifier la question"), reverse("sitepages:faq_edit", args=[entry.pk])
        preview_url = reverse("sitepages:faq_preview") + f"?question={entry.pk}"
    return render(
        request,
        "sitepages/faq_edit.html",
        {
            "title": title,
            "entry": entry,
            "form": form,
            "action": action,
            "preview_url": preview_url,
            "preview": preview,
        },
        status=status,
    )


def _edit(request, entry):
    if request.method != "POST":
        initial = {}
        if entry.pk is None and request.GET.get("public") in FaqEntry.Audience.values:
            initial["audience"] = request.GET["public"]
        form = FaqEntryForm(instance=entry, initial=initial)
        return _editor(request, entry, form, preview=entry if entry.pk else None)
    before = domain.faq_values(entry) if entry.pk else None
    form = FaqEntryForm(request.POST, instance=entry)
    if not form.is_valid():
        return _editor(request, entry, form, status=400)
    action = domain.save_faq(form.instance, before, request.user)
    messages.success(
        request,
        _("Question ajoutée.") if action == "content.faq_created" else _("Question enregistrée."),
    )
    return redirect("sitepages:faq_list")


@manage_required
def faq_new(request):
    return _edit(request, FaqEntry())


@manage_required
def faq_edit(request, entry_id):
    return _edit(request, get_object_or_404(FaqEntry, pk=entry_id))


@manage_required
@require_POST
def faq_preview(request):
    """The answer as visitors will read it: the region alone for htmx, else the whole editor."""
    shown = FaqEntry(
        question=request.POST.get("question", ""), answer=request.POST.get("answer", "")
    )
    if request.htmx:
        return render(request, "sitepages/includes/faq_preview.html", {"preview": shown})
    entry = FaqEntry()
    if request.GET.get("question", "").isdigit():
        entry = get_object_or_404(FaqEntry, pk=request.GET["question"])
    return _editor(request, entry, FaqEntryForm(request.POST, instance=entry), preview=shown)


def _move(request, entry_id, direction):
    entry = get_object_or_404(FaqEntry, pk=entry_id)
    if domain.move_faq(entry, direction, request.user):
        messages.success(request, _("Question déplacée."))
    elif direction < 0:
        messages.info(request, _("Cette question est déjà la première."))
    else:
        messages.info(request, _("Cette question est déjà la dernière."))
    return redirect(reverse("sitepages:faq_list") + f"#question-{entry.pk}")


@manage_required
@require_POST
def faq_up(request, entry_id):
    return _move(request, entry_id, -1)


@manage_required
@require_POST
def faq_down(request, entry_id):
    return _move(request, entry_id, 1)


@manage_required
def faq_delete(request, entry_id):
    """Ask first (GET), then delete (POST)."""
    entry = get_object_or_404(FaqEntry, pk=entry_id)
    if request.method == "POST":
        domain.delete_faq(entry, request.user)
        messages.success(request, _("Question supprimée."))
        return redirect("sitepages:faq_list")
    return render(
        request,
        "sitepages/faq_delete.html",
        {"title": _("Supprimer la question"), "entry": entry},
    )
