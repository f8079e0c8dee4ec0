"""Défis (challenges), their taxonomy and their outcomes."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohorte.search import Searchable


class Theme(models.Model):
    """A public-policy theme (santé, environnement...)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=120)

    class Meta:
        verbose_name = _("thème")
        verbose_name_plural = _("thèmes")
        ordering = ["name"]

    def __str__(self):
        return self.name


class Expertise(models.Model):
    """A profile or skill sought or held (développement, data science, design...)."""

    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=120)

    class Meta:
        verbose_name = _("expertise")
        verbose_name_plural = _("expertises")
        ordering = ["name"]

    def __str__(self):
        return self.name


class ChallengeQuerySet(models.QuerySet):
    def public(self):
        """Défis shown on the public site."""
        return self.exclude(status=Challenge.Status.DRAFT)


class Challenge(Searchable):
    """A défi: a digital project hosted by an administration for one cohort."""

    searched_fields = ("title", "tagline", "body")

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        PUBLISHED = "published", _("publié")
        RUNNING = "running", _("en cours")
        FINISHED = "finished", _("terminé")

    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.PROTECT,
        related_name="challenges",
        verbose_name=_("promotion"),
    )
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=255)
    tagline = models.CharField(_("accroche"), max_length=500, blank=True)
    body = models.TextField(_("présentation (Markdown)"), blank=True)
    image = models.CharField(
        _("image"), max_length=500, blank=True, help_text=_("Chemin dans les médias ou URL.")
    )
    host_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="hosted_challenges",
        verbose_name=_("administration d'accueil"),
    )
    funding_organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="funded_challenges",
        verbose_name=_("porteur administratif"),
    )
    partner_organisations = models.ManyToManyField(
        "organisations.Organisation",
        blank=True,
        related_name="partner_challenges",
        verbose_name=_("administrations partenaires"),
    )
    town = models.CharField(_("ville"), max_length=120, blank=True)
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="challenges", verbose_name=_("thèmes")
    )
    expertises = models.ManyToManyField(
        Expertise, blank=True, related_name="challenges", verbose_name=_("expertises recherchées")
    )
    seats = models.PositiveSmallIntegerField(_("nombre de places"), default=1)
    duration_months = models.PositiveSmallIntegerField(_("durée (mois)"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    startup_url = models.URLField(_("devenu Startup d'État"), blank=True, max_length=500)
    sustainment_note = models.TextField(_("pérennisation"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("défi")
        verbose_name_plural = _("défis")
        ordering = ["-cohort__year", "title"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("public:challenge_detail", args=[self.slug])


class KeyFigure(models.Model):
    """A key figure of a défi's outcome (amount + label)."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="key_figures")
    amount = models.DecimalField(_("valeur"), max_digits=20, decimal_places=2)
    label = models.CharField(_("libellé"), max_length=300)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("chiffre clé")
        verbose_name_plural = _("chiffres clés")
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.amount} {self.label}"


class Achievement(models.Model):
    """A réalisation of a défi: a product, a video, a service."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="achievements")
    title = models.CharField(_("titre"), max_length=255)
    image = models.CharField(_("image"), max_length=500, blank=True)
    url = models.URLField(_("lien"), blank=True, max_length=500)
    description = models.TextField(_("description"), blank=True)
    call_to_action = models.CharField(_("texte du lien"), max_length=120, blank=True)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("réalisation")
        verbose_name_plural = _("réalisations")
        ordering = ["order", "id"]

    def __str__(self):
        return self.title


class ChallengeLink(models.Model):
    """A link to a défi's source code, dataset or other resource."""

    class Kind(models.TextChoices):
        CODE = "code", _("code source")
        DATA = "data", _("données")
        OTHER = "other", _("autre")

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    url = models.URLField(_("adresse"), max_length=500)
    label = models.CharField(_("libellé"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("lien")
        verbose_name_plural = _("liens")
        ordering = ["kind", "id"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "url"], name="unique_challenge_link")
        ]

    def __str__(self):
        return self.label or self.url
