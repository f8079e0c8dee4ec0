"""Scoring grids, reviews on them, and declared conflicts of interest."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class Grid(models.Model):
    """A scoring grid: ordered criteria, each scored on a scale."""

    name = models.CharField(_("nom"), max_length=200)

    class Meta:
        verbose_name = _("grille d'évaluation")
        verbose_name_plural = _("grilles d'évaluation")
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def max_total(self) -> int:
        """The best possible total."""
        return sum(c.scale_max for c in self.criteria.all())


class Criterion(models.Model):
    """One criterion of a grid (e.g. "Motivation", scored 1 to 4)."""

    grid = models.ForeignKey(
        Grid, on_delete=models.CASCADE, related_name="criteria", verbose_name=_("grille")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("critère"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    scale_min = models.PositiveSmallIntegerField(_("note minimale"), default=1)
    scale_max = models.PositiveSmallIntegerField(_("note maximale"), default=4)
    # At interviews, a candidate has one grid per défi: a criterion about the défi is scored
    # on each; the others are entered once and carried over to the candidate's other grids.
    per_challenge = models.BooleanField(
        _("noté pour chaque défi"),
        default=False,
        help_text=_(
            "En audition, ce critère est noté séparément pour chaque défi de la personne "
            "(par exemple l'adéquation avec le défi) ; les autres critères sont saisis une fois "
            "et reportés sur ses grilles des autres défis."
        ),
    )

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label

    def clean(self):
        if self.scale_max <= self.scale_min:
            raise ValidationError(_("La note maximale doit dépasser la note minimale."))


def one_subject(prefix: str) -> models.CheckConstraint:
    """Exactly one of application and proposal: a review, conflict or decision is on one."""
    return models.CheckConstraint(
        condition=(
            models.Q(application__isnull=False, proposal__isnull=True)
            | models.Q(application__isnull=True, proposal__isnull=False)
        ),
        name=f"{prefix}_on_one_subject",
    )


class Review(models.Model):
    """One reviewer's scores, comment and recommendation on an application or a proposal."""

    class Stage(models.TextChoices):
        PRESELECTION = "preselection", _("présélection")
        INTERVIEW = "interview", _("audition")

    class Recommendation(models.TextChoices):
        YES = "yes", _("favorable")
        MAYBE = "maybe", _("réservé")
        NO = "no", _("défavorable")

    application = models.ForeignKey(
        "calls.Application", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    proposal = models.ForeignKey(
        "projects.Proposal", on_delete=models.CASCADE, null=True, blank=True, related_name="reviews"
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reviews"
    )
    # The call of the application or proposal, written on save: who reviewed in a call is
    # then read from one index, whatever the number of its reviews.
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        db_index=False,
    )
    stage = models.CharField(_("étape"), max_length=20, choices=Stage.choices)
    panel = models.ForeignKey(
        "selection.Panel",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="reviews",
        help_text=_("Pour une grille collective remplie par le référent du jury."),
    )
    # An interview grid is about one défi: a candidate interviewed for three has three.
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="interview_grids",
        verbose_name=_("défi"),
    )
    scores = models.JSONField(_("notes"), default=dict)
    total = models.PositiveSmallIntegerField(_("total"), default=0)
    comment = models.TextField(_("commentaire"), blank=True)
    recommendation = models.CharField(
        _("avis"), max_length=10, choices=Recommendation.choices, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "reviewer", "stage"],
                condition=models.Q(challenge__isnull=True),
                name="one_review_per_stage",
            ),
            models.UniqueConstraint(
                fields=["application", "reviewer", "stage", "challenge"],
                condition=models.Q(challenge__isnull=False),
                name="one_review_per_stage_and_challenge",
            ),
            models.UniqueConstraint(
                fields=["proposal", "reviewer", "stage"], name="one_proposal_review_per_stage"
            ),
            one_subject("review"),
        ]
        # Lists count and average each application's reviews of a stage, sort by them and
        # filter on them: read from this index alone, not from the rows and their grids.
        indexes = [
            models.Index(fields=["application", "stage", "total"], name="review_figures"),
            models.Index(fields=["call", "reviewer"], name="review_call_reviewer"),
        ]

    def __str__(self):
        return f"{self.reviewer} → {self.application_id or self.proposal_id} ({self.stage})"

    def save(self, *args, **kwargs):
        if self.call_id is None:
            subject = self.application if self.application_id else self.proposal
            self.call_id = subject.call_id if subject is not None else None
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "call"}
        super().save(*args, **kwargs)


class Conflict(models.Model):
    """A conflict of interest: this reviewer neither sees nor scores this application
    (or proposal)."""

    application = models.ForeignKey(
        "calls.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
    )
    proposal = models.ForeignKey(
        "projects.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="conflicts",
    )
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    reason = models.CharField(_("motif"), max_length=300, blank=True)
    declared_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d'intérêts")
        verbose_name_plural = _("conflits d'intérêts")
        constraints = [
            models.UniqueConstraint(fields=["application", "reviewer"], name="unique_conflict"),
            models.UniqueConstraint(
                fields=["proposal", "reviewer"], name="unique_proposal_conflict"
            ),
            one_subject("conflict"),
        ]

    def __str__(self):
        return f"{self.reviewer} ⟂ {self.application_id or self.proposal_id}"


# Of the usual criteria, those scored for each défi at interviews (see Criterion.per_challenge).
PER_CHALLENGE_CRITERIA = {"Adéquation avec le ou les défis choisis"}
