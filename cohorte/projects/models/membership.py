"""Administration staff: who may edit their organisation's proposals."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationMember(models.Model):
    """A user who acts for an administration: edits every proposal of that organisation."""

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="members",
        verbose_name=_("administration"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_memberships",
        verbose_name=_("compte"),
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("invité par"),
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
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="invitations",
        verbose_name=_("administration"),
    )
    email = models.EmailField(_("adresse électronique professionnelle"))
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invité par"),
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


class MembershipRequest(models.Model):
    """A person asks to act for an administration that nobody represents yet; the programme
    team approves or refuses (with a reason)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("en attente de validation")
        APPROVED = "approved", _("acceptée")
        REFUSED = "refused", _("refusée")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("administration"),
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="membership_requests",
        verbose_name=_("compte"),
    )
    # The call for projects the person was starting a proposal for (the e-mail links to it).
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("appel à projets"),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    created_at = models.DateTimeField(_("demandée le"), auto_now_add=True)
    decided_at = models.DateTimeField(_("traitée le"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("traitée par"),
    )
    reason = models.TextField(_("motif du refus"), blank=True)

    class Meta:
        verbose_name = _("demande de rattachement")
        verbose_name_plural = _("demandes de rattachement")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                condition=models.Q(status="pending"),
                name="one_pending_membership_request",
            )
        ]

    def __str__(self):
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"
