"""Calls of a cohort: for projects (administrations) and for applications (candidates)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class CallQuerySet(models.QuerySet):
    def open_at(self, moment):
        """Calls accepting submissions at this moment."""
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def upcoming_at(self, moment):
        """Calls that open after this moment."""
        return self.filter(opens_at__gt=moment)


class Call(models.Model):
    """A call for projects or for applications, with its submission window."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("appel à projets")
        APPLICATIONS = "applications", _("appel à candidatures")

    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        related_name="calls",
        verbose_name=_("promotion"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=255)
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(
        _("clôture"),
        help_text=_("Instant exact de clôture ; l'heure de réception du serveur fait foi."),
    )

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            )
        ]

    def __str__(self):
        return self.title

    def is_open(self, moment=None) -> bool:
        """Whether the call accepts submissions at this moment (now by default)."""
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at
