"""The programme's settings page (/gestion/parametres/): its identity, with a live preview of
the header and footer.

Anonymous visitors go to the login page; signed-in users other than the team and its
director get 403.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.accounts.decorators import requires

from . import settings_changes
from .identity import Identity, identity_of
from .models import Programme
from .settings_forms import FIELDS, MENTOR_TITLES, ProgrammeSettingsForm
from .setup import current_programme

manage_required = requires("programmes.manage_settings")


def _programme() -> Programme:
    programme = current_programme()
    if programme is None:
        raise Http404
    return programme


def _page(request, form, status=200):
    # The preview shows what the form holds: the values sent, else the saved ones.
    preview = _shown(form.data) if form.is_bound else identity_of(form.instance)
    return render(
        request,
        "programmes/settings.html",
        {
            "title": _("Paramètres du programme"),
            "form": form,
            "preview": preview,
            "mentor_titles": [form[name] for name in MENTOR_TITLES],
        },
        status=status,
    )


@manage_required
def edit(request):
    """The settings form; saving writes what changed to the activity log."""
    programme = _programme()
    if request.method != "POST":
        return _page(request, ProgrammeSettingsForm(instance=programme))
    before = settings_changes.snapshot(programme)
    form = ProgrammeSettingsForm(request.POST, instance=programme)
    if not form.is_valid():
        return _page(request, form, status=400)
    if settings_changes.save(form, before, request.user):
        messages.success(request, _("Les paramètres du programme sont enregistrés."))
    else:
        messages.info(request, _("Rien n’a changé : les paramètres sont restés les mêmes."))
    return redirect("programme_settings:edit")


def _shown(data) -> Identity:
    """The identity the unsaved values would give, whether valid or not."""
    values = {name: data.get(name, "") for name in FIELDS if isinstance(data.get(name), str)}
    return identity_of(Programme(**values))


@manage_required
@require_POST
def preview(request):
    """The header and footer with the unsaved values: the region alone for htmx, else the page."""
    if request.htmx:
        shown = _shown(request.POST)
        return render(request, "programmes/includes/settings_preview.html", {"preview": shown})
    return _page(request, ProgrammeSettingsForm(request.POST, instance=_programme()))
