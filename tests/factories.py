"""factory-boy factories for the core domain."""

import datetime

import factory
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Achievement, Challenge, Expertise, KeyFigure, Theme
from cohorte.content.models import Category, FaqEntry, Page, Post
from cohorte.organisations.models import Organisation
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort, Programme


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    name = "Entrepreneurs d'intérêt général"
    short_name = "EIG"
    slug = "eig"


class CohortFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Cohort

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(lambda o: f"Promotion {o.number}")
    slug = factory.LazyAttribute(lambda o: f"promotion-{o.number}")
    year = factory.LazyAttribute(lambda o: 2016 + o.number)
    status = Cohort.Status.FINISHED


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Direction numéro {n}")
    slug = factory.Sequence(lambda n: f"direction-{n}")
    kind = Organisation.Kind.CENTRAL
    town = "Paris"


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    name = factory.Sequence(lambda n: f"Thème {n}")
    slug = factory.Sequence(lambda n: f"theme-{n}")


class ExpertiseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Expertise

    name = factory.Sequence(lambda n: f"Expertise {n}")
    slug = factory.Sequence(lambda n: f"expertise-{n}")


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Défi {n}")
    slug = factory.Sequence(lambda n: f"defi-{n}")
    tagline = "Mieux servir les usagers grâce aux données"
    body = "## Le contexte\n\nUn défi **ambitieux**."
    host_organisation = factory.SubFactory(OrganisationFactory)
    town = "Paris"
    seats = 2
    status = Challenge.Status.FINISHED


class KeyFigureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = KeyFigure

    challenge = factory.SubFactory(ChallengeFactory)
    amount = 1200
    label = "usagers servis"


class AchievementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Achievement

    challenge = factory.SubFactory(ChallengeFactory)
    title = "Un outil en production"
    url = "https://example.org/outil"
    description = "Un service utilisé chaque jour."
    call_to_action = "Voir l'outil"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    full_name = factory.Sequence(lambda n: f"Camille Martin {n}")
    slug = factory.Sequence(lambda n: f"camille-martin-{n}")
    bio = "Développeuse passionnée."


class RoleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Role

    person = factory.SubFactory(PersonFactory)
    kind = Role.Kind.FELLOW
    challenge = factory.SubFactory(ChallengeFactory)
    cohort = factory.LazyAttribute(lambda o: o.challenge.cohort if o.challenge else None)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Catégorie {n}")
    slug = factory.Sequence(lambda n: f"categorie-{n}")


class PostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Post

    title = factory.Sequence(lambda n: f"Article {n}")
    slug = factory.Sequence(lambda n: f"article-{n}")
    author = "Équipe EIG"
    published_at = factory.Sequence(lambda n: timezone.now() - datetime.timedelta(days=n + 1))
    description = "Un résumé."
    body = "Le **contenu** de l'article."


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    title = factory.Sequence(lambda n: f"Page {n}")
    slug = factory.Sequence(lambda n: f"page-{n}")
    body = "Contenu."


class FaqEntryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FaqEntry

    audience = FaqEntry.Audience.CANDIDATES
    question = factory.Sequence(lambda n: f"Question {n} ?")
    answer = "Réponse."


class CallFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Call

    cohort = factory.SubFactory(CohortFactory)
    kind = Call.Kind.APPLICATIONS
    title = "Appel à candidatures"
    opens_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    closes_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
