"""The upload of a programme template: a JSON file of reasonable size."""

from django import forms
from django.utils.translation import gettext_lazy as _

MAX_BYTES = 2 * 1024 * 1024


class TemplateUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Fichier du modèle (JSON)"),
        help_text=_("Un fichier téléchargé depuis cette page, ici ou sur une autre instance."),
        error_messages={"required": _("Choisissez le fichier du modèle à importer.")},
        widget=forms.FileInput(
            attrs={
                "class": "fr-upload",
                "accept": "application/json,.json",
                "aria-describedby": "id_file-hint id_file-messages",
            }
        ),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_BYTES:
            raise forms.ValidationError(_("Le fichier dépasse 2 Mo : ce n’est pas un modèle."))
        return upload
