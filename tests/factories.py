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


# --- Accounts and the call for applications -------------------------------------------

from django.contrib.auth import get_user_model  # noqa: E402

from cohorte.calls.models import Application, ApplicationChoice, Question, Round, Statement  # noqa: E402
from cohorte.reviews.models import Criterion, Grid  # noqa: E402
from cohorte.selection.models import InterviewSlot, Panel  # noqa: E402


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    password = factory.django.Password("motdepasse-solide-42")

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A verified primary e-mail address, as allauth requires to log in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            EmailAddress.objects.get_or_create(
                user=user, email=user.email, defaults={"verified": True, "primary": True}
            )


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Grid
        skip_postgeneration_save = True

    name = "Grille des candidatures"

    @factory.post_generation
    def criteria(grid, create, extracted, **kwargs):
        if create:
            from cohorte.reviews.models import DEFAULT_CRITERIA

            for order, (label, description) in enumerate(DEFAULT_CRITERIA):
                Criterion.objects.create(
                    grid=grid, order=order, label=label, description=description
                )


class ApplicationCallFactory(CallFactory):
    """A call for applications, open now, with a grid, a round and the default statements."""

    class Meta:
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Appel à candidatures {n}")
    slug = factory.Sequence(lambda n: f"appel-{n}")
    grid = factory.SubFactory(GridFactory)

    @factory.post_generation
    def form(call, create, extracted, **kwargs):
        if not create:
            return
        from cohorte.calls.models.call import DEFAULT_STATEMENTS

        Round.objects.create(
            call=call, name="Session 1", opens_at=call.opens_at, closes_at=call.closes_at
        )
        for order, text in enumerate(DEFAULT_STATEMENTS):
            Statement.objects.create(call=call, order=order, text=text)
        Question.objects.create(
            call=call,
            order=1,
            label="Votre expérience",
            kind=Question.Kind.LONG_TEXT,
            max_length=3000,
        )
        Question.objects.create(
            call=call,
            order=2,
            label="Votre motivation",
            kind=Question.Kind.LONG_TEXT,
            max_length=3000,
        )


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Application

    call = factory.SubFactory(ApplicationCallFactory)
    candidate = factory.SubFactory(UserFactory)
    first_name = "Alex"
    last_name = factory.Sequence(lambda n: f"Candidat{n}")
    status = Application.Status.SUBMITTED
    round = factory.LazyAttribute(lambda o: o.call.rounds.first())
    submitted_at = factory.LazyFunction(timezone.now)
    first_submitted_at = factory.LazyAttribute(lambda o: o.submitted_at)
    version = 1


class ApplicationChoiceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ApplicationChoice

    application = factory.SubFactory(ApplicationFactory)
    rank = 1
    challenge = factory.SubFactory(ChallengeFactory)


class PanelFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Panel

    call = factory.SubFactory(ApplicationCallFactory)
    name = factory.Sequence(lambda n: f"Jury {n}")


class InterviewSlotFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterviewSlot

    panel = factory.SubFactory(PanelFactory)
    application = factory.SubFactory(ApplicationFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
