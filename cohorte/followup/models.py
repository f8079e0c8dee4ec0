"""Following each défi through its months: check-ins, actions, milestones, key figures.

A check-in ("point d'étape") is held monthly with the défi's fellows and mentors; the
actions it decides, and the "help needed" items of the weekly bulletins the team answers,
are ``Action`` rows that stay open until done. Milestones carry a due date and evidence;
key figures are readings over time, the published ones shown on the défi's public page.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Weather(models.TextChoices):
    ON_TRACK = "on_track", _("dans les temps")
    AT_RISK = "at_risk", _("à risque")
    BLOCKED = "blocked", _("bloqué")


class Need(models.TextChoices):
    LEGAL = "legal", _("juridique")
    DATA = "data", _("accès aux données")
    HOSTING = "hosting", _("hébergement")
    RECRUITMENT = "recruitment", _("recrutement")
    COMMUNICATION = "communication", _("communication")


class CheckIn(models.Model):
    """A monthly check-in of a défi with its fellows and mentors."""

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="check_ins",
        verbose_name=_("défi"),
    )
    held_on = models.DateField(_("date du point"))
    weather = models.CharField(_("météo"), max_length=10, choices=Weather.choices)
    progress = models.TextField(_("avancées depuis le dernier point"), blank=True)
    blockers = models.TextField(_("points de blocage"), blank=True)
    needs = models.JSONField(_("besoins de l'équipe"), default=list, blank=True)
    decisions = models.TextField(_("décisions"), blank=True)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("point d'étape")
        verbose_name_plural = _("points d'étape")
        ordering = ["-held_on", "-id"]
        indexes = [models.Index(fields=["challenge", "-held_on"], name="checkin_challenge_date")]

    def __str__(self):
        return f"{self.challenge} — {self.held_on}"

    @property
    def weather_badge(self) -> str:
        """The DSFR badge modifier of the météo."""
        return {Weather.ON_TRACK: "success", Weather.AT_RISK: "warning"}.get(self.weather, "error")

    @property
    def need_labels(self) -> list[str]:
        """The needs in words, in the order of ``Need``."""
        return [label for value, label in Need.choices if value in (self.needs or [])]


class Action(models.Model):
    """Something to do for a défi, with its owner and due date, open until done."""

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="actions",
        verbose_name=_("défi"),
    )
    title = models.CharField(_("action"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="followup_actions",
        verbose_name=_("responsable"),
    )
    due_on = models.DateField(_("échéance"))
    done_on = models.DateField(_("faite le"), null=True, blank=True)
    check_in = models.ForeignKey(
        CheckIn,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("décidée au point d'étape"),
    )
    bulletin = models.ForeignKey(
        "bulletins.Bulletin",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="actions",
        verbose_name=_("demandée dans le bulletin"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [
            models.Index(fields=["challenge", "done_on", "due_on"], name="action_open_due"),
        ]

    def __str__(self):
        return self.title


class Milestone(models.Model):
    """A milestone or deliverable of a défi, with its due date, status and evidence."""

    class Kind(models.TextChoices):
        FIRST_USERS = "first_users", _("premiers utilisateurs")
        IN_PRODUCTION = "in_production", _("mise en production")
        CODE_PUBLISHED = "code_published", _("code publié sous licence libre")
        DATA_PUBLISHED = "data_published", _("données publiées")
        OTHER = "other", _("autre livrable")

    class Status(models.TextChoices):
        PLANNED = "planned", _("prévu")
        IN_PROGRESS = "in_progress", _("en cours")
        DONE = "done", _("atteint")
        DROPPED = "dropped", _("abandonné")

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="milestones",
        verbose_name=_("défi"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("intitulé"), max_length=300)
    due_on = models.DateField(_("échéance"))
    status = models.CharField(
        _("statut"), max_length=12, choices=Status.choices, default=Status.PLANNED
    )
    done_on = models.DateField(_("atteint le"), null=True, blank=True)
    evidence_url = models.URLField(_("lien de preuve"), max_length=500, blank=True)
    licence = models.CharField(_("licence"), max_length=60, blank=True)
    published = models.BooleanField(_("publié sur la page du défi"), default=False)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("jalon")
        verbose_name_plural = _("jalons")
        ordering = ["due_on", "id"]

    def __str__(self):
        return self.title


class FigureReading(models.Model):
    """One reading of a défi's key figure (users, datasets, reuses…) at a date."""

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="figure_readings",
        verbose_name=_("défi"),
    )
    label = models.CharField(_("indicateur"), max_length=300)
    value = models.DecimalField(_("valeur"), max_digits=20, decimal_places=2)
    measured_on = models.DateField(_("mesuré le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relevé d'indicateur")
        verbose_name_plural = _("relevés d'indicateurs")
        ordering = ["label", "-measured_on", "-id"]

    def __str__(self):
        return f"{self.label} = {self.value} ({self.measured_on})"
