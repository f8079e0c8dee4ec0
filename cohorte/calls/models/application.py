"""An application to a call: answers, ranked choices, files, versions, messages, notes."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte.search import Searchable, name_key


class Application(Searchable):
    """A candidate's application to a call for applications."""

    # The team finds an application by the candidate's name or by words of their answers.
    searched_fields = ("first_name", "last_name", "answers")

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("déposée")
        WITHDRAWN = "withdrawn", _("retirée")
        SHORTLISTED = "shortlisted", _("présélectionnée pour une audition")
        SELECTED = "selected", _("retenue")
        WAITING_LIST = "waiting_list", _("sur liste d'attente")
        NOT_SELECTED = "not_selected", _("non retenue")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("à vérifier")
        ELIGIBLE = "eligible", _("éligible")
        INELIGIBLE = "ineligible", _("non éligible")

    class Completeness(models.TextChoices):
        PENDING = "pending", _("à vérifier")
        COMPLETE = "complete", _("complète")
        INCOMPLETE = "incomplete", _("incomplète")

    class Gender(models.TextChoices):
        WOMAN = "woman", _("femme")
        MAN = "man", _("homme")
        OTHER = "other", _("autre")
        UNDISCLOSED = "undisclosed", _("ne souhaite pas répondre")

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="applications")
    round = models.ForeignKey(
        "calls.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("session"),
    )
    candidate = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="applications",
        verbose_name=_("candidat·e"),
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    eligibility = models.CharField(
        _("éligibilité"), max_length=20, choices=Eligibility.choices, default=Eligibility.PENDING
    )
    completeness = models.CharField(
        _("complétude"),
        max_length=20,
        choices=Completeness.choices,
        default=Completeness.PENDING,
    )
    first_name = models.CharField(_("prénom"), max_length=150, blank=True)
    last_name = models.CharField(_("nom"), max_length=150, blank=True)
    phone = models.CharField(_("téléphone"), max_length=40, blank=True)
    answers = models.JSONField(_("réponses"), default=dict, blank=True)
    statements = models.JSONField(_("déclarations acceptées"), default=list, blank=True)
    gender = models.CharField(
        _("genre (facultatif)"), max_length=20, choices=Gender.choices, blank=True
    )
    publication_consent = models.BooleanField(
        _("accepte d'apparaître sur le site public si retenu·e"), default=False
    )
    revision = models.PositiveIntegerField(
        _("révision"),
        default=0,
        help_text=_("Augmente à chaque enregistrement : deux onglets ne s'écrasent pas."),
    )
    version = models.PositiveIntegerField(_("nombre de dépôts"), default=0)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    first_submitted_at = models.DateTimeField(_("premier dépôt"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("dernier dépôt"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décision envoyée le"), null=True, blank=True)
    # Lists sort by name through this folded copy, written on every save: folding accents
    # in the database at sort time costs a scan of the whole call on every page.
    sort_name = models.TextField(_("clé de tri par nom"), blank=True, editable=False)

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-submitted_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["call", "candidate"], name="one_application_per_call")
        ]
        indexes = [models.Index(fields=["call", "sort_name", "id"], name="application_by_name")]

    def __str__(self):
        return f"{self.display_name} — {self.call}"

    def save(self, *args, **kwargs):
        self.sort_name = name_key(self.last_name, self.first_name)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"first_name", "last_name"} & set(update_fields):
            kwargs["update_fields"] = {*update_fields, "sort_name"}
        super().save(*args, **kwargs)

    @property
    def display_name(self) -> str:
        """The candidate's name as they gave it, or their e-mail address."""
        name = f"{self.first_name} {self.last_name}".strip()
        return name or self.candidate.email


class ApplicationChoice(models.Model):
    """One ranked choice of an application: a défi, a profile, or both."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rang"))
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="application_choices",
        verbose_name=_("défi"),
    )
    profile = models.ForeignKey(
        "challenges.Expertise",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="application_choices",
        verbose_name=_("profil"),
    )

    class Meta:
        verbose_name = _("choix")
        verbose_name_plural = _("choix")
        ordering = ["rank"]
        constraints = [
            models.UniqueConstraint(fields=["application", "rank"], name="unique_choice_rank"),
            models.CheckConstraint(
                condition=models.Q(challenge__isnull=False) | models.Q(profile__isnull=False),
                name="choice_names_something",
            ),
        ]

    def __str__(self):
        return " / ".join(str(x) for x in (self.challenge, self.profile) if x)


def stored_file_name(instance, filename: str) -> str:
    """A random name under the call's folder: nothing of the original name reaches storage."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"applications/{instance.application.call_id}/{uuid.uuid4().hex}{suffix}"


class ApplicationFile(models.Model):
    """A file attached to an application; replaced files are kept for the version history."""

    class Kind(models.TextChoices):
        CV = "cv", _("CV")
        PORTFOLIO = "portfolio", _("portfolio")
        ANSWER = "answer", _("réponse à une question")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    question = models.ForeignKey(
        "calls.Question", on_delete=models.CASCADE, null=True, blank=True, related_name="files"
    )
    file = models.FileField(_("fichier"), upload_to=stored_file_name, max_length=300)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, default="application/pdf")
    is_current = models.BooleanField(_("version en cours"), default=True)
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier")
        verbose_name_plural = _("fichiers")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.original_name


class ApplicationVersion(models.Model):
    """What an application held at one submission."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("déposée le"))
    data = models.JSONField(_("contenu"))

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["application", "number"], name="unique_version")
        ]

    def __str__(self):
        return f"v{self.number}"


class Message(models.Model):
    """A message between the team and the candidate, shown on both sides."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("message")
        INFO_REQUEST = "info_request", _("demande de complément")

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_team = models.BooleanField(_("envoyé par l'équipe"))
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, default=Kind.MESSAGE)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class Note(models.Model):
    """A private note of the team about an application, never shown to the candidate."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("note"))
    created_at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    class Meta:
        verbose_name = _("note interne")
        verbose_name_plural = _("notes internes")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
