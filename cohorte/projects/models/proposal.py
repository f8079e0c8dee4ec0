"""An administration's proposal of a défi, its files, versions, messages and notes."""

import uuid
from pathlib import PurePosixPath

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte.search import Searchable


class ProjectCallSettings(models.Model):
    """Settings of a call for projects that a call for applications does not have."""

    call = models.OneToOneField(
        "calls.Call",
        on_delete=models.CASCADE,
        related_name="project_settings",
        verbose_name=_("appel"),
    )
    section_limits = models.JSONField(
        _("longueur maximale des rubriques (caractères)"),
        default=dict,
        blank=True,
        help_text=_(
            "Par identifiant de rubrique (problem, solution...) ; une rubrique absente garde "
            "la longueur par défaut."
        ),
    )
    pitch_max_pages = models.PositiveSmallIntegerField(
        _("pages du pitch au plus"), default=12, validators=[MinValueValidator(1)]
    )
    # The audition of a défi: alignment of the panel, pitch, questions, deliberation.
    alignment_minutes = models.PositiveSmallIntegerField(_("alignement du jury (min)"), default=5)
    pitch_minutes = models.PositiveSmallIntegerField(_("pitch (min)"), default=10)
    questions_minutes = models.PositiveSmallIntegerField(_("questions (min)"), default=20)
    deliberation_minutes = models.PositiveSmallIntegerField(_("délibération (min)"), default=10)

    class Meta:
        verbose_name = _("réglages de l'appel à projets")
        verbose_name_plural = _("réglages de l'appel à projets")

    def __str__(self):
        return str(self.call)

    @property
    def audition_minutes(self) -> int:
        """The length of one audition slot, all phases included."""
        return (
            self.alignment_minutes
            + self.pitch_minutes
            + self.questions_minutes
            + self.deliberation_minutes
        )


class Proposal(Searchable):
    """A défi proposed by an administration in a call for projects.

    The form's content lives in ``data`` (schema in ``cohorte.projects.form``): the
    administrative part, the detailed sheet, the rows of the project team, the ticked
    commitments. ``title`` is kept as a column because every list shows it.
    """

    searched_fields = ("title",)

    class Status(models.TextChoices):
        DRAFT = "draft", _("brouillon")
        SUBMITTED = "submitted", _("déposée")
        WITHDRAWN = "withdrawn", _("retirée")
        SHORTLISTED = "shortlisted", _("retenue pour le jury")
        SELECTED = "selected", _("lauréate")
        NOT_SELECTED = "not_selected", _("non retenue")

    class Eligibility(models.TextChoices):
        PENDING = "pending", _("à vérifier")
        ELIGIBLE = "eligible", _("éligible")
        INELIGIBLE = "ineligible", _("non éligible")

    class Completeness(models.TextChoices):
        PENDING = "pending", _("à vérifier")
        COMPLETE = "complete", _("complète")
        INCOMPLETE = "incomplete", _("incomplète")

    call = models.ForeignKey(
        "calls.Call", on_delete=models.CASCADE, related_name="proposals", verbose_name=_("appel")
    )
    round = models.ForeignKey(
        "calls.Round",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("session"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="proposals",
        verbose_name=_("administration"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("créée par"),
    )
    title = models.CharField(_("nom du défi"), max_length=200, blank=True)
    data = models.JSONField(_("contenu"), default=dict, blank=True)
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
    challenge = models.OneToOneField(
        "challenges.Challenge",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposal",
        verbose_name=_("défi créé"),
    )

    class Meta:
        verbose_name = _("proposition de défi")
        verbose_name_plural = _("propositions de défis")
        ordering = ["-submitted_at", "-id"]
        permissions = [("manage_proposals", "Instruire les propositions de défis")]

    def __str__(self):
        return self.title or _("Proposition sans titre")

    @property
    def display_name(self) -> str:
        """The défi's name, or a placeholder for an untitled draft."""
        return self.title or str(_("Proposition sans titre"))


def stored_proposal_file_name(instance, filename: str) -> str:
    """A random name under the call's folder: nothing of the original name reaches storage."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"proposals/{instance.proposal.call_id}/{uuid.uuid4().hex}{suffix}"


class ProposalFile(models.Model):
    """A file attached to a proposal; replaced files are kept for the version history."""

    class Kind(models.TextChoices):
        PITCH = "pitch", _("pitch (PDF)")
        SALARY_SIMULATION = "salary_simulation", _("simulation de salaire (PDF)")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="files")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    file = models.FileField(_("fichier"), upload_to=stored_proposal_file_name, max_length=300)
    original_name = models.CharField(_("nom d'origine"), max_length=255)
    size = models.PositiveBigIntegerField(_("taille (octets)"))
    pages = models.PositiveIntegerField(_("pages"), default=0)
    sha256 = models.CharField(max_length=64)
    content_type = models.CharField(max_length=100, default="application/pdf")
    is_current = models.BooleanField(_("version en cours"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("déposé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("fichier d'une proposition")
        verbose_name_plural = _("fichiers des propositions")
        ordering = ["kind", "-uploaded_at"]

    def __str__(self):
        return self.original_name


class ProposalVersion(models.Model):
    """What a proposal held at one submission."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    submitted_at = models.DateTimeField(_("déposée le"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    data = models.JSONField(_("contenu"))

    class Meta:
        verbose_name = _("version déposée")
        verbose_name_plural = _("versions déposées")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["proposal", "number"], name="unique_proposal_version")
        ]

    def __str__(self):
        return f"v{self.number}"


class ProposalMessage(models.Model):
    """The thread between the team and the administration: questions and answers."""

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    from_team = models.BooleanField(_("envoyé par l'équipe"))
    is_question = models.BooleanField(_("question appelant une réponse"), default=False)
    body = models.TextField(_("message"))
    created_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("réponse reçue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("message sur une proposition")
        verbose_name_plural = _("messages sur les propositions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]


class ProposalNote(models.Model):
    """A note never shown to the administration: private, a question for the jury, or a
    juror's comment before the jury."""

    class Kind(models.TextChoices):
        PRIVATE = "private", _("note interne de l'équipe")
        JURY_QUESTION = "jury_question", _("question pour le jury")
        JUROR_COMMENT = "juror_comment", _("commentaire d'un juré")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="notes")
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    body = models.TextField(_("texte"))
    created_at = models.DateTimeField(_("écrit le"), auto_now_add=True)

    class Meta:
        verbose_name = _("note sur une proposition")
        verbose_name_plural = _("notes sur les propositions")
        ordering = ["created_at", "id"]

    def __str__(self):
        return self.body[:60]
