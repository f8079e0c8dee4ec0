"""Administration staff: who may edit their organisation's proposals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationMember(models.Model):
    """A user who acts for an administration: edits every proposal of that organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="organisation_memberships"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("depuis le"), auto_now_add=True)

    class Meta:
        verbose_name = _("compte d'une administration")
        verbose_name_plural = _("comptes des administrations")
        ordering = ["organisation", "created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "user"], name="unique_org_member")
        ]

    def __str__(self):
        return f"{self.user} @ {self.organisation}"


class OrganisationInvitation(models.Model):
    """A colleague invited by work e-mail; becomes a member once signed in with that address."""

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="invitations"
    )
    email = models.EmailField(_("adresse électronique professionnelle"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("invité le"), auto_now_add=True)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "email"], name="unique_org_invitation")
        ]

    def __str__(self):
        return f"{self.email} → {self.organisation}"
