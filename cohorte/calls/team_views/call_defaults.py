"""What a new call of the programme starts from, edited by the team."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cohorte.accounts.decorators import configure_required
from cohorte.programmes import call_defaults
from cohorte.programmes.models import Programme

from ..call_defaults_forms import CallDefaultsForm


@configure_required
def call_defaults_page(request):
    """The statements and grid criteria a new call starts with; saved on POST."""
    programme = Programme.objects.order_by("pk").first()
    if programme is None:
        return redirect("team:config_calls")
    form = CallDefaultsForm.of(programme, request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        changed = call_defaults.save_defaults(programme, form.cleaned_data, request.user)
        messages.success(
            request,
            _("Les nouveaux appels partiront de ces réglages.")
            if changed
            else _("Rien n’a changé."),
        )
        return redirect("team:config_defaults")
    status = 400 if form.errors else 200
    return render(request, "team/config_defaults.html", {"form": form}, status=status)
