"""The newsletter's forms: subscribing, an edition, the reason of an export."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte.content.models import Post

from .models import Edition, Topics

# Posts offered for an edition: those of the last months (and any already chosen).
RECENT_POSTS = datetime.timedelta(days=120)
NO_TOPIC = _("Choisissez au moins un sujet.")


def _require_a_topic(form) -> None:
    if not any(form.cleaned_data.get(name) for name in Topics.FIELDS):
        for name in Topics.FIELDS:
            if name in form.fields:
                form.add_error(name, NO_TOPIC)
                return


class SubscribeForm(forms.Form):
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        max_length=254,
        help_text=_("Format attendu : nom@domaine.fr"),
        error_messages={"invalid": _("Saisissez une adresse e-mail valide, comme nom@domaine.fr.")},
    )
    calls = forms.BooleanField(label=_("Les appels à projets et à candidatures"), required=False)
    articles = forms.BooleanField(label=_("Les articles et actualités"), required=False)
    jobs = forms.BooleanField(label=_("Les offres d’emploi"), required=False)

    def clean(self):
        cleaned = super().clean()
        _require_a_topic(self)
        return cleaned

    def topics(self) -> dict[str, bool]:
        return {name: self.cleaned_data[name] for name in Topics.FIELDS}


class EditionForm(forms.ModelForm):
    class Meta:
        model = Edition
        fields = ["subject", "intro", "include_calls", "posts", *Topics.FIELDS]
        labels = {
            "calls": _("Abonné·es aux appels"),
            "articles": _("Abonné·es aux articles"),
            "jobs": _("Abonné·es aux offres d’emploi"),
        }
        help_texts = {
            "posts": _("Les articles publiés ces quatre derniers mois."),
            "include_calls": _(
                "Les appels ouverts au moment de l’envoi, avec leur date de clôture."
            ),
        }
        widgets = {
            "intro": forms.Textarea(attrs={"rows": 6}),
            "posts": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, now=None, **kwargs):
        super().__init__(*args, **kwargs)
        now = now or timezone.now()
        chosen = Q(pk__in=self.instance.posts.all()) if self.instance.pk else Q(pk__in=[])
        self.fields["posts"].queryset = (
            Post.objects.public()
            .filter(Q(published_at__gte=now - RECENT_POSTS) | chosen)
            .order_by("-published_at", "-pk")
        )
        self.fields["posts"].required = False
        self.fields["subject"].widget.attrs["autocomplete"] = "off"

    def clean_subject(self):
        subject = " ".join(self.cleaned_data["subject"].split())
        if not subject:
            raise ValidationError(_("Donnez un objet à la lettre."))
        return subject

    def clean(self):
        cleaned = super().clean()
        _require_a_topic(self)
        return cleaned


class ExportForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif légal de l’export"),
        min_length=15,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Par exemple : réponse à une demande d’accès d’une personne, réquisition. "
            "Le motif est inscrit au journal avec votre nom."
        ),
        error_messages={
            "required": _("Indiquez le motif légal de l’export."),
            "min_length": _("Décrivez le motif légal en une phrase (15 caractères au moins)."),
        },
    )
