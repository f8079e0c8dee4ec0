"""Recruitment of the selected fellows by their host administrations: contract, arrival,
onboarding checklist, early departure.

A fellow is a ``people.Role`` of kind "fellow" (created when the call's results are
published); its host administration is the défi's ``host_organisation``. The checklist's
items are the team's, per cohort; a tick is one ``OnboardingCheck``.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OnboardingItem(models.Model):
    """One step of a fellow's arrival that the team wants done (contract signed, badge…)."""

    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        related_name="onboarding_items",
        verbose_name=_("promotion"),
    )
    label = models.CharField(_("étape"), max_length=120)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("étape d'arrivée")
        verbose_name_plural = _("étapes d'arrivée")
        ordering = ["position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "label"], name="unique_onboarding_item"),
        ]

    def __str__(self):
        return self.label


class Contract(models.Model):
    """A fellow's contract as the host administration signed it."""

    class Kind(models.TextChoices):
        PROJECT = "project", _("contrat de projet")
        FIXED_TERM = "fixed_term", _("CDD de droit public")
        SECONDMENT = "secondment", _("détachement")
        OTHER = "other", _("autre")

    fellow = models.OneToOneField(
        "people.Role",
        on_delete=models.CASCADE,
        related_name="contract",
        verbose_name=_("lauréat·e"),
    )
    employer = models.CharField(_("employeur"), max_length=200)
    kind = models.CharField(_("type de contrat"), max_length=20, choices=Kind.choices)
    start_date = models.DateField(_("début du contrat"))
    end_date = models.DateField(_("fin du contrat"))
    salary_band = models.ForeignKey(
        "projects.SalaryBand",
        on_delete=models.PROTECT,
        related_name="contracts",
        verbose_name=_("tranche de salaire"),
    )
    employer_cost = models.DecimalField(
        _("coût total employeur du contrat (€)"), max_digits=10, decimal_places=2
    )
    arrival_date = models.DateField(_("date d'arrivée"), null=True, blank=True)
    left_on = models.DateField(_("départ anticipé le"), null=True, blank=True)
    left_reason = models.TextField(_("motif du départ"), blank=True)
    updated_at = models.DateTimeField(auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("contrat")
        verbose_name_plural = _("contrats")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="contract_ends_after_start",
            ),
        ]

    def __str__(self):
        return f"{self.fellow.person} — {self.get_kind_display()}"


class OnboardingCheck(models.Model):
    """An onboarding step done for a fellow, when and by whom."""

    fellow = models.ForeignKey(
        "people.Role", on_delete=models.CASCADE, related_name="onboarding_checks"
    )
    item = models.ForeignKey(OnboardingItem, on_delete=models.CASCADE, related_name="checks")
    done_on = models.DateField(_("fait le"))
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("étape faite")
        verbose_name_plural = _("étapes faites")
        constraints = [
            models.UniqueConstraint(fields=["fellow", "item"], name="unique_onboarding_check"),
        ]

    def __str__(self):
        return f"{self.item} — {self.done_on}"


class TransferDecree(models.Model):
    """The cohort's transfer decree (arrêté de transfert de crédits), stage by stage.

    ``signed_amounts`` freezes each fellow's co-funding as signed, so that a contract
    changed afterwards shows up against it.
    """

    class Stage(models.TextChoices):
        DRAFTED = "drafted", _("rédigé")
        SENT = "sent", _("transmis à la direction du budget")
        SIGNED = "signed", _("signé")
        PUBLISHED = "published", _("publié au Journal officiel")
        TRANSFERRED = "transferred", _("crédits transférés")

    cohort = models.OneToOneField(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        related_name="transfer_decree",
        verbose_name=_("promotion"),
    )
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices)
    drafted_on = models.DateField(_("rédigé le"))
    sent_on = models.DateField(_("transmis le"), null=True, blank=True)
    signed_on = models.DateField(_("signé le"), null=True, blank=True)
    published_on = models.DateField(_("publié le"), null=True, blank=True)
    transferred_on = models.DateField(_("crédits transférés le"), null=True, blank=True)
    signed_amounts = models.JSONField(_("montants signés"), default=dict, blank=True)
    signed_total = models.DecimalField(
        _("total signé (€)"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    class Meta:
        verbose_name = _("arrêté de transfert")
        verbose_name_plural = _("arrêtés de transfert")

    def __str__(self):
        return f"{self.cohort} — {self.get_stage_display()}"


class VacantSeat(models.Model):
    """A seat of a défi that stays empty (nobody recruited, or not replaced), and why."""

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="vacant_seats",
        verbose_name=_("défi"),
    )
    recorded_on = models.DateField(_("constaté le"))
    reason = models.TextField(_("motif"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("place non pourvue")
        verbose_name_plural = _("places non pourvues")
        ordering = ["recorded_on", "id"]

    def __str__(self):
        return f"{self.challenge} — {self.recorded_on}"
