"""Forms of the account pages."""

from allauth.account.forms import LoginForm as AllauthLoginForm
from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class LoginForm(AllauthLoginForm):
    """allauth's sign-in form with its "forgot password" link after the fields, not in a label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Inside the label, the link made the field's name "Mot de passe Mot de passe oublié ?"
        # (RGAA 11.1); fields.html shows it after the fields instead.
        self.fields["password"].help_text = ""
        self.after_fields_link = (reverse("account_reset_password"), _("Mot de passe oublié ?"))


class DeleteAccountForm(forms.Form):
    """Confirmation of an account deletion: the password, or a typed phrase without one."""

    PHRASE = "supprimer mon compte"

    password = forms.CharField(
        label=_("Votre mot de passe"),
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    confirmation = forms.CharField(
        label=_("Recopiez « supprimer mon compte »"),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        if user.has_usable_password():
            del self.fields["confirmation"]
        else:
            del self.fields["password"]

    def clean(self):
        if "password" in self.fields:
            if not self.user.check_password(self.cleaned_data.get("password") or ""):
                self.add_error("password", _("Mot de passe incorrect : votre compte est conservé."))
        elif (self.cleaned_data.get("confirmation") or "").strip().lower() != self.PHRASE:
            self.add_error(
                "confirmation",
                _("Recopiez exactement « supprimer mon compte » pour confirmer."),
            )
        return self.cleaned_data


class SignupNamesForm(forms.Form):
    """What sign-up asks besides the address: the person's name, used in every page and
    e-mail that names them ("Claire Martin vous invite…")."""

    # allauth orders the sign-up form by this: the name first, as on any form.
    field_order = ["first_name", "last_name", "email", "password1", "password2"]

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request, user):
        """Called by allauth once the account exists: keep the name on it."""
        user.first_name = self.cleaned_data["first_name"].strip()
        user.last_name = self.cleaned_data["last_name"].strip()
        user.save(update_fields=["first_name", "last_name"])
