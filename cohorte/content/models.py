"""Editorial content of the public site: posts, pages and FAQ."""

import datetime

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
