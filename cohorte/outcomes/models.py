"""The end of a défi's programme and what remains after it: deliverables, result, sustainment."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

FOLLOW_UP_MONTHS = (6, 12, 24)


class Closing(models.Model):
    """A cohort's end of programme: the final report's sections and the deliverables' due dates."""

    cohort = models.OneToOneField(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="closing"
    )
    report_sections = models.JSONField(
        _("sections du rapport final"),
        default=list,
        help_text=_("Les titres des sections que chaque défi remplit, dans l'ordre."),
    )
    report_due = models.DateField(_("rapport final attendu le"), null=True, blank=True)
    pitch_due = models.DateField(_("pitch du demo day attendu le"), null=True, blank=True)
    links_due = models.DateField(
        _("liens vers le code et les données attendus le"), null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("fin de programme")
        verbose_name_plural = _("fins de programme")

    def __str__(self):
        return str(self.cohort)


class Deliverables(models.Model):
    """A défi's final deliverables: the report by section, the demo day pitch, code and data links.

    The links themselves are the défi's ``ChallengeLink`` rows (kinds code and data), which the
    public site, the impact figures and the open data already read.
    """

    challenge = models.OneToOneField(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="deliverables"
    )
    report = models.JSONField(
        _("rapport final"), default=dict, blank=True, help_text=_("Texte par titre de section.")
    )
    report_submitted_at = models.DateTimeField(null=True, blank=True)
    pitch_url = models.URLField(_("pitch du demo day (lien)"), max_length=500, blank=True)
    pitch_text = models.TextField(_("pitch du demo day (texte)"), blank=True)
    pitch_submitted_at = models.DateTimeField(null=True, blank=True)
    links_submitted_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.JSONField(
        default=dict, blank=True, help_text=_("Date du dernier rappel envoyé, par livrable.")
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("livrables finaux")
        verbose_name_plural = _("livrables finaux")

    def __str__(self):
        return str(self.challenge)


class Result(models.Model):
    """The team's verdict on a défi at the end of the programme."""

    class Verdict(models.TextChoices):
        ACHIEVED = "achieved", _("objectifs atteints")
        PARTLY = "partly", _("objectifs atteints en partie")
        NOT_ACHIEVED = "not_achieved", _("objectifs non atteints")
        ABANDONED = "abandoned", _("défi abandonné")

    challenge = models.OneToOneField(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="result"
    )
    verdict = models.CharField(_("résultat"), max_length=20, choices=Verdict.choices)
    note = models.TextField(_("commentaire"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("résultat du défi")
        verbose_name_plural = _("résultats des défis")

    def __str__(self):
        return f"{self.challenge}: {self.get_verdict_display()}"


class Sustainment(models.Model):
    """One entry of a défi's state after the programme; the latest by ``since`` is the current one.

    Never edited in place: a change is a new row, so the history is the table itself.
    """

    class State(models.TextChoices):
        SUSTAINED = "sustained", _("pérennisé")
        INTERNALISED = "internalised", _("internalisé")
        PAUSED = "paused", _("en pause")
        STOPPED = "stopped", _("arrêté")

    class By(models.TextChoices):
        INTERNAL_TEAM = "internal_team", _("une équipe interne")
        NEW_CONTRACT = "new_contract", _("un nouveau contrat")
        OTHER_ADMINISTRATION = "other_administration", _("une autre administration")
        STARTUP = "startup", _("une Startup d'État")

    # The states that count as "still alive" in the impact figures.
    LIVING = (State.SUSTAINED, State.INTERNALISED)

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="sustainments"
    )
    state = models.CharField(_("état"), max_length=20, choices=State.choices)
    by = models.CharField(_("porté par"), max_length=30, choices=By.choices, blank=True)
    carried_by = models.CharField(
        _("structure qui le porte"),
        max_length=200,
        blank=True,
        help_text=_("L'administration, le prestataire ou la Startup d'État."),
    )
    since = models.DateField(_("depuis le"))
    product_url = models.URLField(_("adresse du produit"), max_length=500, blank=True)
    note = models.TextField(_("commentaire"), blank=True)
    follow_up = models.OneToOneField(
        "FollowUp", on_delete=models.SET_NULL, null=True, blank=True, related_name="answer"
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("état après le programme")
        verbose_name_plural = _("états après le programme")
        ordering = ["challenge_id", "-since", "-id"]
        indexes = [models.Index(fields=["challenge", "since"])]

    def __str__(self):
        return f"{self.challenge}: {self.get_state_display()} ({self.since})"


class FollowUp(models.Model):
    """A sustainment follow-up, 6, 12 or 24 months after the cohort's end, answered by a mentor."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="follow_ups"
    )
    months = models.PositiveSmallIntegerField(
        _("mois après la fin"), choices=[(m, m) for m in FOLLOW_UP_MONTHS]
    )
    due_on = models.DateField(_("à envoyer le"))
    # Only a hash of the personal link's secret is stored, so a database copy opens no form.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("suivi de pérennisation")
        verbose_name_plural = _("suivis de pérennisation")
        ordering = ["due_on", "challenge_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["challenge", "months"], name="one_follow_up_per_milestone"
            )
        ]

    def __str__(self):
        return f"{self.challenge}: {self.months} mois"
