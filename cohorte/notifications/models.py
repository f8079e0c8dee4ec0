"""The outbox: every e-mail the platform sends, with its delivery status."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class OutboxMessage(models.Model):
    """One e-mail, queued then delivered by the task worker (retried on failure)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("en attente")
        SENDING = "sending", _("en cours d'envoi")
        SENT = "sent", _("envoyé")
        FAILED = "failed", _("échec")

    class Kind(models.TextChoices):
        NOTIFICATION = "notification", _("message du programme")
        AUTHENTICATION = "authentication", _("authentification (lien ou code personnel)")
        ALERT = "alert", _("alerte à l'équipe")
        NEWSLETTER = "newsletter", _("lettre d'information")

    kind = models.CharField(
        _("nature"), max_length=20, choices=Kind.choices, default=Kind.NOTIFICATION
    )
    to = models.JSONField(_("destinataires"), default=list)
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(
        _("texte"),
        help_text=_("Pour un e-mail d'authentification, le texte sans son lien ni son code."),
    )
    # The full text of an authentication e-mail, encrypted (see sealing.py); erased once
    # delivered. Never shown: whoever reads it could act as the recipient.
    sealed_body = models.TextField(blank=True, editable=False)
    # Extra e-mail headers (List-Unsubscribe…); those holding a secret are sealed instead.
    headers = models.JSONField(_("en-têtes"), default=dict, blank=True)
    attachments = models.JSONField(
        _("pièces jointes"),
        default=list,
        blank=True,
        help_text=_("Liste de {filename, content_type, content (base64)}."),
    )
    status = models.CharField(
        _("statut"), max_length=10, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    # When a worker took the message to send it: past OUTBOX_CLAIM_SECONDS, that worker is
    # presumed dead and the message is delivered again (see jobs.recover_stranded_messages).
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message sortant")
        verbose_name_plural = _("boîte d'envoi")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return self.subject

    @property
    def message_id(self) -> str:
        """The e-mail's Message-ID, the same at every attempt: a repeated delivery can be
        recognised (and merged) by whoever receives it."""
        domain = settings.DEFAULT_FROM_EMAIL.rpartition("@")[2].strip(" >") or "cohorte.local"
        return f"<outbox-{self.pk}.{self.created_at:%Y%m%d%H%M%S}@{domain}>"


class EmailTemplate(models.Model):
    """An editable e-mail, with {placeholders} filled from a fixed, safe list."""

    key = models.CharField(_("modèle"), max_length=60)
    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="email_templates",
        help_text=_("Vide : le modèle par défaut de tous les appels."),
    )
    subject = models.CharField(_("objet"), max_length=300)
    body = models.TextField(_("texte"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("modèle d'e-mail")
        verbose_name_plural = _("modèles d'e-mails")
        ordering = ["key"]
        constraints = [
            models.UniqueConstraint(fields=["key", "call"], name="unique_template_per_call"),
            # NULL calls are distinct to the constraint above: one general template per key.
            models.UniqueConstraint(
                fields=["key"],
                condition=models.Q(call__isnull=True),
                name="one_general_template_per_key",
            ),
        ]

    def __str__(self):
        return self.key
