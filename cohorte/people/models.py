"""People and the roles they hold in the programme, per cohort and défi."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from cohorte.search import Searchable

from .grammar import Form, role_title


class PersonQuerySet(models.QuerySet):
    def public(self):
        """People who agreed to appear on the public site."""
        return self.filter(is_public=True)


class Person(Searchable):
    """A fellow, mentor, team or jury member, coach or alumnus."""

    searched_fields = ("full_name", "job_title")

    full_name = models.CharField(_("nom complet"), max_length=200)
    slug = models.SlugField(_("identifiant"), unique=True, max_length=200)
    job_title = models.CharField(_("fonction"), max_length=200, blank=True)
    form = models.CharField(
        _("accord des titres"),
        max_length=20,
        choices=Form.choices,
        blank=True,
        help_text=_(
            "Comment écrire ses rôles sur le site. Non précisé : forme inclusive "
            "(mentor·e opérationnel·le)."
        ),
    )
    bio = models.TextField(_("biographie (Markdown)"), blank=True)
    photo = models.CharField(
        _("photo"), max_length=500, blank=True, help_text=_("Chemin dans les médias ou URL.")
    )
    expertises = models.ManyToManyField(
        "challenges.Expertise", blank=True, related_name="people", verbose_name=_("expertises")
    )
    github = models.CharField(_("GitHub"), max_length=200, blank=True)
    gitlab = models.CharField(_("GitLab"), max_length=200, blank=True)
    linkedin = models.URLField(_("LinkedIn"), max_length=500, blank=True)
    twitter = models.CharField(_("Twitter"), max_length=200, blank=True)
    mastodon = models.URLField(_("Mastodon"), max_length=500, blank=True)
    website = models.URLField(_("site web"), max_length=500, blank=True)
    is_public = models.BooleanField(
        _("visible sur le site public"),
        default=True,
        help_text=_("La personne a consenti à apparaître dans l'annuaire public."),
    )
    # Never shown on the public site: where the team reaches a mentor who has no account
    # yet, and what links the person to the account that later verifies this address.
    email = models.EmailField(
        _("adresse e-mail de contact"),
        blank=True,
        help_text=_("Non publique. Relie la personne au compte qui vérifie cette adresse."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("compte"),
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("personne")
        verbose_name_plural = _("personnes")
        ordering = ["full_name"]

    def __str__(self):
        return self.full_name

    def get_absolute_url(self):
        return reverse("public:person_detail", args=[self.slug])


class Role(models.Model):
    """A role a person holds, for a cohort and possibly a défi."""

    class Kind(models.TextChoices):
        FELLOW = "fellow", _("lauréat·e")
        OPERATIONAL_MENTOR = "operational_mentor", _("mentor·e opérationnel·le")
        SENIOR_MENTOR = "senior_mentor", _("mentor·e de haut niveau")
        TEAM = "team", _("équipe du programme")
        JURY = "jury", _("jury")
        COACH = "coach", _("coach")
        ALUMNI = "alumni", _("alumni")

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="roles")
    kind = models.CharField(_("rôle"), max_length=20, choices=Kind.choices)
    cohort = models.ForeignKey(
        "programmes.Cohort",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("promotion"),
    )
    challenge = models.ForeignKey(
        "challenges.Challenge",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("défi"),
    )
    profile = models.ForeignKey(
        "challenges.Expertise",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="roles",
        verbose_name=_("profil"),
        help_text=_("Pour un·e lauréat·e : le profil sous lequel il ou elle a été recruté·e."),
    )

    class Meta:
        verbose_name = _("rôle")
        verbose_name_plural = _("rôles")
        ordering = ["cohort__year", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["person", "kind", "cohort", "challenge"],
                name="unique_role",
            )
        ]

    def __str__(self):
        parts = [str(self.person), self.label]
        if self.challenge_id:
            parts.append(str(self.challenge))
        elif self.cohort_id:
            parts.append(str(self.cohort))
        return " · ".join(parts)

    @property
    def label(self) -> str:
        """The role's title agreeing with the person ("mentore opérationnelle")."""
        return role_title(self.kind, self.person.form) or self.get_kind_display()
