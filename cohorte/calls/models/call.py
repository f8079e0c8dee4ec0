"""A call of a cohort, its rounds, its form (questions, statements) and its rules."""

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from cohorte.text import unique_slug

SLUG_LENGTH = 120


def new_structure_stamp() -> str:
    """A stamp no call has had yet (see ``calls.structure``)."""
    return uuid.uuid4().hex


class CallQuerySet(models.QuerySet):
    def open_at(self, moment):
        """Calls accepting submissions at this moment."""
        return self.filter(opens_at__lte=moment, closes_at__gt=moment)

    def upcoming_at(self, moment):
        """Calls that open after this moment."""
        return self.filter(opens_at__gt=moment)


class Call(models.Model):
    """A call for projects or for applications, with its window and its rules."""

    class Kind(models.TextChoices):
        PROJECTS = "projects", _("appel à projets")
        APPLICATIONS = "applications", _("appel à candidatures")

    class ChoiceKind(models.TextChoices):
        CHALLENGES = "challenges", _("des défis")
        PROFILES = "profiles", _("des profils")
        BOTH = "both", _("des défis et des profils")

    class ChoiceTiming(models.TextChoices):
        APPLICATION = "application", _("dans la candidature")
        VOTING = "voting", _("après la présélection, lors d'un vote")

    class ReviewVisibility(models.TextChoices):
        NEVER = "never", _("jamais")
        AFTER_OWN = "after_own", _("après avoir rendu son avis")
        ALWAYS = "always", _("toujours")

    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        related_name="calls",
        verbose_name=_("promotion"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("titre"), max_length=255)
    slug = models.SlugField(
        _("identifiant"),
        max_length=SLUG_LENGTH,
        unique=True,
        blank=True,
        help_text=_("Son adresse : /appels/<identifiant>/. Laissé vide, il est tiré du titre."),
    )
    description = models.TextField(_("présentation (Markdown)"), blank=True)
    opens_at = models.DateTimeField(_("ouverture"))
    closes_at = models.DateTimeField(
        _("clôture"),
        help_text=_("Instant exact de clôture ; l'heure de réception du serveur fait foi."),
    )
    rules = models.TextField(_("règlement (Markdown)"), blank=True)
    rules_url = models.URLField(_("règlement (document)"), blank=True, max_length=500)
    calendar = models.TextField(_("calendrier (Markdown)"), blank=True)
    challenges = models.ManyToManyField(
        "challenges.Challenge", blank=True, related_name="calls", verbose_name=_("défis ouverts")
    )
    profiles = models.ManyToManyField(
        "challenges.Expertise",
        blank=True,
        related_name="calls",
        verbose_name=_("profils recherchés"),
    )
    max_choices = models.PositiveSmallIntegerField(
        _("nombre de choix"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    choice_kind = models.CharField(
        _("les candidats choisissent"),
        max_length=20,
        choices=ChoiceKind.choices,
        default=ChoiceKind.CHALLENGES,
    )
    choice_timing = models.CharField(
        _("moment du choix"),
        max_length=20,
        choices=ChoiceTiming.choices,
        default=ChoiceTiming.APPLICATION,
    )
    voting_closes_at = models.DateTimeField(_("clôture du vote"), null=True, blank=True)
    cv_required = models.BooleanField(_("CV (PDF) obligatoire"), default=True)
    portfolio_enabled = models.BooleanField(_("portfolio accepté"), default=True)
    max_upload_mb = models.PositiveSmallIntegerField(
        _("taille maximale d'un fichier (Mo)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(50)],
    )
    grid = models.ForeignKey(
        "reviews.Grid",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("grille d'évaluation"),
    )
    review_visibility = models.CharField(
        _("les évaluateurs voient les autres avis"),
        max_length=20,
        choices=ReviewVisibility.choices,
        default=ReviewVisibility.AFTER_OWN,
    )
    announcement_at = models.DateTimeField(
        _("annonce publique des résultats"), null=True, blank=True
    )
    retention_months = models.PositiveSmallIntegerField(
        _("conservation des candidatures non retenues (mois après la décision)"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    reminder_sent_at = models.DateTimeField(
        _("relance envoyée le"),
        null=True,
        blank=True,
        help_text=_("Relance des brouillons 48 h avant la clôture, pour un appel sans session."),
    )
    # Changed by the database's triggers with the call, its cohort, rounds, questions or
    # statements: the copies a process keeps of them are valid while it stands.
    structure_stamp = models.CharField(max_length=32, default=new_structure_stamp, editable=False)

    objects = CallQuerySet.as_manager()

    class Meta:
        verbose_name = _("appel")
        verbose_name_plural = _("appels")
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="call_closes_after_opening",
            ),
            # Addresses, exports and e-mails name a call by its slug: none goes without one.
            models.CheckConstraint(condition=~models.Q(slug=""), name="call_has_a_slug"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        if self._fill_slug() and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "slug"}
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("calls:call_detail", args=[self.slug])

    def _fill_slug(self) -> bool:
        # A call left without a slug (a form, a copy, a script) takes one from its title.
        if self.slug:
            return False
        others = Call.objects.exclude(pk=self.pk) if self.pk else Call.objects.all()
        self.slug = unique_slug(others, self.title, max_length=SLUG_LENGTH)
        return True

    def clean(self):
        # Before the constraints are validated: a form may leave the slug empty.
        self._fill_slug()

    def is_open(self, moment=None) -> bool:
        """Whether the call accepts submissions at this moment (now by default)."""
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at

    def results_public(self, moment=None) -> bool:
        """Whether the results may be shown to the public."""
        moment = moment or timezone.now()
        return self.announcement_at is not None and self.announcement_at <= moment


class Round(models.Model):
    """A window of a call (a "sprint"): submissions, then interviews."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="rounds", verbose_name=_("appel")
    )
    name = models.CharField(_("nom"), max_length=120)
    opens_at = models.DateTimeField(_("ouverture des candidatures"))
    closes_at = models.DateTimeField(_("clôture des candidatures"))
    interviews_start = models.DateField(_("début des auditions"), null=True, blank=True)
    interviews_end = models.DateField(_("fin des auditions"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("relance envoyée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["opens_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(closes_at__gt=models.F("opens_at")),
                name="round_closes_after_opening",
            )
        ]

    def __str__(self):
        return f"{self.call} — {self.name}"

    def is_open(self, moment=None) -> bool:
        """Whether this round accepts submissions at this moment (now by default)."""
        moment = moment or timezone.now()
        return self.opens_at <= moment < self.closes_at


class Question(models.Model):
    """One question of a call's form."""

    class Kind(models.TextChoices):
        SHORT_TEXT = "short_text", _("texte court")
        LONG_TEXT = "long_text", _("texte long")
        SINGLE_CHOICE = "single_choice", _("choix unique")
        MULTIPLE_CHOICE = "multiple_choice", _("choix multiples")
        YES_NO = "yes_no", _("oui / non")
        FILE = "file", _("fichier (PDF)")
        URL = "url", _("adresse web")

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="questions", verbose_name=_("appel")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    label = models.CharField(_("question"), max_length=500)
    help_text = models.TextField(_("aide"), blank=True)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    required = models.BooleanField(_("obligatoire"), default=True)
    max_length = models.PositiveIntegerField(
        _("longueur maximale (caractères)"), null=True, blank=True
    )
    options = models.JSONField(
        _("options"), default=list, blank=True, help_text=_("Pour les questions à choix.")
    )

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label


class Statement(models.Model):
    """An eligibility statement the candidate ticks (not a serving civil servant...)."""

    call = models.ForeignKey(
        Call, on_delete=models.CASCADE, related_name="statements", verbose_name=_("appel")
    )
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    text = models.CharField(_("déclaration"), max_length=500)

    class Meta:
        verbose_name = _("déclaration sur l'honneur")
        verbose_name_plural = _("déclarations sur l'honneur")
        ordering = ["order", "id"]

    def __str__(self):
        return self.text
