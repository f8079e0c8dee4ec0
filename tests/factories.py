"""factory-boy factories for the core domain."""

import datetime

import factory
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Achievement, Challenge, Expertise, KeyFigure, Theme
from cohorte.content.models import Category, FaqEntry, Page, Post
from cohorte.organisations.models import Organisation
from cohorte.people.models import Person, Role
from cohorte.programmes.call_defaults import EIG_CRITERIA, EIG_PROJECT_CRITERIA, EIG_STATEMENTS
from cohorte.programmes.models import Cohort, Programme
from cohorte.sitepages.eig_texts import EIG_LEGAL_PAGES


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme
        django_get_or_create = ["slug"]

    name = "Entrepreneurs d'intérêt général"
    short_name = "EIG"
    slug = "eig"
    tagline = "Un programme de la direction interministérielle du numérique"
    operator = "la direction interministérielle du numérique (DINUM)"
    fellow_singular = "EIG"
    fellow_plural = "EIG"
    contact_email = "eig@beta.gouv.fr"
    network_name = "EIG Link"
    operator_legal_name = "Direction interministérielle du numérique (DINUM)"
    operator_url = "https://www.numerique.gouv.fr/"
    operator_address = "20 avenue de Ségur\n75007 Paris"
    default_statements = factory.LazyFunction(lambda: list(EIG_STATEMENTS))
    default_criteria = factory.LazyFunction(lambda: [list(c) for c in EIG_CRITERIA])
    default_project_criteria = factory.LazyFunction(lambda: [list(c) for c in EIG_PROJECT_CRITERIA])


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


