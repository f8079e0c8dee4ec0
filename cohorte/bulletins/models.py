"""Weekly bulletins of the défi teams, the team's comments on them, and who gets the digest.

One bulletin per défi and week (the week is its Monday); it stays a draft until its team
publishes it. It is read by its défi's fellows and mentors and by the people who run the
cohort; ``shared`` opens it to the whole cohort.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Bulletin(models.Model):
    """A défi team's bulletin of one week."""

    class Mood(models.TextChoices):
        GREAT = "great", _("très bien")
        GOOD = "good", _("bien")
        MIXED = "mixed", _("mitigé")
        HARD = "hard", _("difficile")

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        related_name="bulletins",
        verbose_name=_("défi"),
    )
    week = models.DateField(_("semaine du"))
    done = models.TextField(_("ce que nous avons fait"), blank=True)
    next = models.TextField(_("ce qui vient"), blank=True)
    help_needed = models.TextField(_("où nous avons besoin d'aide"), blank=True)
    mood = models.CharField(_("humeur"), max_length=10, choices=Mood.choices, blank=True)
    shared = models.BooleanField(_("partagé avec toute la promotion"), default=False)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("bulletin")
        verbose_name_plural = _("bulletins")
        ordering = ["-week", "challenge__title"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "week"], name="one_bulletin_a_week"),
        ]
        indexes = [models.Index(fields=["week", "published_at"], name="bulletin_week_published")]

    def __str__(self):
        return f"{self.challenge} — {self.week}"


class Comment(models.Model):
    """The team's comment on a bulletin, or its answer to the "help needed" part."""

    bulletin = models.ForeignKey(Bulletin, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("commentaire"))
    answers_help = models.BooleanField(_("répond à la demande d'aide"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("commentaire")
        verbose_name_plural = _("commentaires")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.text[:60]


class DigestSubscription(models.Model):
    """Someone's choice about a cohort's Friday digest: who reads its bulletins gets it
    unless they left it (``receives`` false)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="digest_subscriptions"
    )
    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="digest_subscriptions"
    )
    receives = models.BooleanField(_("reçoit le récapitulatif"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("abonnement au récapitulatif")
        verbose_name_plural = _("abonnements au récapitulatif")
        constraints = [
            models.UniqueConstraint(fields=["user", "cohort"], name="unique_digest_subscription"),
        ]

    def __str__(self):
        return f"{self.user} — {self.cohort}"


class DigestSent(models.Model):
    """A Friday digest queued for someone: never twice the same week, even after a crash."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    week = models.DateField(_("semaine du"))
    bulletins = models.PositiveIntegerField(_("bulletins envoyés"), default=0)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("récapitulatif envoyé")
        verbose_name_plural = _("récapitulatifs envoyés")
        constraints = [
            models.UniqueConstraint(fields=["user", "week"], name="one_digest_a_week"),
        ]

    def __str__(self):
        return f"{self.user} — {self.week}"


class ReminderSent(models.Model):
    """The Thursday reminder sent to a défi's fellows: once a week at most."""

    challenge = models.ForeignKey(
        "challenges.Challenge", on_delete=models.CASCADE, related_name="+"
    )
    week = models.DateField(_("semaine du"))
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("relance de bulletin")
        verbose_name_plural = _("relances de bulletin")
        constraints = [
            models.UniqueConstraint(fields=["challenge", "week"], name="one_reminder_a_week"),
        ]

    def __str__(self):
        return f"{self.challenge} — {self.week}"
