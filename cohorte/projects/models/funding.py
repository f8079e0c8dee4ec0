"""Co-funding rules of a cohort: months funded per fellow, salary bands, the envelope."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class FundingRules(models.Model):
    """How the programme co-funds a cohort's fellows, and how much it can spend in all.

    The estimate for one fellow of a band is the administration's total employer cost for
    that band (for the whole contract) × ``funded_months`` / ``contract_months``, capped by
    the band's ``cap`` when one is set (see ``cohorte.projects.funding``).
    """

    cohort = models.OneToOneField(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        related_name="funding_rules",
        verbose_name=_("promotion"),
    )
    contract_months = models.PositiveSmallIntegerField(
        _("durée du contrat (mois)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(36)],
    )
    funded_months = models.PositiveSmallIntegerField(
        _("mois cofinancés par lauréat·e"),
        default=3,
        validators=[MinValueValidator(0), MaxValueValidator(36)],
    )
    envelope = models.DecimalField(
        _("enveloppe de cofinancement (€)"), max_digits=12, decimal_places=2, default=0
    )
    plausible_employer_cost = models.DecimalField(
        _("coût total employeur plausible au plus (€)"),
        max_digits=12,
        decimal_places=2,
        default=200000,
        help_text=_(
            "Pour un·e lauréat·e et toute la durée du contrat. Au-delà, l’estimation avertit "
            "l’administration et l’équipe d’un montant sans doute mal saisi."
        ),
    )

    class Meta:
        verbose_name = _("règles de cofinancement")
        verbose_name_plural = _("règles de cofinancement")

    def __str__(self):
        return f"{self.cohort} — {self.funded_months}/{self.contract_months} mois"


class SalaryBand(models.Model):
    """A salary band of the cohort's grid (e.g. "jusqu'à 5 ans d'expérience", 3 500 € net)."""

    rules = models.ForeignKey(
        FundingRules,
        on_delete=models.CASCADE,
        related_name="bands",
        verbose_name=_("règles de cofinancement"),
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    key = models.SlugField(_("identifiant"), max_length=40)
    label = models.CharField(_("tranche d'expérience"), max_length=200)
    net_monthly = models.DecimalField(_("salaire net mensuel (€)"), max_digits=9, decimal_places=2)
    cap = models.DecimalField(
        _("plafond du cofinancement par lauréat·e (€)"),
        max_digits=10,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("tranche de salaire")
        verbose_name_plural = _("tranches de salaire")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["rules", "key"], name="unique_band_key"),
        ]

    def __str__(self):
        return self.label