def eig_legal_pages() -> list[Page]:
    """The EIG programme's words on its legal pages, as its instance's migration gave them."""
    return [
        Page.objects.get_or_create(slug=slug, defaults={"title": title, "body": body})[0]
        for slug, (title, body) in EIG_LEGAL_PAGES.items()
    ]


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
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Dominique"
    last_name = factory.Sequence(lambda n: f"Durand{n}")
    password = factory.django.Password("motdepasse-solide-42")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        """The user of the name given if there is one, else a new user."""
        # Factory-boy's get_or_create would look up every user and wrap each insert in a
        # savepoint: with thousands of users made by the suite, those round trips were a
        # tenth of the time of the tests that build a world. A generated name is new.
        manager = cls._get_manager(model_class)
        named = "username" in (cls._original_params or {})
        user = manager.filter(username=kwargs["username"]).first() if named else None
        if user is None:
            user = manager.create(*args, **kwargs)
            user.made_by_factory = True
        return user

    @factory.post_generation
    def verified(user, create, extracted, **kwargs):
        """A verified primary e-mail address, as allauth requires to log in."""
        if create and extracted is not False:
            from allauth.account.models import EmailAddress

            if getattr(user, "made_by_factory", False):
                EmailAddress.objects.create(
                    user=user, email=user.email, verified=True, primary=True
                )
            else:
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
        if create and extracted is not False:
            from cohorte.reviews.models import PER_CHALLENGE_CRITERIA

            for order, (label, description) in enumerate(EIG_CRITERIA):
                Criterion.objects.create(
                    grid=grid,
                    order=order,
                    label=label,
                    description=description,
                    per_challenge=label in PER_CHALLENGE_CRITERIA,
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

        Round.objects.create(
            call=call, name="Session 1", opens_at=call.opens_at, closes_at=call.closes_at
        )
        for order, text in enumerate(EIG_STATEMENTS):
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


# --- The call for projects --------------------------------------------------------------

from cohorte.projects.models import (  # noqa: E402
    FundingRules,
    OrganisationMember,
    ProjectCallSettings,
    Proposal,
    SalaryBand,
)


def full_proposal_data(profile_slug: str = "developpement") -> dict:
    """A complete proposal form: every required part filled within its limits."""
    from cohorte.projects.form import COMMITMENT_KEYS, SECTIONS

    contact = {"name": "Camille Martin", "role": "Cheffe de bureau",
               "email": "camille.martin@interieur.gouv.fr", "phone": "01 40 00 00 00"}  # fmt: skip
    return {
        "operational_carrier": "Direction du numérique",
        "administrative_carrier": "Secrétariat général",
        "partners": "",
        "host_address": "20 avenue de Ségur, 75007 Paris",
        "fellows_count": 2,
        "employer_costs": {"junior": 62000, "senior": 71000},
        "cofunding_requested": True,
        "budget_programme": "216",
        "contacts": {
            key: dict(contact, email=f"{key}@interieur.gouv.fr")
            for key in ("operational_1", "senior_mentor", "hr", "finance")
        },
        "sections": {s.key: f"{s.label} : texte de la rubrique." for s in SECTIONS},
        "fellows": [
            {"mission": "Construire le service.", "profile": profile_slug},
            {"mission": "Analyser les données.", "profile": profile_slug},
        ],
        "datasets": [{"name": "Base des dossiers", "accessible": "yes", "steps": ""}],
        "team": [
            {
                "name": "Camille Martin",
                "role": "Cheffe de projet",
                "status": "titulaire",
                "percent": 50,
                "contribution": "Pilotage",
            },
        ],  # fmt: skip
        "commitments": list(COMMITMENT_KEYS),
    }


class FundingRulesFactory(factory.django.DjangoModelFactory):
    """The EIG 5 rules: 3 months of a 10-month contract, two bands, a 1.5 M€ envelope."""

    class Meta:
        model = FundingRules
        django_get_or_create = ["cohort"]
        skip_postgeneration_save = True

    cohort = factory.SubFactory(CohortFactory)
    contract_months = 10
    funded_months = 3
    envelope = 1500000

    @factory.post_generation
    def bands(rules, create, extracted, **kwargs):
        if create and extracted is not False:
            SalaryBand.objects.get_or_create(
                rules=rules, key="junior",
                defaults={"order": 1, "label": "Jusqu'à 5 ans d'expérience",
                          "net_monthly": 3500},
            )  # fmt: skip
            SalaryBand.objects.get_or_create(
                rules=rules, key="senior",
                defaults={"order": 2, "label": "Plus de 5 ans d'expérience",
                          "net_monthly": 4000},
            )  # fmt: skip


class ProjectCallFactory(CallFactory):
    """A call for projects, open now, with the projects grid, one session and funding rules."""

    class Meta:
        skip_postgeneration_save = True

    kind = Call.Kind.PROJECTS
    title = factory.Sequence(lambda n: f"Appel à projets {n}")
    slug = factory.Sequence(lambda n: f"appel-a-projets-{n}")
    grid = factory.SubFactory(GridFactory, name="Grille des projets", criteria=False)

    @factory.post_generation
    def form(call, create, extracted, **kwargs):
        if not create:
            return

        if not call.grid.criteria.exists():
            for order, (label, description) in enumerate(EIG_PROJECT_CRITERIA):
                Criterion.objects.create(
                    grid=call.grid, order=order, label=label, description=description
                )
        Round.objects.create(
            call=call, name="Session 1", opens_at=call.opens_at, closes_at=call.closes_at
        )
        ProjectCallSettings.objects.get_or_create(call=call)
        FundingRulesFactory(cohort=call.cohort)


class ProposalFactory(factory.django.DjangoModelFactory):
    """A submitted, complete proposal of an administration."""

    class Meta:
        model = Proposal

    call = factory.SubFactory(ProjectCallFactory)
    organisation = factory.SubFactory(OrganisationFactory, kind=Organisation.Kind.CENTRAL)
    title = factory.Sequence(lambda n: f"Défi proposé {n}")
    data = factory.LazyFunction(full_proposal_data)
    status = Proposal.Status.SUBMITTED
    round = factory.LazyAttribute(lambda o: o.call.rounds.first())
    submitted_at = factory.LazyFunction(timezone.now)
    first_submitted_at = factory.LazyAttribute(lambda o: o.submitted_at)
    version = 1


class OrganisationMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationMember

    organisation = factory.SubFactory(OrganisationFactory)
    user = factory.SubFactory(UserFactory)


def team_and_director():
    """The programme team's Théo Équipe and its director Inès Direction, as the journeys
    meet them."""
    from cohorte.accounts.roles import add_to_team

    team = UserFactory(username="equipe", first_name="Théo", last_name="Équipe")
    add_to_team(team)
    director = UserFactory(username="directrice", first_name="Inès", last_name="Direction")
    add_to_team(director, director=True)
    return team, director
