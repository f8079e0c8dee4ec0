"""Panels: create, edit, seat the défis' mentors, read one, delete, download its CVs."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cohorte.reviews.exclusions import hidden_count, without_conflicts

from .. import panels as domain
from ..forms import PanelForm
from ..interviews import unsent_invitations
from .access import application_call, team_required, visible_panel
from .home import slots_with_grids, with_grid_status
from .slot_lists import SlotFilterForm, figures, slot_page


def _save(request, call, panel=None):
    form = PanelForm(call, request.POST or None, panel=panel)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            panel = domain.save_panel(
                call,
                request.user,
                name=data["name"],
                members=list(data["members"]) + data["extra_emails"],
                referee=data["referee"],
                challenges=data["challenges"],
                location=data["location"],
                video_link=data["video_link"],
                panel=panel,
            )
        except domain.PanelError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, _("Le jury « %(name)s » est enregistré.") % {"name": panel.name}
            )
            return redirect("selection:panel_detail", pk=panel.pk)
    return render(
        request, "selection/panel_form.html", {"form": form, "call": call, "panel": panel}
    )


@team_required
def panel_create(request, slug):
    """A new panel for a call (team)."""
    return _save(request, application_call(slug))


@login_required
def panel_edit(request, pk):
    """Edit a panel: name, members, referee, défis, place (team)."""
    panel = visible_panel(request, pk, manage=True)
    return _save(request, panel.call, panel)


@login_required
@require_POST
def panel_add_mentors(request, pk):
    """Seat the operational mentors of the panel's défis on it (team)."""
    panel = visible_panel(request, pk, manage=True)
    added = domain.add_challenge_mentors(panel, request.user)
    if added:
        names = ", ".join(u.get_full_name() or u.email for u in added)
        messages.success(request, _("Ajouté·es au jury : %(names)s.") % {"names": names})
    else:
        messages.info(
            request, _("Les mentors des défis de ce jury y siègent déjà (ou il n'y en a pas).")
        )
    return redirect("selection:panel_detail", pk=panel.pk)


@login_required
@require_POST
def panel_delete(request, pk):
    """Delete a panel without interviews (team)."""
    panel = visible_panel(request, pk, manage=True)
    try:
        domain.delete_panel(panel, request.user)
    except domain.PanelError as error:
        messages.error(request, str(error))
        return redirect("selection:panel_detail", pk=panel.pk)
    messages.success(request, _("Le jury est supprimé."))
    return redirect(reverse("selection:home") + f"?appel={panel.call.slug}")


@login_required
def panel_detail(request, pk):
    """One panel: its members, défis and interviews, filtered and paginated (team and its
    members)."""
    panel = visible_panel(request, pk)
    user = request.user
    visible = without_conflicts(panel.slots.all(), user)
    form = SlotFilterForm(request.GET, challenges=panel.challenges.order_by("title"))
    page = slot_page(request, slots_with_grids(visible, user), form, user)
    is_manager = user.has_perm("selection.manage_panels")
    members = list(panel.members.order_by("last_name", "first_name"))
    context = {
        "panel": panel,
        "call": panel.call,
        "members": members,
        "challenges": panel.challenges.order_by("title"),
        "form": form,
        "is_filtered": bool(form.active_params()),
        "filter_params": form.active_params(),
        "page_obj": page,
        "slots": with_grid_status(page.object_list, user, panel.call),
        "figures": figures(visible),
        "is_manager": is_manager,
        "is_member": any(m.pk == user.pk for m in members),
        "hidden": hidden_count(panel.slots.all(), user),
        "unsent": without_conflicts(unsent_invitations(panel.call, panel=panel), user).count()
        if is_manager
        else 0,
        "missing_mentors": [
            u for u in domain.challenge_mentors(panel) if u.pk not in {m.pk for m in members}
        ]
        if is_manager
        else [],
    }
    return render(request, "selection/panel_detail.html", context)


@login_required
def panel_cvs(request, pk):
    """A ZIP of the current CVs of the panel's candidates (team and the panel's members)."""
    panel = visible_panel(request, pk)
    archive, _count = domain.cv_archive(panel, request.user)
    response = FileResponse(
        archive,
        as_attachment=True,
        filename=f"cv-{slugify(panel.name) or panel.pk}.zip",
        content_type="application/zip",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
