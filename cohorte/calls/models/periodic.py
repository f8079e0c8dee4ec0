"""When each periodic job last ran (see cohorte/periodic.py)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """The last run of one periodic job: every runner claims a job through this row."""

    name = models.CharField(_("tâche"), max_length=100, unique=True)
    last_run_at = models.DateTimeField(_("dernière exécution"), null=True, blank=True)
    last_error = models.TextField(_("dernière erreur"), blank=True)

    class Meta:
        verbose_name = _("tâche périodique")
        verbose_name_plural = _("tâches périodiques")
        ordering = ["name"]

    def __str__(self):
        return self.name
