"""What fellows did after the programme, and what they agreed to share of it."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Situation(models.TextChoices):
    HOST_ADMINISTRATION = "host_administration", _("dans son administration d'accueil")
    OTHER_ADMINISTRATION = "other_administration", _("dans une autre administration")
    PUBLIC_SECTOR = "public_sector", _("dans le secteur public")
    PRIVATE_SECTOR = "private_sector", _("dans le secteur privé")
    OWN_COMPANY = "own_company", _("à son compte ou dans sa propre entreprise")
    STUDIES = "studies", _("en études ou en formation")
    OTHER = "other", _("autre")


# The situations counted as "still in public service" by the impact figures.
PUBLIC_SERVICE = (
    Situation.HOST_ADMINISTRATION,
    Situation.OTHER_ADMINISTRATION,
    Situation.PUBLIC_SECTOR,
)


class AlumniProfile(models.Model):
    """A fellow's consents: both off until the fellow turns them on."""

    person = models.OneToOneField(
        "people.Person", on_delete=models.CASCADE, related_name="alumni_profile"
    )
    in_directory = models.BooleanField(
        _("apparaître dans l'annuaire des alumni"),
        default=False,
        help_text=_("Visible seulement des membres du programme connectés."),
    )
    path_public = models.BooleanField(
        _("publier mon parcours dans « Que sont-ils devenus ? »"), default=False
    )
    contact = models.CharField(
        _("comment me joindre"),
        max_length=300,
        blank=True,
        help_text=_("Montré dans l'annuaire seulement."),
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("profil alumni")
        verbose_name_plural = _("profils alumni")

    def __str__(self):
        return str(self.person)


class CareerStep(models.Model):
    """Where a fellow went after the programme, from a date; the latest by ``since`` is current."""

    person = models.ForeignKey(
        "people.Person", on_delete=models.CASCADE, related_name="career_steps"
    )
    situation = models.CharField(_("situation"), max_length=30, choices=Situation.choices)
    organisation = models.CharField(_("structure"), max_length=200, blank=True)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    since = models.DateField(_("depuis le"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("étape du parcours")
        verbose_name_plural = _("étapes du parcours")
        ordering = ["person_id", "-since", "-id"]
        indexes = [models.Index(fields=["person", "since"])]

    def __str__(self):
        return f"{self.person}: {self.get_situation_display()} ({self.since})"
