"""The forms of the site's pages and of the FAQ entries."""

import re

from django import forms
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from cohorte.content.models import FaqEntry, Language, Page

from .legal import is_legal

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class PageForm(forms.ModelForm):
    """A page's title, summary and Markdown body; a new free page also chooses its slug."""

    class Meta:
        model = Page
        fields = ["title", "slug", "description", "body"]
        labels = {
            "slug": _("Identifiant dans l’adresse"),
            "description": _("Résumé"),
            "body": _("Contenu (Markdown)"),
        }
        help_texts = {
            "slug": _(
                "Lettres minuscules sans accent, chiffres et tirets : la page sera à "
                "/pages/identifiant/. Laissé vide, il est tiré du titre."
            ),
            "description": _("Montré sous le titre et dans les cartes des réseaux sociaux."),
        }
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
        }
        error_messages = {"title": {"required": _("Indiquez le titre de la page.")}}

    def __init__(self, *args, new=False, **kwargs):
        super().__init__(*args, **kwargs)
        if new:
            self.fields["slug"].required = False
            # Checked by clean_slug: the model's own messages are in English terms.
            self.fields["slug"].validators = []
        else:
            del self.fields["slug"]

    def clean_slug(self):
        slug = (self.cleaned_data.get("slug") or "").strip()
        if not slug:
            title = (self.data.get("title") or "").strip()
            slug = slugify(title)[:255]
            if not title:
                return slug  # the title's own error says what to write
            if not slug:
                raise forms.ValidationError(
                    _("Le titre ne donne pas d’identifiant : choisissez-en un.")
                )
        if not SLUG.match(slug):
            raise forms.ValidationError(
                _(
                    "L’identifiant ne peut contenir que des lettres minuscules sans accent, "
                    "des chiffres et des tirets (par exemple « nous-rejoindre »)."
                )
            )
        if is_legal(slug):
            raise forms.ValidationError(
                _("« %(slug)s » est l’identifiant d’une page légale : choisissez-en un autre."),
                params={"slug": slug},
            )
        if Page.objects.filter(slug=slug).exists():
            raise forms.ValidationError(
                _("Une page porte déjà l’identifiant « %(slug)s » : choisissez-en un autre."),
                params={"slug": slug},
            )
        return slug

    def validate_unique(self):
        # clean_slug already says, in the team's words, that a slug is taken.
        pass


class FaqEntryForm(forms.ModelForm):
    """A question, its Markdown answer, its audience, section and language."""

    class Meta:
        model = FaqEntry
        fields = ["audience", "section", "question", "answer", "language"]
        labels = {"answer": _("Réponse (Markdown)")}
        help_texts = {
            "section": _("Les questions d’une même rubrique sont regroupées ; facultatif."),
        }
        widgets = {
            "question": forms.TextInput(),
            "answer": forms.Textarea(attrs={"rows": 10}),
        }
        error_messages = {
            "question": {"required": _("Indiquez la question.")},
            "answer": {"required": _("Écrivez la réponse.")},
            "audience": {"required": _("Choisissez à qui s’adresse la question.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].choices = Language.choices
        self.fields["audience"].choices = FaqEntry.Audience.choices
