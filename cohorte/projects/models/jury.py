"""The défi jury: its pool of jurors, the auditions, and each panel's verdict."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words
from cohorte.public.formats import format_moment


class JuryPoolMember(models.Model):
    """A juror available for a call's défi jury, with the profile used to balance panels."""

    class Category(models.TextChoices):
        ADMINISTRATION = "administration", _("administration")
        TECH = "tech", _("expert·e du numérique")
        ALUMNI = "alumni", _("ancien·ne lauréat·e")
        EXPERT = "expert", _("personnalité qualifiée")
        TEAM = "team", _("équipe du programme")

        @classmethod
        def worded_choices(cls) -> list[tuple[str, str]]:
            """The choices in the programme's words: « ancien·ne talent »."""
            labels = {cls.ALUMNI: _("ancien·ne %(fellow)s") % {"fellow": words.fellow()}}
            return [(value, labels.get(value, label)) for value, label in cls.choices]

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="jury_pool", verbose_name=_("appel")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="jury_pools",
        verbose_name=_("juré"),
    )
    category = models.CharField(_("profil"), max_length=20, choices=Category.choices)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
        help_text=_("Un juré ne juge jamais un défi de sa propre organisation."),
    )

    class Meta:
        verbose_name = _("juré du jury des défis")
        verbose_name_plural = _("jurés du jury des défis")
        ordering = ["call", "category", "user__last_name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["call", "user"], name="unique_jury_pool_member")
        ]

    def __str__(self):
        return f"{self.user} ({self.get_category_display()})"

    def get_category_display(self) -> str:
        """The juror's profile, in the programme's words."""
        return dict(self.Category.worded_choices()).get(self.category, self.category)


class Audition(models.Model):
    """One défi auditioned by a panel in a timed slot."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        INVITED = "invited", _("convocation envoyée")

    panel = models.ForeignKey("selection.Panel", on_delete=models.CASCADE, related_name="auditions")
    proposal = models.OneToOneField(
        "projects.Proposal", on_delete=models.CASCADE, related_name="audition"
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=45)
    # The length of each phase as scheduled (alignment, pitch, questions, deliberation):
    # changing the call's settings later does not rewrite an audition already placed.
    phase_minutes = models.JSONField(_("durée de chaque phase (minutes)"), default=dict)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    locked = models.BooleanField(_("verrouillée"), default=False)
    # Its own place, when not the panel's (see selection/venue.py).
    location = models.CharField(_("adresse et salle"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)
    # The version of the calendar event (RFC 5545 SEQUENCE): raised by each move.
    sequence = models.PositiveIntegerField(_("version de la convocation"), default=0)

    class Meta:
        verbose_name = _("audition d'un défi")
        verbose_name_plural = _("auditions des défis")
        ordering = ["starts_at", "panel"]

    def __str__(self):
        return f"{self.proposal} @ {format_moment(self.starts_at)}"

    @property
    def ends_at(self):
        """When the audition ends."""
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    @property
    def venue(self):
        """Where it takes place: its own place, else its panel's."""
        from cohorte.selection.venue import venue_of

        return venue_of(self, self.panel)


class PanelVerdict(models.Model):
    """A panel's word on one of its défis: favourable or not, its rank, why, favourite."""

    panel = models.ForeignKey("selection.Panel", on_delete=models.CASCADE, related_name="verdicts")
    proposal = models.OneToOneField(
        "projects.Proposal", on_delete=models.CASCADE, related_name="verdict"
    )
    favourable = models.BooleanField(_("avis favorable"))
    position = models.PositiveSmallIntegerField(_("rang dans le jury"))
    justification = models.TextField(_("justification"))
    favourite = models.BooleanField(_("coup de cœur"), default=False)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("avis d'un jury sur un défi")
        verbose_name_plural = _("avis des jurys sur les défis")
        ordering = ["panel", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["panel"],
                condition=models.Q(favourite=True),
                name="one_favourite_per_panel",
            ),
        ]

    def __str__(self):
        return f"{self.panel}: {self.proposal} #{self.position}"


class JuryInvitation(models.Model):
    """A juror invited by e-mail into a call's pool; joins it once signed in with that address."""

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="jury_invitations",
        verbose_name=_("appel"),
    )
    email = models.EmailField(_("adresse électronique"))
    first_name = models.CharField(_("prénom"), max_length=150)
    last_name = models.CharField(_("nom"), max_length=150)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("administration"),
    )
    category = models.CharField(_("profil"), max_length=20, choices=JuryPoolMember.Category.choices)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("invité par"),
    )
    created_at = models.DateTimeField(_("invité le"), default=timezone.now)
    accepted_at = models.DateTimeField(_("accepté le"), null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("accepté par"),
    )

    class Meta:
        verbose_name = _("invitation au jury des défis")
        verbose_name_plural = _("invitations au jury des défis")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "email"],
                condition=models.Q(accepted_at__isnull=True),
                name="unique_pending_jury_invitation",
            )
        ]

    def __str__(self):
        return f"{self.email} → {self.call}"

    def get_category_display(self) -> str:
        """The invited juror's profile, in the programme's words."""
        return dict(JuryPoolMember.Category.worded_choices()).get(self.category, self.category)
