"""The profiles the calls seek, for the team: the list, a new one, a new name."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from cohorte.accounts.decorators import configure_required
from cohorte.challenges.models import Expertise

from .. import profiles
from ..profile_forms import ProfileForm


def _saved(request, form, save) -> bool:
    if not (request.method == "POST" and form.is_valid()):
        return False
    try:
        save(form.cleaned_data["name"])
    except ValidationError as error:
        form.add_error("name", error)
        return False
    return True


@configure_required
def profile_list(request):
    """Every profile with how many défis seek it; a new one on POST."""
    form = ProfileForm(request.POST if request.method == "POST" else None)
    if _saved(request, form, lambda name: profiles.add_profile(name, request.user)):
        messages.success(request, _("Le profil est ajouté."))
        return redirect("team:config_profiles")
    rows = Expertise.objects.annotate(challenge_count=Count("challenges")).order_by("name")
    status = 400 if form.errors else 200
    return render(request, "team/config_profiles.html", {"form": form, "rows": rows}, status=status)


@configure_required
def profile_edit(request, profile_id):
    """A profile's new name."""
    profile = get_object_or_404(Expertise, pk=profile_id)
    form = ProfileForm(
        request.POST if request.method == "POST" else None, initial={"name": profile.name}
    )
    if _saved(request, form, lambda name: profiles.rename_profile(profile, name, request.user)):
        messages.success(request, _("Le profil est renommé."))
        return redirect("team:config_profiles")
    status = 400 if form.errors else 200
    return render(
        request, "team/config_profile.html", {"form": form, "profile": profile}, status=status
    )
