"""Juries and interviews of a call, the jury's rankings, and the decisions."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte.public.formats import format_moment
from cohorte.reviews.models import one_subject

from .venue import venue_of


class Panel(models.Model):
    """A jury panel: jury members plus the mentors of its défis, led by a referee."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="panels")
    name = models.CharField(_("nom"), max_length=200)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="panels", verbose_name=_("membres")
    )
    referee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="refereed_panels",
        verbose_name=_("référent"),
    )
    challenges = models.ManyToManyField(
        "challenges.Challenge", blank=True, related_name="panels", verbose_name=_("défis")
    )
    # A panel of the défi jury (call for projects) auditions proposals, not candidates.
    proposals = models.ManyToManyField(
        "projects.Proposal",
        blank=True,
        related_name="panels",
        verbose_name=_("propositions auditionnées"),
    )
    # Where its interviews take place unless an interview says otherwise (see venue.py).
    location = models.CharField(_("adresse et salle"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("jury")
        verbose_name_plural = _("jurys")
        ordering = ["call", "name"]

    def __str__(self):
        return self.name

    @property
    def venue(self):
        """Where the panel meets (see venue.py)."""
        return venue_of(self, None)


class InterviewSlot(models.Model):
    """One interview: a candidate before a panel at a time."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("prévue")
        INVITED = "invited", _("invitation envoyée")
        CONFIRMED = "confirmed", _("confirmée")
        MOVE_REQUESTED = "move_requested", _("changement demandé")
        CANCELLED = "cancelled", _("annulée")

    class Held(models.TextChoices):
        """What an interview has become once its time came (computed, never stored)."""

        ONGOING = "ongoing", _("en cours")
        HELD = "held", _("tenue")
        MISSED = "missed", _("passée, ni confirmée ni notée")

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="slots")
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="interviews"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="interviews",
        verbose_name=_("défi"),
    )
    starts_at = models.DateTimeField(_("début"))
    duration_minutes = models.PositiveSmallIntegerField(_("durée (minutes)"), default=30)
    location = models.CharField(_("salle"), max_length=300, blank=True)
    video_link = models.URLField(_("lien de visioconférence"), blank=True, max_length=500)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    candidate_message = models.TextField(_("message du candidat"), blank=True)
    locked = models.BooleanField(_("verrouillé"), default=False)
    # The version of the calendar event (RFC 5545 SEQUENCE): raised by each move and cancel.
    sequence = models.PositiveIntegerField(_("version de l'invitation"), default=0)

    class Meta:
        verbose_name = _("audition")
        verbose_name_plural = _("auditions")
        ordering = ["starts_at", "panel"]

    def __str__(self):
        return f"{self.application_id} @ {format_moment(self.starts_at)}"

    @property
    def ends_at(self):
        """When the interview ends."""
        return self.starts_at + datetime.timedelta(minutes=self.duration_minutes)

    def graded(self) -> bool:
        """Whether the jury filled a grid of this interview (its candidate, its défi)."""
        reviews = getattr(self.application, "interview_reviews", None)  # the lists prefetch it
        if reviews is not None:
            return any(r.challenge_id == self.challenge_id for r in reviews)
        return self.application.reviews.filter(
            stage="interview", challenge_id=self.challenge_id
        ).exists()

    def shown_status(self, now=None) -> str:
        """The status people read: the stored one until the interview starts, then "en
        cours"; once it ended, "tenue" when the candidate confirmed it or the jury filled a
        grid, else "passée, ni confirmée ni notée". A cancelled one stays cancelled."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED or now < self.starts_at:
            return self.status
        if now < self.ends_at:
            return self.Held.ONGOING
        if self.status == self.Status.CONFIRMED or self.graded():
            return self.Held.HELD
        return self.Held.MISSED

    def get_shown_status_display(self) -> str:
        """The label of ``shown_status`` now."""
        code = self.shown_status()
        return str(dict(self.Status.choices + self.Held.choices)[code])

    @property
    def started(self) -> bool:
        """Whether its time has come: nothing is left to confirm or move."""
        return self.starts_at <= timezone.now()

    @property
    def venue(self):
        """Where it takes place: its own place, else its panel's (see venue.py)."""
        return venue_of(self, self.panel)


class RankingEntry(models.Model):
    """A candidate's place in the jury's list for a défi (and profile)."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="rankings")
    # One list per défi, per profile, or per défi and profile: either may be empty, not both.
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ranking_entries",
        verbose_name=_("défi"),
    )
    profile = models.ForeignKey(
        "challenges.Expertise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="ranking_entries",
        verbose_name=_("profil"),
    )
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="ranking_entries"
    )
    position = models.PositiveSmallIntegerField(
        _("rang"), help_text=_("Des rangs égaux sont des ex aequo.")
    )
    waiting_list = models.BooleanField(_("liste d'attente"), default=False)
    offered = models.BooleanField(
        _("proposé par le jury"),
        default=False,
        help_text=_("Le candidat n'avait pas choisi ce défi : le jury le lui propose."),
    )
    accepted = models.BooleanField(_("accepté par le candidat"), null=True, blank=True)

    class Meta:
        verbose_name = _("classement")
        verbose_name_plural = _("classements")
        ordering = ["challenge", "profile", "waiting_list", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "profile", "application"], name="unique_ranking_entry"
            ),
            models.CheckConstraint(
                condition=models.Q(challenge__isnull=False) | models.Q(profile__isnull=False),
                name="ranking_names_a_list",
            ),
        ]

    def __str__(self):
        return f"{self.challenge or self.profile} #{self.position}"


class Decision(models.Model):
    """The outcome of an application or a proposal: staged, validated by the director, then
    sent."""

    class Outcome(models.TextChoices):
        SELECTED = "selected", _("retenu·e")
        WAITING_LIST = "waiting_list", _("liste d'attente")
        NOT_SELECTED = "not_selected", _("non retenu·e")

    class Status(models.TextChoices):
        STAGED = "staged", _("préparée")
        VALIDATED = "validated", _("validée")
        SENT = "sent", _("envoyée")
        RETURNED = "returned", _("renvoyée à l'équipe")

    application = models.OneToOneField(
        "calls.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision",
    )
    proposal = models.OneToOneField(
        "projects.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="decision",
    )
    outcome = models.CharField(_("décision"), max_length=20, choices=Outcome.choices)
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("défi"),
    )
    profile = models.ForeignKey(
        "challenges.Expertise",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("profil"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.STAGED
    )
    staged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    validated_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    # The director's comment when sending a decision back to the team (status "returned"),
    # kept until the team stages it again.
    returned_comment = models.TextField(_("commentaire de la direction"), blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        constraints = [
            # A selected proposal gets its défi when the decision is sent.
            models.CheckConstraint(
                condition=~models.Q(outcome="selected")
                | models.Q(challenge__isnull=False)
                | models.Q(proposal__isnull=False),
                name="selected_has_challenge",
            ),
            one_subject("decision"),
        ]

    def __str__(self):
        return f"{self.application_id or self.proposal_id}: {self.outcome}"


class Seat(models.Model):
    """How many fellows of one profile a défi recruits (e.g. 1 developer, 1 designer)."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="seat_allocations"
    )
    profile = models.ForeignKey(
        "challenges.Expertise", on_delete=models.CASCADE, related_name="seat_allocations"
    )
    count = models.PositiveSmallIntegerField(_("places"), default=1)

    class Meta:
        verbose_name = _("places par profil")
        verbose_name_plural = _("places par profil")
        ordering = ["challenge", "profile"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "profile"], name="unique_seat_profile")
        ]

    def __str__(self):
        return f"{self.challenge} — {self.profile} × {self.count}"


