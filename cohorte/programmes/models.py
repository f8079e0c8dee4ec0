"""The programme and its cohorts (promotions), each with its own rules and dates."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Programme(models.Model):
    """A fellowship programme (EIG, DIG...)."""

    name = models.CharField(_("nom"), max_length=200)
    short_name = models.CharField(_("nom court"), max_length=40)
    slug = models.SlugField(_("identifiant"), unique=True)
    description = models.TextField(_("description (Markdown)"), blank=True)
    website = models.URLField(_("site web"), blank=True)
    # What the site says of itself: the header's "bloc marque", the footer, the e-mails.
    brand = models.TextField(
        _("bloc marque"),
        max_length=120,
        default="République\nFrançaise",
        help_text=_(
            "L'intitulé officiel sous la Marianne, une ligne par ligne affichée "
            "(par exemple « République », « Française » ou « Ministère », « de la Culture »)."
        ),
    )
    tagline = models.CharField(_("devise du service"), max_length=200, blank=True)
    operator = models.CharField(
        _("ministère ou opérateur qui le porte"),
        max_length=200,
        blank=True,
        help_text=_(
            "Tel qu'il se lit après « un programme porté par » : « la direction "
            "interministérielle du numérique (DINUM) », « le ministère de la Culture »."
        ),
    )
    fellow_singular = models.CharField(
        _("nom d'un·e lauréat·e"),
        max_length=80,
        blank=True,
        help_text=_("Au singulier, en écriture inclusive si besoin : « talent », « lauréat·e »."),
    )
    fellow_plural = models.CharField(
        _("nom des lauréat·es"), max_length=80, blank=True, help_text=_("Au pluriel.")
    )
    contact_email = models.EmailField(_("adresse de contact"), blank=True)
    network_name = models.CharField(
        _("nom du réseau des ancien·nes"),
        max_length=80,
        blank=True,
        help_text=_(
            "Les lauréat·es des promotions passées qui animent la promotion en cours. "
            "Vide : « le réseau des ancien·nes »."
        ),
    )
    # The mentors' titles, which agree with each person (see cohorte.people.grammar); empty:
    # « mentor·e opérationnel·le », « mentor·e de haut niveau » and their forms.
    operational_mentor_feminine = models.CharField(
        _("titre d'une mentore opérationnelle"), max_length=80, blank=True
    )
    operational_mentor_masculine = models.CharField(
        _("titre d'un mentor opérationnel"), max_length=80, blank=True
    )
    operational_mentor_neutral = models.CharField(
        _("titre d'un·e mentor·e opérationnel·le, forme inclusive"), max_length=80, blank=True
    )
    senior_mentor_feminine = models.CharField(
        _("titre d'une mentore de haut niveau"), max_length=80, blank=True
    )
    senior_mentor_masculine = models.CharField(
        _("titre d'un mentor de haut niveau"), max_length=80, blank=True
    )
    senior_mentor_neutral = models.CharField(
        _("titre d'un·e mentor·e de haut niveau, forme inclusive"), max_length=80, blank=True
    )
    # The operator as the legal notice and the job offers' structured data name it.
    operator_legal_name = models.CharField(
        _("raison sociale de l'opérateur"),
        max_length=200,
        blank=True,
        help_text=_("« Direction interministérielle du numérique (DINUM) »."),
    )
    operator_url = models.URLField(_("site de l'opérateur"), blank=True)
    operator_address = models.TextField(
        _("adresse postale de l'opérateur"),
        max_length=300,
        blank=True,
        help_text=_("Une ligne par ligne d'adresse, la dernière avec le code postal et la ville."),
    )
    # What a new call starts from (each call then has its own, edited in its configuration).
    default_statements = models.JSONField(
        _("déclarations sur l'honneur d'un nouvel appel à candidatures"),
        default=list,
        blank=True,
    )
    default_criteria = models.JSONField(
        _("critères d'une nouvelle grille d'appel à candidatures"), default=list, blank=True
    )
    default_project_criteria = models.JSONField(
        _("critères d'une nouvelle grille d'appel à projets"), default=list, blank=True
    )
    setup_completed_at = models.DateTimeField(
        _("installation terminée le"), null=True, blank=True, editable=False
    )

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self):
        return self.short_name or self.name


class Cohort(models.Model):
    """A promotion of the programme: its défis, fellows and calendar."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("en préparation")
        CALL_FOR_PROJECTS = "call_for_projects", _("appel à projets")
        RECRUITING = "recruiting", _("appel à candidatures")
        RUNNING = "running", _("en cours")
        FINISHED = "finished", _("terminée")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="cohorts", verbose_name=_("programme")
    )
    number = models.PositiveSmallIntegerField(_("numéro"), null=True, blank=True)
    name = models.CharField(_("nom"), max_length=120)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=120)
    year = models.PositiveSmallIntegerField(_("année"), null=True, blank=True)
    start_date = models.DateField(_("début"), null=True, blank=True)
    end_date = models.DateField(_("fin"), null=True, blank=True)
    status = models.CharField(
        _("statut"), max_length=20, choices=Status.choices, default=Status.PLANNED
    )
    description = models.TextField(_("description (Markdown)"), blank=True)
    aliases = models.JSONField(
        _("autres noms"),
        default=list,
        blank=True,
        help_text=_("Noms sous lesquels cette promotion apparaît ailleurs (« P4 », « 2020 »)."),
    )

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        # Explicit about NULLs: SQLite and PostgreSQL place them differently by default.
        ordering = [
            models.F("year").desc(nulls_last=True),
            models.F("number").desc(nulls_last=True),
            "name",
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("public:cohort_detail", args=[self.slug])
