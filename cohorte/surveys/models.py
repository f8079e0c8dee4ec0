"""Exit surveys: sent with a personal link, answered once, anonymous if they say so."""

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte import programme_words as words


class Survey(models.Model):
    """A questionnaire for one audience of a cohort."""

    class Audience(models.TextChoices):
        FELLOWS = "fellows", _("lauréat·es")
        MENTORS = "mentors", _("mentors")
        ADMINISTRATIONS = "administrations", _("administrations d'accueil")

        @classmethod
        def worded_choices(cls) -> list[tuple[str, str]]:
            """The choices in the programme's words: « talents », « mentors »…"""
            labels = {cls.FELLOWS: words.fellows()}
            return [(value, labels.get(value, label)) for value, label in cls.choices]

    cohort = models.ForeignKey(
        "programmes.Cohort", on_delete=models.CASCADE, related_name="surveys"
    )
    title = models.CharField(_("titre"), max_length=200)
    intro = models.TextField(_("introduction (Markdown)"), blank=True)
    audience = models.CharField(_("destinataires"), max_length=20, choices=Audience.choices)
    anonymous = models.BooleanField(
        _("réponses anonymes"),
        default=True,
        help_text=_("Personne, pas même l'équipe, ne peut relier une réponse à une personne."),
    )
    closes_at = models.DateTimeField(_("clôture le"))
    sent_at = models.DateTimeField(null=True, blank=True)
    # When the automatic reminder (three days before closing) went out, once per survey.
    auto_reminded_at = models.DateTimeField(null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-created_at"]

    def __str__(self):
        return self.title

    def get_audience_display(self) -> str:
        """Who receives the survey, in the programme's words."""
        return dict(self.Audience.worded_choices()).get(self.audience, self.audience)


class Question(models.Model):
    """One question of a survey, of a kind the team chooses."""

    class Kind(models.TextChoices):
        SCALE = "scale", _("note de 1 à 5")
        YES_NO = "yes_no", _("oui ou non")
        SINGLE = "single", _("un choix parmi plusieurs")
        MULTIPLE = "multiple", _("plusieurs choix")
        NUMBER = "number", _("nombre")
        TEXT = "text", _("texte libre")

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="questions")
    order = models.PositiveSmallIntegerField(default=0)
    kind = models.CharField(_("type"), max_length=10, choices=Kind.choices)
    label = models.CharField(_("question"), max_length=500)
    choices = models.JSONField(_("choix proposés"), default=list, blank=True)
    required = models.BooleanField(_("réponse obligatoire"), default=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["order", "id"]

    def __str__(self):
        return self.label


class Invitation(models.Model):
    """A person's personal link to a survey; says whether they answered, never what."""

    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="invitations")
    person = models.ForeignKey(
        "people.Person", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    email = models.EmailField()
    # A hash of the link's secret: a copy of the database opens no questionnaire.
    token_hash = models.CharField(max_length=64, unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        constraints = [
            models.UniqueConstraint(fields=["survey", "email"], name="one_invitation_per_address")
        ]

    def __str__(self):
        return f"{self.survey}: {self.email}"


class Response(models.Model):
    """One person's answers. For an anonymous survey: no invitation, no time, a random key.

    The random key means the table's order says nothing about who answered when.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    survey = models.ForeignKey(Survey, on_delete=models.CASCADE, related_name="responses")
    invitation = models.OneToOneField(
        Invitation, on_delete=models.SET_NULL, null=True, blank=True, related_name="response"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("réponse")
        verbose_name_plural = _("réponses")

    def __str__(self):
        return f"{self.survey}: {self.pk}"


class Answer(models.Model):
    """The answer to one question: a number (scale, yes/no as 1/0, number), text or choices."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="answers")
    number = models.DecimalField(max_digits=12, decimal_places=2, null=True, blank=True)
    text = models.TextField(blank=True)
    choices = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="one_answer_per_question")
        ]

    def __str__(self):
        return f"{self.question}: {self.pk}"
