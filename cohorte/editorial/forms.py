"""The post editor's forms: the post with its publication, an attached file, the list's filters."""

import datetime

from django import forms
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte.content.models import Category, Language, Post
from cohorte.people.models import Person

from . import domain, uploads

SAVE, PUBLISH, SCHEDULE = "save", "publish", "schedule"
ACTIONS = (SAVE, PUBLISH, SCHEDULE)


class PostForm(forms.ModelForm):
    """A post of any kind; the button pressed (``action``) says what becomes of its publication."""

    tags_text = forms.CharField(
        label=_("Étiquettes"),
        required=False,
        max_length=500,
        help_text=_("Séparées par des virgules ; une étiquette nouvelle est créée."),
    )
    image_upload = forms.FileField(
        label=_("Image"),
        required=False,
        help_text=_("JPEG, PNG, GIF ou WebP, 5 Mo au maximum ; réduite à 1600 pixels de large."),
    )
    remove_image = forms.BooleanField(label=_("Retirer l’image"), required=False)
    scheduled_date = forms.DateField(
        label=_("Date de publication"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    scheduled_time = forms.TimeField(
        label=_("Heure (heure de Paris)"),
        required=False,
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    class Meta:
        model = Post
        fields = [
            "kind", "title", "slug", "language", "translation_of", "authors", "author",
            "categories", "description", "body", "image_alt", "open_until", "filled",
        ]  # fmt: skip
        labels = {
            "slug": _("Identifiant dans l’adresse"),
            "author": _("Auteur (texte libre)"),
            "description": _("Résumé"),
            "body": _("Contenu (Markdown)"),
            "filled": _("Poste pourvu (offre d’emploi)"),
        }
        help_texts = {
            "slug": _("Laissé vide, il est tiré du titre."),
            "translation_of": _(
                "La version dans l’autre langue, quand celle-ci en est la traduction."
            ),
            "authors": _("Les personnes du programme qui signent ; plusieurs possibles."),
            "author": _("Quand l’auteur n’est pas une personne du programme."),
            "description": _("Montré dans les listes et les cartes des réseaux sociaux."),
            "image_alt": _(
                "Obligatoire avec une image : ce qu’elle montre, pour qui ne la voit pas."
            ),
        }
        widgets = {
            "open_until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "description": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 18}),
        }
        error_messages = {"title": {"required": _("Indiquez le titre de la publication.")}}

    def __init__(self, *args, action=SAVE, **kwargs):
        super().__init__(*args, **kwargs)
        self.action = action if action in ACTIONS else SAVE
        self.fields["slug"].required = False
        self.fields["translation_of"].queryset = Post.objects.order_by("title")
        self.fields["translation_of"].empty_label = _("Aucune : c’est un texte d’origine")
        self.fields["authors"].queryset = Person.objects.order_by("full_name")
        self.fields["categories"].queryset = Category.objects.order_by("name")
        self.fields["language"].choices = Language.choices
        if self.instance.pk:
            self.initial["tags_text"] = ", ".join(tag.name for tag in self.instance.tags.all())
            if self.instance.is_published:
                moment = timezone.localtime(self.instance.published_at)
                self.initial.setdefault("scheduled_date", moment.date())
                self.initial.setdefault(
                    "scheduled_time", moment.time().replace(second=0, microsecond=0)
                )
        self._image = None
        self._previous_image = self.instance.image_file.name if self.instance.pk else ""

    def clean_image_upload(self):
        uploaded = self.cleaned_data.get("image_upload")
        if uploaded:
            self._image = uploads.resized_image(uploaded)
        return uploaded

    def clean_slug(self):
        return self.cleaned_data.get("slug") or ""

    def _scheduled_moment(self):
        day, time = self.cleaned_data.get("scheduled_date"), self.cleaned_data.get("scheduled_time")
        if day is None or time is None:
            if "scheduled_date" not in self.errors and "scheduled_time" not in self.errors:
                self.add_error(
                    "scheduled_date", _("Indiquez la date et l’heure de la publication programmée.")
                )
            return None
        moment = timezone.make_aware(datetime.datetime.combine(day, time))  # Europe/Paris
        if moment <= timezone.now():
            self.add_error(
                "scheduled_date",
                _(
                    "La date de publication programmée est passée : "
                    "choisissez une date et une heure à venir."
                ),
            )
            return None
        return moment

    def clean(self):
        cleaned = super().clean()
        has_image = bool(self._image) or (
            bool(self.instance.image_file) and not cleaned.get("remove_image")
        )
        if has_image and not (cleaned.get("image_alt") or "").strip():
            self.add_error(
                "image_alt",
                _(
                    "Décrivez l’image pour qui ne la voit pas : "
                    "le texte alternatif est obligatoire."
                ),
            )
        if self.action == SCHEDULE:
            moment = self._scheduled_moment()
            if moment is not None:
                self.instance.is_published = True
                self.instance.published_at = moment
        elif self.action == PUBLISH:
            if not self.instance.is_public:
                self.instance.published_at = timezone.now()
            self.instance.is_published = True
        elif self.instance.pk is None:
            self.instance.is_published = False  # "Enregistrer le brouillon"
        return cleaned

    def _post_clean(self):
        if not self.cleaned_data.get("slug") and self.cleaned_data.get("title"):
            self.cleaned_data["slug"] = domain.unique_slug(
                self.cleaned_data["title"], self.instance.pk
            )
        super()._post_clean()

    def save(self, commit=True):
        post = super().save(commit=False)
        previous = self._previous_image
        if self.cleaned_data.get("remove_image") and post.image_file:
            post.image_file = None
            post.image_alt = ""
        if self._image is not None:
            post.image_file.save(self._image.name, self._image, save=False)
        post.save()
        if previous and previous != post.image_file.name:
            # The replaced image goes once the change is committed: a rollback keeps it.
            storage = post.image_file.storage
            transaction.on_commit(lambda: storage.delete(previous))
        self.save_m2m()
        post.tags.set(domain.tags_from_text(self.cleaned_data.get("tags_text") or ""))
        return post


class AttachmentForm(forms.Form):
    """A file to attach to a post, with the title visitors read."""

    title = forms.CharField(
        label=_("Titre du fichier"),
        max_length=200,
        error_messages={"required": _("Indiquez le titre du fichier.")},
    )
    file = forms.FileField(
        label=_("Fichier"),
        help_text=_(
            "PDF ou document bureautique (Word, Excel, PowerPoint, OpenDocument), 20 Mo au maximum."
        ),
        error_messages={"required": _("Choisissez le fichier à joindre.")},
    )

    def clean_file(self):
        self.checked = uploads.checked_attachment(self.cleaned_data["file"])
        return self.cleaned_data["file"]


STATES = [
    ("", _("Tous les états")),
    ("draft", _("Brouillons")),
    ("scheduled", _("Programmées")),
    ("published", _("Publiées")),
]


class FilterForm(forms.Form):
    """The list's filters: kind, state, language and words of the title."""

    q = forms.CharField(label=_("Titre contient"), required=False, max_length=200)
    kind = forms.ChoiceField(
        label=_("Type"), required=False, choices=[("", _("Tous les types")), *Post.Kind.choices]
    )
    state = forms.ChoiceField(label=_("État"), required=False, choices=STATES)
    language = forms.ChoiceField(
        label=_("Langue"),
        required=False,
        choices=[("", _("Toutes les langues")), *Language.choices],
    )

    def filter(self, posts):
        """The posts that match the valid filters."""
        if not self.is_valid():
            return posts
        data = self.cleaned_data
        now = timezone.now()
        if data["q"]:
            posts = posts.filter(title__icontains=data["q"])
        if data["kind"]:
            posts = posts.filter(kind=data["kind"])
        if data["language"]:
            posts = posts.filter(language=data["language"])
        if data["state"] == "draft":
            posts = posts.filter(is_published=False)
        elif data["state"] == "scheduled":
            posts = posts.filter(is_published=True, published_at__gt=now)
        elif data["state"] == "published":
            posts = posts.filter(is_published=True, published_at__lte=now)
        return posts
