"""The form of the programme's settings page: its identity as the team edits it."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy

from .models import Programme
from .setup_forms import ProgrammeSetupForm, brand_lines

# What the team sets, in the page's order; the site address is the server's (SITE_URL).
FIELDS = [
    "name", "short_name", "description", "website", "brand", "tagline",
    "operator", "operator_legal_name", "operator_url", "operator_address",
    "fellow_singular", "fellow_plural", "network_name", "contact_email",
    "operational_mentor_feminine", "operational_mentor_masculine", "operational_mentor_neutral",
    "senior_mentor_feminine", "senior_mentor_masculine", "senior_mentor_neutral",
]  # fmt: skip
MENTOR_TITLES = FIELDS[-6:]
# Every page, e-mail and menu uses these words: they may not be emptied.
REQUIRED = ["fellow_singular", "fellow_plural", "operator", "contact_email"]


def _form_field(field, **kwargs):
    # An address typed without its scheme is a secure one: « numerique.gouv.fr ».
    if isinstance(field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return field.formfield(**kwargs)


class ProgrammeSettingsForm(forms.ModelForm):
    """The programme's names, bloc marque, operator, fellows' words and contact."""

    class Meta:
        model = Programme
        fields = FIELDS
        formfield_callback = _form_field
        labels = ProgrammeSetupForm.Meta.labels
        help_texts = ProgrammeSetupForm.Meta.help_texts | {
            "website": gettext_lazy("Le site du programme, s’il en a un autre que celui-ci."),
            "tagline": gettext_lazy("Sous le nom du service, dans l’en-tête de chaque page."),
        }
        # A URL input showing back a refused value would not be valid HTML: text with a URL
        # keyboard instead.
        widgets = ProgrammeSetupForm.Meta.widgets | {
            "operator_address": forms.Textarea(attrs={"rows": 3}),
            "website": forms.TextInput(attrs={"inputmode": "url"}),
            "operator_url": forms.TextInput(attrs={"inputmode": "url"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in REQUIRED:
            self.fields[name].required = True

    def clean(self):
        data = super().clean()
        # Browsers send a text area's lines ending in CRLF: saved as typed, every save would
        # look like a change of the description and the address.
        for name in ("description", "operator_address"):
            if isinstance(data.get(name), str):
                data[name] = data[name].replace("\r\n", "\n").replace("\r", "\n")
        return data

    def clean_brand(self):
        return brand_lines(self.cleaned_data["brand"])
