"""The newsletter: its subscribers (double opt-in, topics) and its editions, sent through the
outbox one subscriber at a time."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Topics(models.Model):
    """The three topics a subscriber follows and an edition is about."""

    calls = models.BooleanField(_("les appels"), default=False)
    articles = models.BooleanField(_("les articles et actualités"), default=False)
    jobs = models.BooleanField(_("les offres d'emploi"), default=False)

    FIELDS = ("calls", "articles", "jobs")

    class Meta:
        abstract = True

    def topic_names(self) -> list[str]:
        return [name for name in self.FIELDS if getattr(self, name)]


class Subscriber(Topics):
    """An address that asked for the newsletter; it receives it once confirmed."""

    email = models.EmailField(_("adresse e-mail"), unique=True)
    created_at = models.DateTimeField(_("inscrit le"), auto_now_add=True)
    confirmed_at = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    confirmation_sent_at = models.DateTimeField(null=True, blank=True)
    # Set when the receiving server refused an edition for good: no edition goes there again.
    bounced_at = models.DateTimeField(_("refusé par le serveur le"), null=True, blank=True)

    class Meta:
        verbose_name = _("abonné·e")
        verbose_name_plural = _("abonné·es")
        ordering = ["pk"]
        indexes = [models.Index(fields=["confirmed_at", "created_at"])]

    def __str__(self):
        return f"abonné·e #{self.pk}"


class Edition(Topics):
    """One issue of the newsletter: composed, previewed, tested, then sent once."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SENDING = "sending", _("envoi en cours")
        SENT = "sent", _("envoyée")

    subject = models.CharField(_("objet"), max_length=200)
    intro = models.TextField(
        _("texte d'introduction"),
        blank=True,
        help_text=_("Texte libre en tête de la lettre, avant les appels et les articles."),
    )
    posts = models.ManyToManyField(
        "content.Post", blank=True, related_name="editions", verbose_name=_("articles")
    )
    include_calls = models.BooleanField(_("inclure les appels ouverts"), default=True)
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    test_sent_at = models.DateTimeField(_("test envoyé le"), null=True, blank=True)
    sending_started_at = models.DateTimeField(_("envoi commencé le"), null=True, blank=True)
    # When the last batch was queued: a sending whose batches stopped (a worker that died)
    # is picked up again by the periodic job after a while.
    last_batch_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyée le"), null=True, blank=True)
    # The text common to every subscriber, frozen when the sending starts.
    frozen_body = models.TextField(blank=True, editable=False)

    class Meta:
        verbose_name = _("lettre d'information")
        verbose_name_plural = _("lettres d'information")
        ordering = ["-created_at", "-pk"]

    def __str__(self):
        return self.subject


class Delivery(models.Model):
    """An edition queued for one subscriber: at most one per pair, whatever happens."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE, related_name="deliveries")
    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="+")
    message = models.ForeignKey(
        "notifications.OutboxMessage", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "subscriber"], name="one_delivery_per_subscriber"
            )
        ]

    def __str__(self):
        return f"{self.edition} → abonné·e #{self.subscriber_id}"
