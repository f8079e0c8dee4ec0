"""Editorial content of the public site: posts, pages and FAQ."""

import datetime
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    FR = "fr", _("français")
    EN = "en", _("anglais")


class Category(models.Model):
    """A blog category (accompagnement, recrutement...)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=120)

    class Meta:
        verbose_name = _("catégorie")
        verbose_name_plural = _("catégories")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Tag(models.Model):
    """A free label of posts (données, santé...), finer than a category."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=120)

    class Meta:
        verbose_name = _("étiquette")
        verbose_name_plural = _("étiquettes")
        ordering = ["name"]

    def __str__(self):
        return self.name


def post_image_path(instance, filename):
    """Public images of posts: a random name, the extension of the re-encoded format."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "jpg"
    return f"posts/images/{uuid.uuid4().hex}.{extension}"


def post_attachment_path(instance, filename):
    """Attached files are served by a view that checks the post is public: a private folder."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"post-files/{uuid.uuid4().hex}.{extension}"


class PostQuerySet(models.QuerySet):
    def public(self):
        """Posts published at or before now."""
        return self.filter(is_published=True, published_at__lte=timezone.now())

    def open_offers(self, today: datetime.date | None = None):
        """Job offers neither filled nor past their closing day (in Paris time)."""
        return self.filter(kind=Post.Kind.JOB).filter(_open_condition(today))

    def listed(self, today: datetime.date | None = None):
        """Posts the lists show: every post but the filled or closed job offers."""
        return self.filter(~Q(kind=Post.Kind.JOB) | _open_condition(today))


def _open_condition(today: datetime.date | None) -> Q:
    # The closing day itself is still open: an offer closes at midnight, Paris time.
    today = today or timezone.localdate()
    return Q(filled=False) & (Q(open_until__isnull=True) | Q(open_until__gte=today))


