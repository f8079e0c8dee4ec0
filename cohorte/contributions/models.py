"""Posts about a défi proposed by its fellows and mentors, reviewed then published by the team."""

import posixpath
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


def image_path(instance, filename: str) -> str:
    """Where an uploaded image is stored: a private folder, under a name nobody can guess."""
    extension = posixpath.splitext(filename)[1].lower()
    return f"contributions/{uuid.uuid4().hex}{extension}"


class Contribution(models.Model):
    """A post proposed by a fellow or mentor about their défi, until the team publishes it."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("proposée")
        CHANGES_REQUESTED = "changes_requested", _("modifications demandées")
        ACCEPTED = "accepted", _("acceptée")
        PUBLISHED = "published", _("publiée")
        DECLINED = "declined", _("refusée")

    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("défi"),
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contributions",
        verbose_name=_("auteur·rice"),
    )
    title = models.CharField(_("titre"), max_length=200)
    summary = models.TextField(_("résumé"), max_length=600)
    body = models.TextField(_("texte (Markdown)"), max_length=50000)
    # Private until published (cohorte.media.PRIVATE_FOLDERS): the download view checks who asks.
    image = models.FileField(_("image"), upload_to=image_path, blank=True)
    image_alt = models.CharField(_("texte alternatif de l'image"), max_length=300, blank=True)
    status = models.CharField(
        _("état"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    submitted_at = models.DateTimeField(_("proposée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidée le"), null=True, blank=True)
    post = models.ForeignKey(
        "content.Post",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="contributions",
        verbose_name=_("article publié"),
    )

    class Meta:
        verbose_name = _("publication proposée")
        verbose_name_plural = _("publications proposées")
        ordering = ["-updated_at", "-pk"]

    def __str__(self):
        return self.title

    @property
    def editable(self) -> bool:
        """The author may change it while a draft or when the team asked for changes."""
        return self.status in (self.Status.DRAFT, self.Status.CHANGES_REQUESTED)


class ContributionComment(models.Model):
    """A message of the review thread, from the team or from the author."""

    contribution = models.ForeignKey(
        Contribution, on_delete=models.CASCADE, related_name="comments"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="contribution_comments",
        verbose_name=_("auteur·rice"),
    )
    body = models.TextField(_("message"), max_length=5000)
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)
    is_team = models.BooleanField(_("de l'équipe"), default=False)

    class Meta:
        verbose_name = _("message sur une publication")
        verbose_name_plural = _("messages sur les publications")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.contribution} · {self.created_at:%Y-%m-%d %H:%M}"
