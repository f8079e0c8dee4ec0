"""Forms that edit e-mail templates: a placeholder the e-mail does not provide is refused."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from cohorte.calls.models import Call

from . import emails, previews
from .models import EmailTemplate


def check_fields(form, key: str) -> None:
    """Attach check_template's error (unknown and allowed placeholders) to the faulty field."""
    for name in ("subject", "body"):
        text = form.cleaned_data.get(name)
        if text is None:
            continue
        try:
            emails.check_template(
                key, text if name == "subject" else "", text if name == "body" else ""
            )
        except ValidationError as error:
            form.add_error(name, error)


def check_single_default(form, key: str, call, instance_pk=None) -> None:
    # The database cannot enforce one general template per e-mail (NULLs differ in a
    # unique constraint): the form does.
    if call is None and (
        EmailTemplate.objects.filter(key=key, call__isnull=True).exclude(pk=instance_pk).exists()
    ):
        form.add_error(None, _("Un modèle général existe déjà pour cet e-mail : modifiez-le."))


class TemplateTextForm(forms.Form):
    """The subject and text of one e-mail, for all calls or for one call."""

    subject = forms.CharField(label=_("Objet"), max_length=300)
    body = forms.CharField(label=_("Texte"), widget=forms.Textarea(attrs={"rows": 14}))

    def __init__(self, *args, key: str, call: Call | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.key, self.call = key, call

    def clean(self):
        cleaned = super().clean()
        check_fields(self, self.key)
        return cleaned

    def preview(self) -> tuple[str, str]:
        """The e-mail as a candidate would receive it, with sample values."""
        data = self.cleaned_data
        return previews.preview(self.key, data["subject"], data["body"], self.call)


class EmailTemplateAdminForm(forms.ModelForm):
    """The admin's form: which e-mail, for which call, and its text."""

    key = forms.ChoiceField(label=_("E-mail"))

    class Meta:
        model = EmailTemplate
        fields = ["key", "call", "subject", "body"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["key"].choices = [
            (key, f"{previews.label(key)} ({key})") for key in emails.DEFAULTS
        ]
        self.fields["call"].queryset = Call.objects.filter(kind=Call.Kind.APPLICATIONS)
        self.fields["call"].empty_label = _("Tous les appels (modèle général)")
        allowed = "; ".join(
            f"{key} : " + ", ".join(f"{{{p}}}" for p in default.placeholders)
            for key, default in emails.DEFAULTS.items()
        )
        self.fields["body"].help_text = _("Champs possibles par e-mail — %(allowed)s.") % {
            "allowed": allowed
        }

    def clean(self):
        cleaned = super().clean()
        key = cleaned.get("key")
        if key:
            check_fields(self, key)
            check_single_default(self, key, cleaned.get("call"), self.instance.pk)
        return cleaned