class Post(models.Model):
    """A blog post: article, news, job offer, press release, event or testimonial."""

    class Kind(models.TextChoices):
        ARTICLE = "article", _("article")
        NEWS = "news", _("actualité")
        JOB = "job", _("offre d'emploi")
        PRESS = "press", _("communiqué de presse")
        EVENT = "event", _("événement")
        TESTIMONIAL = "testimonial", _("témoignage")

    class OfferState(models.TextChoices):
        OPEN = "open", _("offre ouverte")
        FILLED = "filled", _("offre pourvue")
        CLOSED = "closed", _("offre close")

    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.ARTICLE)
    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=255)
    author = models.CharField(_("auteur"), max_length=200, blank=True)
    published_at = models.DateTimeField(_("date de publication"), default=timezone.now)
    is_published = models.BooleanField(_("publié"), default=True)
    categories = models.ManyToManyField(
        Category, blank=True, related_name="posts", verbose_name=_("catégories")
    )
    description = models.TextField(_("résumé"), blank=True)
    image = models.CharField(_("image"), max_length=500, blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FR
    )
    filled = models.BooleanField(
        _("poste pourvu"), default=False, help_text=_("Pour une offre d'emploi.")
    )
    authors = models.ManyToManyField(
        "people.Person", blank=True, related_name="authored_posts", verbose_name=_("auteurs")
    )
    tags = models.ManyToManyField(
        Tag, blank=True, related_name="posts", verbose_name=_("étiquettes")
    )
    translation_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="translations",
        verbose_name=_("traduction de"),
    )
    image_file = models.ImageField(_("image"), upload_to=post_image_path, blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=300, blank=True)
    open_until = models.DateField(
        _("ouverte jusqu'au"),
        null=True,
        blank=True,
        help_text=_("Pour une offre d'emploi : dernier jour de candidature (inclus)."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = PostQuerySet.as_manager()

    class Meta:
        verbose_name = _("article")
        verbose_name_plural = _("articles")
        ordering = ["-published_at", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:post_detail", args=[self.slug])

    def offer_state(self, today: datetime.date | None = None) -> str | None:
        """Open, filled or closed for a job offer (None for other posts)."""
        if self.kind != self.Kind.JOB:
            return None
        if self.filled:
            return self.OfferState.FILLED
        today = today or timezone.localdate()
        if self.open_until is not None and today > self.open_until:
            return self.OfferState.CLOSED
        return self.OfferState.OPEN

    def clean(self):
        super().clean()
        original = self.translation_of
        if original is None:
            return
        if self.pk is not None and original.pk == self.pk:
            raise ValidationError(
                {"translation_of": _("Une publication ne peut pas être sa propre traduction.")}
            )
        if original.language == self.language:
            raise ValidationError(
                {
                    "translation_of": _(
                        "La traduction doit être dans une autre langue que l'original."
                    )
                }
            )
        if original.translation_of_id is not None:
            raise ValidationError(
                {
                    "translation_of": _(
                        "L'original choisi est lui-même une traduction : liez au texte d'origine."
                    )
                }
            )

    @property
    def is_public(self) -> bool:
        """Published and its date reached: what visitors see."""
        return self.is_published and self.published_at <= timezone.now()

    @property
    def is_scheduled(self) -> bool:
        """Published at a date still to come."""
        return self.is_published and self.published_at > timezone.now()

    def other_versions(self):
        """This post in other languages: its original and the original's translations."""
        original_id = self.translation_of_id or self.pk
        return Post.objects.filter(
            models.Q(pk=original_id) | models.Q(translation_of_id=original_id)
        ).exclude(pk=self.pk)


class PostAttachment(models.Model):
    """A file attached to a post (a press release PDF...), downloadable once the post is public."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("titre"), max_length=200)
    file = models.FileField(_("fichier"), upload_to=post_attachment_path)
    original_name = models.CharField(_("nom d'origine"), max_length=200, blank=True)
    content_type = models.CharField(_("type de contenu"), max_length=150)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("fichier joint")
        verbose_name_plural = _("fichiers joints")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:post_attachment", args=[self.post.slug, self.pk])

    @property
    def extension(self) -> str:
        """The stored file's extension (pdf, docx...), shown next to the download link."""
        return self.file.name.rsplit(".", 1)[-1].lower() if "." in self.file.name else ""


class PostRevision(models.Model):
    """A version of a post's editable fields, saved with each change."""

    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField(_("numéro"))
    created_at = models.DateTimeField(_("date"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("par"),
    )
    snapshot = models.JSONField(_("contenu"), default=dict)

    class Meta:
        verbose_name = _("version d'une publication")
        verbose_name_plural = _("versions des publications")
        ordering = ["post", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["post", "number"], name="post_revision_number_unique")
        ]

    def __str__(self):
        return f"{self.post} v{self.number}"


class Page(models.Model):
    """A free page of the public site (programme, participer...)."""

    title = models.CharField(_("titre"), max_length=300)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=255)
    description = models.TextField(_("résumé"), blank=True)
    body = models.TextField(_("contenu (Markdown)"), blank=True)
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FR
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("page")
        verbose_name_plural = _("pages")
        ordering = ["title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:page_detail", args=[self.slug])


class FaqEntry(models.Model):
    """A question and its answer, for candidates or administrations."""

    class Audience(models.TextChoices):
        CANDIDATES = "candidates", _("candidat·es")
        ADMINISTRATIONS = "administrations", _("administrations")

    audience = models.CharField(_("public"), max_length=20, choices=Audience.choices)
    question = models.CharField(_("question"), max_length=500)
    answer = models.TextField(_("réponse (Markdown)"))
    section = models.CharField(_("rubrique"), max_length=200, blank=True)
    language = models.CharField(
        _("langue"), max_length=2, choices=Language.choices, default=Language.FR
    )
    order = models.PositiveIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("question fréquente")
        verbose_name_plural = _("questions fréquentes")
        ordering = ["audience", "order", "id"]

    def __str__(self):
        return self.question
