"""Administrations and other bodies that host, fund or partner a défi."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohorte.search import Searchable


class Organisation(Searchable):
    """A host, funding or partner organisation."""

    searched_fields = ("name", "acronym")

    class Kind(models.TextChoices):
        MINISTRY = "ministry", _("ministère")
        CENTRAL = "central", _("administration centrale")
        OPERATOR = "operator", _("opérateur")
        REGIONAL = "regional", _("service déconcentré")
        INDEPENDENT = "independent", _("autorité indépendante")
        LOCAL = "local", _("collectivité territoriale")
        HOSPITAL = "hospital", _("établissement de santé")
        OTHER = "other", _("autre")

    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=255)
    acronym = models.CharField(_("sigle"), max_length=40, blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("ministère de tutelle"),
    )
    website = models.URLField(_("site web"), blank=True, max_length=500)
    town = models.CharField(_("ville"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:challenge_list") + f"?organisation={self.slug}"


class OrganisationDomain(models.Model):
    """An e-mail domain of an organisation: a verified address on it proves one works there."""

    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.CASCADE,
        related_name="email_domains",
        verbose_name=_("organisation"),
    )
    domain = models.CharField(
        _("domaine de messagerie"),
        max_length=253,
        help_text=_(
            "La partie après « @ » des adresses professionnelles de l'organisation, par exemple "
            "justice.gouv.fr. Une personne qui a une adresse vérifiée sur ce domaine peut devenir "
            "le premier compte de l'organisation sans validation de l'équipe du programme."
        ),
    )
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("domaine de messagerie")
        verbose_name_plural = _("domaines de messagerie")
        ordering = ["domain"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "domain"], name="unique_organisation_domain"
            )
        ]

    def __str__(self):
        return self.domain

    def clean(self):
        from cohorte.projects.mail_domains import AccountError, clean_domain

        try:
            self.domain = clean_domain(self.domain)
        except AccountError as refused:
            raise ValidationError({"domain": refused.message}) from None