class PairConstraint(models.Model):
    """The team's word on a (candidate, seat) pair before matching: must get it, or never."""

    class Kind(models.TextChoices):
        LOCK = "lock", _("imposé")
        FORBID = "forbid", _("interdit")

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="pair_constraints"
    )
    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, related_name="pair_constraints"
    )
    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="+"
    )
    profile = models.ForeignKey(
        "challenges.Expertise", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("contrainte d'appariement")
        verbose_name_plural = _("contraintes d'appariement")
        ordering = ["call", "application", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "challenge", "profile"], name="one_constraint_per_pair"
            ),
            # NULL profiles are distinct to the constraint above.
            models.UniqueConstraint(
                fields=["application", "challenge"],
                condition=models.Q(profile__isnull=True),
                name="one_constraint_per_pair_without_profile",
            ),
        ]

    def __str__(self):
        return f"{self.application_id} {self.kind} {self.challenge_id}/{self.profile_id}"


class SolverRun(models.Model):
    """One run of the selection engine (matching or scheduling): what went in, what came out."""

    class Kind(models.TextChoices):
        MATCHING = "matching", _("appariement")
        SCHEDULING = "scheduling", _("planification des auditions")
        JURY = "jury", _("composition du jury des défis")

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="solver_runs")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    parameters = models.JSONField(_("paramètres"), default=dict)
    instance = models.JSONField(_("données d'entrée"), default=dict)
    solution = models.JSONField(_("résultat"), default=dict)
    status = models.CharField(_("statut du solveur"), max_length=20, blank=True)
    applied_at = models.DateTimeField(_("appliqué le"), null=True, blank=True)

    class Meta:
        verbose_name = _("calcul")
        verbose_name_plural = _("calculs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.get_kind_display()} {format_moment(self.created_at)}"


class MatchingPlacement(models.Model):
    """One candidate of a matching run: the place they got (if any) and why, a row of the
    run's result that the page filters, sorts and pages through in the database."""

    class Status(models.TextChoices):
        MATCHED = "matched", _("placé·e")
        LOCKED = "locked", _("place imposée")
        UNMATCHED = "unmatched", _("sans place")

    run = models.ForeignKey(SolverRun, on_delete=models.CASCADE, related_name="placements")
    # The core's candidate id; the application may be deleted since the run.
    candidate = models.CharField(_("candidat du calcul"), max_length=20)
    application = models.ForeignKey(
        "calls.Application", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(_("statut"), max_length=20, choices=Status.choices)
    # The place obtained; no database constraint, as in the run's JSON: a défi or a profile
    # deleted since is shown as such.
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    profile = models.ForeignKey(
        "challenges.Expertise",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
    )
    # The rank of the candidate's own choice obtained (None: a jury offer or no place).
    obtained = models.PositiveSmallIntegerField(_("choix obtenu"), null=True)
    offer = models.BooleanField(_("offre du jury"), default=False)
    # The candidate's longest choice rank, for the distribution of the ranks obtained.
    longest_choice = models.PositiveSmallIntegerField(default=0)
    explanation = models.JSONField(_("explication"), default=dict)
    # The candidate's preference list: défi, profile, source and choice rank of each entry.
    preferences = models.JSONField(default=list)
    choice_ranks = models.JSONField(default=list)

    class Meta:
        verbose_name = _("place d'un calcul d'appariement")
        verbose_name_plural = _("places d'un calcul d'appariement")
        indexes = [models.Index(fields=["run", "status"])]

    def __str__(self):
        return f"{self.run_id} {self.candidate} {self.status}"


class Unavailability(models.Model):
    """A time when a jury member, a mentor or a candidate cannot attend interviews."""

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="unavailabilities"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unavailabilities",
        help_text=_("Un membre du jury ou un mentor."),
    )
    application = models.ForeignKey(
        "calls.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="unavailabilities",
        help_text=_("Un·e candidat·e."),
    )
    starts_at = models.DateTimeField(_("début"))
    ends_at = models.DateTimeField(_("fin"))
    reason = models.CharField(_("motif"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("indisponibilité")
        verbose_name_plural = _("indisponibilités")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="unavailability_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(user__isnull=False, application__isnull=True)
                    | models.Q(user__isnull=True, application__isnull=False)
                ),
                name="unavailability_of_one_person",
            ),
        ]

    def __str__(self):
        return f"{self.user_id or self.application_id}: {format_moment(self.starts_at)}"
