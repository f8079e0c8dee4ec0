"""The forms of the first-run setup: the programme, the first team account."""

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model, password_validation
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Programme


def brand_lines(text: str) -> str:
    """The DSFR bloc marque, one to three lines without blanks; refused with a message."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    if not 1 <= len(lines) <= 3:
        raise forms.ValidationError(_("Écrivez une à trois lignes."))
    return "\n".join(lines)


class ProgrammeSetupForm(forms.ModelForm):
    """The programme: its names, what its fellows are called, who runs it, its contacts."""

    code = forms.CharField(
        label=gettext_lazy("Code d'installation"),
        help_text=gettext_lazy(
            "Écrit dans le journal du serveur au premier passage ; "
            "« manage.py setup_code » en donne un nouveau."
        ),
    )
    site_address = forms.URLField(
        label=gettext_lazy("Adresse du site"),
        assume_scheme="https",
        help_text=gettext_lazy(
            "Celle que les courriels et les agendas donneront : elle doit être celle que le "
            "serveur annonce (réglage SITE_URL)."
        ),
    )

    class Meta:
        model = Programme
        fields = [
            "name", "short_name", "description", "fellow_singular", "fellow_plural",
            "operator", "brand", "tagline", "contact_email",
        ]  # fmt: skip
        labels = {
            "name": gettext_lazy("Nom du programme"),
            "description": gettext_lazy("Présentation (Markdown)"),
        }
        help_texts = {
            "name": gettext_lazy("Par exemple : « Talents du numérique »."),
            "short_name": gettext_lazy("Par exemple : « TDN » ; il sert dans les menus."),
            "description": gettext_lazy(
                "Quelques phrases en tête de la page d'accueil : ce que le programme fait venir, "
                "où et pour quoi."
            ),
        }
        widgets = {
            "brand": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, code_is_right, **kwargs):
        super().__init__(*args, **kwargs)
        self.code_is_right = code_is_right
        self.fields["site_address"].initial = settings.SITE_URL
        for name in (
            "description",
            "fellow_singular",
            "fellow_plural",
            "operator",
            "contact_email",
        ):
            self.fields[name].required = True

    def clean_code(self):
        if not self.code_is_right(self.cleaned_data["code"]):
            raise forms.ValidationError(_("Ce n'est pas le code écrit dans le journal du serveur."))
        return ""

    def clean_site_address(self):
        address = self.cleaned_data["site_address"].rstrip("/")
        if address != settings.SITE_URL:
            raise forms.ValidationError(
                _(
                    "Le serveur annonce %(site)s : saisissez cette adresse, ou corrigez la "
                    "variable SITE_URL du serveur puis redémarrez-le."
                )
                % {"site": settings.SITE_URL}
            )
        return address

    def clean_brand(self):
        return brand_lines(self.cleaned_data["brand"])

    def save(self, commit=True):
        programme = super().save(commit=False)
        programme.website = self.cleaned_data["site_address"]
        if not programme.slug:
            programme.slug = slugify(programme.short_name)[:50] or "programme"
        if commit:
            programme.save()
        return programme


class TeamAccountForm(forms.Form):
    """The first account of the programme team."""

    first_name = forms.CharField(label=gettext_lazy("Prénom"), max_length=150)
    last_name = forms.CharField(label=gettext_lazy("Nom"), max_length=150)
    email = forms.EmailField(label=gettext_lazy("Adresse électronique"))
    password1 = forms.CharField(
        label=gettext_lazy("Mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=gettext_lazy("Au moins 8 caractères, ni courant ni seulement des chiffres."),
    )
    password2 = forms.CharField(
        label=gettext_lazy("Mot de passe (confirmation)"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def clean_email(self):
        email = self.cleaned_data["email"].lower()
        if get_user_model().objects.filter(email__iexact=email).exists():
            raise forms.ValidationError(_("Un compte utilise déjà cette adresse."))
        return email

    def clean(self):
        data = super().clean()
        first, second = data.get("password1"), data.get("password2")
        if first and second and first != second:
            self.add_error("password2", _("Les deux mots de passe diffèrent."))
        elif first:
            user = get_user_model()(
                username=data.get("email", ""),
                email=data.get("email", ""),
                first_name=data.get("first_name", ""),
                last_name=data.get("last_name", ""),
            )
            try:
                password_validation.validate_password(first, user)
            except forms.ValidationError as error:
                self.add_error("password1", error)
        return data
