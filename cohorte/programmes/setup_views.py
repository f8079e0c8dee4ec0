"""The first-run setup's pages: /installation/ in three steps, then closed for good."""

from allauth.account.adapter import get_adapter
from allauth.account.models import EmailAddress
from django.contrib import messages
from django.contrib.auth import get_user_model, login
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from cohorte.accounts.roles import TEAM_GROUP, add_to_team, is_team
from cohorte.audit.domain import record
from cohorte.calls.configuration_forms import CohortCreateForm

from . import setup
from .setup_forms import ProgrammeSetupForm, TeamAccountForm

CODE_OK = "setup-code-ok"
STEPS = [_("Le programme"), _("Le premier compte de l'équipe"), _("La première promotion")]


def _page(request, step: int, context: dict, status: int = 200):
    context |= {"step": step, "steps": STEPS, "step_title": STEPS[step - 1]}
    return render(request, "programmes/setup.html", context, status=status)


def _team_exists() -> bool:
    return get_user_model().objects.filter(groups__name=TEAM_GROUP).exists()


def setup_page(request):
    """The step the instance is at; each step's form posts back here."""
    if not setup.setup_needed():
        raise Http404
    programme = setup.current_programme()
    if _team_exists():
        return _cohort_step(request, programme)
    if programme is None or not request.session.get(CODE_OK) or request.GET.get("etape") == "1":
        return _programme_step(request, programme)
    return _account_step(request, programme)


def _programme_step(request, programme):
    setup.ensure_code()
    form = ProgrammeSetupForm(
        request.POST if request.method == "POST" else None,
        instance=programme,
        code_is_right=setup.code_is_right,
    )
    if request.method == "POST" and form.is_valid():
        setup.save_programme(form)
        request.session[CODE_OK] = True
        return redirect("setup:page")
    return _page(request, 1, {"form": form}, status=400 if form.errors else 200)


def _account_step(request, programme):
    form = TeamAccountForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            user = get_user_model()(
                email=data["email"], first_name=data["first_name"], last_name=data["last_name"]
            )
            get_adapter().populate_username(request, user)
            user.set_password(data["password1"])
            user.save()
            # Whoever holds the setup code vouches for the address: no confirmation e-mail.
            EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
            add_to_team(user)
            record("setup.team_account_created", programme, actor=user)
        login(request, user, backend="allauth.account.auth_backends.AuthenticationBackend")
        messages.success(request, _("Le compte de l'équipe est créé et vous êtes connecté·e."))
        return redirect("setup:page")
    return _page(request, 2, {"form": form, "programme": programme}, 400 if form.errors else 200)


def _cohort_step(request, programme):
    if not (request.user.is_authenticated and is_team(request.user)):
        login_url = reverse("account_login") + "?next=" + reverse("setup:page")
        return _page(request, 3, {"login_url": login_url, "programme": programme})
    form = CohortCreateForm(request.POST if request.method == "POST" else None)
    form.fields["programme"].queryset = form.fields["programme"].queryset.filter(pk=programme.pk)
    form.fields["programme"].initial = programme.pk
    form.fields["programme"].widget = form.fields["programme"].hidden_widget()
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            cohort = setup.complete(
                programme, name=data["name"], number=data["number"], year=data["year"],
                actor=request.user,
            )  # fmt: skip
        except setup.AlreadyDone:
            return redirect("accounts:home")
        request.session.pop(CODE_OK, None)
        messages.success(
            request,
            _(
                "L'installation est terminée : la promotion « %(name)s » est créée. "
                "Créez maintenant son appel."
            )
            % {"name": cohort.name},
        )
        return redirect(reverse("team:config_create") + f"?promotion={cohort.pk}")
    return _page(request, 3, {"form": form, "programme": programme}, 400 if form.errors else 200)


def setup_needed_page(request):
    """What every other page answers until the setup is done."""
    return render(request, "programmes/setup_needed.html", status=503)
