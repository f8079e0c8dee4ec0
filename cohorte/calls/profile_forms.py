"""The form of a profile sought by the calls."""

from django import forms
from django.utils.translation import gettext_lazy as _


class ProfileForm(forms.Form):
    name = forms.CharField(
        label=_("Nom du profil"),
        max_length=120,
        help_text=_("Par exemple : « Développement », « Design », « Science des données »."),
        error_messages={
            "required": _("Donnez le nom du profil."),
            "max_length": _("120 caractères au plus."),
        },
    )

    def clean_name(self):
        return " ".join(self.cleaned_data["name"].split())
