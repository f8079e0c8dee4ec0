"""The diffusion of a call: its relays, its tracked links (channels), its share kit, the
"how did you hear of it" question and, for each application or proposal, how it arrived."""

import uuid
from pathlib import PurePosixPath
from urllib.parse import urlencode

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from cohorte.site_address import absolute_url

UTM_VALUE = RegexValidator(
    r"^[a-z0-9][a-z0-9._-]*$",
    _(
        "Utilisez seulement des lettres minuscules sans accent, des chiffres, des points, "
        "des tirets et des tirets bas, en commençant par une lettre ou un chiffre."
    ),
)
UTM_PARAMETERS = ("utm_source", "utm_medium", "utm_campaign")


class Relay(models.Model):
    """An organisation, school, community or mailing list that passes the call on."""

    class Kind(models.TextChoices):
        PARTNER = "partner", _("organisation partenaire")
        SCHOOL = "school", _("école")
        COMMUNITY = "community", _("communauté")
        MAILING_LIST = "mailing_list", _("liste de diffusion")
        OTHER = "other", _("autre")

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="relays")
    name = models.CharField(_("nom"), max_length=200)
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices)
    contact_name = models.CharField(_("nom du contact"), max_length=200, blank=True)
    contact_email = models.EmailField(_("e-mail du contact"), blank=True)
    sent_on = models.DateField(_("envoyé le"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("relais")
        verbose_name_plural = _("relais")
        ordering = ["name", "pk"]

    def __str__(self):
        return self.name


class Channel(models.Model):
    """A tracked link of a call: its UTM parameters name where a visitor came from."""

    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="channels")
    label = models.CharField(_("libellé"), max_length=200)
    slug = models.SlugField(_("identifiant"), max_length=100)
    utm_source = models.CharField("utm_source", max_length=100, validators=[UTM_VALUE])
    utm_medium = models.CharField("utm_medium", max_length=100, validators=[UTM_VALUE])
    utm_campaign = models.CharField(
        "utm_campaign",
        max_length=120,
        blank=True,
        validators=[UTM_VALUE],
        help_text=_("Laissé vide : l'identifiant de l'appel."),
    )
    relay = models.ForeignKey(
        Relay,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="channels",
        verbose_name=_("relais"),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("canal")
        verbose_name_plural = _("canaux")
        ordering = ["label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["call", "slug"], name="channel_slug_per_call"),
            # A visitor's parameters name one channel at most.
            models.UniqueConstraint(
                fields=["call", "utm_source", "utm_medium", "utm_campaign"],
                name="channel_parameters_per_call",
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        if not self.utm_campaign:
            self.utm_campaign = self.call.slug
        super().save(*args, **kwargs)

    def parameters(self) -> dict[str, str]:
        """The UTM parameters of the link, in their usual order."""
        return {name: getattr(self, name) for name in UTM_PARAMETERS}

    @property
    def tracked_link(self) -> str:
        """The call's public address with this channel's parameters."""
        return absolute_url(self.call.get_absolute_url()) + "?" + urlencode(self.parameters())


class ShareKit(models.Model):
    """What relays need to pass a call on: texts to copy and visuals, on a public page."""

    call = models.OneToOneField("calls.Call", on_delete=models.CASCADE, related_name="share_kit")
    short_text = models.TextField(
        _("texte court (Markdown)"),
        blank=True,
        help_text=_("Pour un message sur les réseaux sociaux."),
    )
    long_text = models.TextField(
        _("texte long (Markdown)"),
        blank=True,
        help_text=_("Pour une lettre d'information ou un courriel."),
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("kit de diffusion")
        verbose_name_plural = _("kits de diffusion")

    def __str__(self):
        return str(self.call)


def visual_file_name(instance, filename: str) -> str:
    """A random name under the call's folder: nothing of the original name reaches storage."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"campaigns/{instance.kit.call_id}/{uuid.uuid4().hex}{suffix}"


class ShareVisual(models.Model):
    """An image of the share kit, with the text that replaces it for screen readers."""

    kit = models.ForeignKey(ShareKit, on_delete=models.CASCADE, related_name="visuals")
    image = models.FileField(_("image"), upload_to=visual_file_name, max_length=300)
    alt_text = models.CharField(_("texte alternatif"), max_length=300)
    created_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("visuel")
        verbose_name_plural = _("visuels")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return self.alt_text


DEFAULT_QUESTION = _("Comment avez-vous connu cet appel ?")


class HeardFromQuestion(models.Model):
    """The "how did you hear of this call" question that candidates or administrations answer."""

    call = models.OneToOneField(
        "calls.Call", on_delete=models.CASCADE, related_name="heard_from_question"
    )
    label = models.CharField(_("question"), max_length=200, default=DEFAULT_QUESTION)
    required = models.BooleanField(_("réponse obligatoire"), default=False)

    class Meta:
        verbose_name = _("question « comment avez-vous connu l'appel »")
        verbose_name_plural = _("questions « comment avez-vous connu l'appel »")

    def __str__(self):
        return self.label


class HeardFromAnswer(models.Model):
    """One answer offered to the question; a removed answer given before is only hidden."""

    question = models.ForeignKey(
        HeardFromQuestion, on_delete=models.CASCADE, related_name="answers"
    )
    label = models.CharField(_("réponse"), max_length=200)
    order = models.PositiveSmallIntegerField(_("ordre"), default=0)
    active = models.BooleanField(_("proposée"), default=True)

    class Meta:
        verbose_name = _("réponse proposée")
        verbose_name_plural = _("réponses proposées")
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["question", "label"], name="heard_from_answer_once")
        ]

    def __str__(self):
        return self.label


class Arrival(models.Model):
    """How an application or a proposal came: the answer given and, with consent, the link."""

    application = models.OneToOneField(
        "calls.Application",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrival",
    )
    proposal = models.OneToOneField(
        "projects.Proposal",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="arrival",
    )
    call = models.ForeignKey("calls.Call", on_delete=models.CASCADE, related_name="arrivals")
    channel = models.ForeignKey(
        Channel,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arrivals",
        verbose_name=_("canal"),
    )
    answer = models.ForeignKey(
        HeardFromAnswer,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="arrivals",
        verbose_name=_("a connu l'appel par"),
    )
    consent = models.BooleanField(_("accepte que le lien d'arrivée soit conservé"), default=False)
    created_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("arrivée")
        verbose_name_plural = _("arrivées")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(application__isnull=False, proposal__isnull=True)
                    | models.Q(application__isnull=True, proposal__isnull=False)
                ),
                name="arrival_of_one_application_or_proposal",
            ),
            # The link is kept only with the candidate's consent.
            models.CheckConstraint(
                condition=models.Q(channel__isnull=True) | models.Q(consent=True),
                name="arrival_channel_needs_consent",
            ),
        ]

    def __str__(self):
        return f"{self.call} — {self.channel or '—'}"
