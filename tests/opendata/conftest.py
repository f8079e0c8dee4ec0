"""A small public world with one of everything the open data publishes, and what it must not."""

import datetime
from dataclasses import dataclass

import pytest
import time_machine

from cohorte.alumni.models import AlumniProfile, CareerStep, Situation
from cohorte.challenges.models import Challenge, ChallengeLink
from cohorte.content.models import Post
from cohorte.organisations.models import Organisation
from cohorte.outcomes.models import Result, Sustainment
from cohorte.people.models import Role
from tests.factories import (
    AchievementFactory,
    CategoryFactory,
    ChallengeFactory,
    CohortFactory,
    KeyFigureFactory,
    OrganisationFactory,
    PersonFactory,
    PostFactory,
    RoleFactory,
    ThemeFactory,
)

SITE = "https://eig.example.gouv.fr"
MOMENT = datetime.datetime(2027, 3, 1, 9, 30, tzinfo=datetime.UTC)


@dataclass
class OpenWorld:
    cohort: object
    old_cohort: object
    sante: object  # the défi with everything
    foret: object  # an older défi
    draft: object  # never published
    camille: object  # public fellow, consented to show her path
    noe: object  # public fellow, no consent for the path
    hidden: object  # not public at all
    post: object


@pytest.fixture(autouse=True)
def _site(settings, tmp_path):
    settings.SITE_URL = SITE
    settings.OPENDATA_ROOT = tmp_path / "donnees"


@pytest.fixture
def open_world(db) -> OpenWorld:
    with time_machine.travel(MOMENT, tick=False):
        cohort = CohortFactory(name="Promotion 11", slug="promotion-11", number=11, year=2027)
        old = CohortFactory(name="Promotion 10", slug="promotion-10", number=10, year=2026)
        ministry = OrganisationFactory(
            name="Ministère de la Santé", slug="ministere-sante", kind=Organisation.Kind.MINISTRY
        )
        host = OrganisationFactory(
            name="Direction du numérique en santé",
            slug="dns",
            acronym="DNS",
            parent=ministry,
            website="https://dns.example.gouv.fr",
        )
        partner = OrganisationFactory(name="Agence des données", slug="agence-donnees")
        OrganisationFactory(name="Sans défi public", slug="sans-defi")
        theme = ThemeFactory(name="Santé", slug="sante")
        sante = ChallengeFactory(
            cohort=cohort,
            title="Données de santé",
            slug="donnees-sante",
            tagline="Mieux soigner",
            host_organisation=host,
            funding_organisation=ministry,
            status=Challenge.Status.RUNNING,
            duration_months=10,
        )
        sante.partner_organisations.add(partner)
        sante.themes.add(theme)
        ChallengeLink.objects.create(
            challenge=sante, kind="code", url="https://code.example.org/sante"
        )
        ChallengeLink.objects.create(
            challenge=sante, kind="data", url="https://data.example.org/sante"
        )
        KeyFigureFactory(challenge=sante, amount=1200, label="patients suivis")
        AchievementFactory(challenge=sante, title="Tableau de bord", description="")
        Sustainment.objects.create(
            challenge=sante,
            state=Sustainment.State.PAUSED,
            since=datetime.date(2026, 1, 1),
            note="Ancienne note interne",
        )
        Sustainment.objects.create(
            challenge=sante,
            state=Sustainment.State.SUSTAINED,
            by=Sustainment.By.INTERNAL_TEAM,
            since=datetime.date(2027, 2, 1),
            product_url="https://produit.example.gouv.fr",
            note="Note interne confidentielle",
        )
        Result.objects.create(challenge=sante, verdict=Result.Verdict.PARTLY, note="Verdict")
        foret = ChallengeFactory(
            cohort=old, title="Forêts", slug="forets", host_organisation=partner
        )
        draft = ChallengeFactory(
            cohort=cohort,
            title="Brouillon",
            slug="brouillon",
            status=Challenge.Status.DRAFT,
            host_organisation=OrganisationFactory(name="Cachée", slug="cachee"),
        )
        camille = PersonFactory(
            full_name="Camille Roux",
            slug="camille-roux",
            job_title="Data scientist",
            email="camille@example.org",
        )
        RoleFactory(person=camille, kind=Role.Kind.FELLOW, challenge=sante)
        RoleFactory(person=camille, kind=Role.Kind.ALUMNI, challenge=None, cohort=old)
        AlumniProfile.objects.create(person=camille, path_public=True)
        CareerStep.objects.create(
            person=camille,
            situation=Situation.PRIVATE_SECTOR,
            organisation="Ancienne boîte",
            since=datetime.date(2026, 1, 1),
        )
        CareerStep.objects.create(
            person=camille,
            situation=Situation.OTHER_ADMINISTRATION,
            organisation="Insee",
            job_title="Cheffe de projet secret",
            since=datetime.date(2027, 1, 1),
        )
        noe = PersonFactory(full_name="Noé Garnier", slug="noe-garnier", form="masculine")
        RoleFactory(person=noe, kind=Role.Kind.OPERATIONAL_MENTOR, challenge=foret)
        RoleFactory(person=noe, kind=Role.Kind.FELLOW, challenge=draft)
        AlumniProfile.objects.create(person=noe, path_public=False)
        CareerStep.objects.create(
            person=noe,
            situation=Situation.PUBLIC_SECTOR,
            organisation="Hôpital",
            since=datetime.date(2027, 1, 1),
        )
        hidden = PersonFactory(
            full_name="Invisible Personne", slug="invisible", is_public=False, job_title="Secret"
        )
        RoleFactory(person=hidden, kind=Role.Kind.FELLOW, challenge=sante)
        category = CategoryFactory(name="Recrutement", slug="recrutement")
        post = PostFactory(
            title="Appel 2027",
            slug="appel-2027",
            kind=Post.Kind.NEWS,
            published_at=datetime.datetime(2027, 2, 15, 8, 0, tzinfo=datetime.UTC),
            body="Le corps de l’article ne sort pas.",
        )
        post.categories.add(category)
        PostFactory(title="Brouillon", slug="brouillon-post", is_published=False)
        PostFactory(
            title="Plus tard",
            slug="plus-tard",
            published_at=datetime.datetime(2027, 6, 1, tzinfo=datetime.UTC),
        )
    return OpenWorld(cohort, old, sante, foret, draft, camille, noe, hidden, post)


TODAY = datetime.datetime(2027, 3, 10, 10, 0, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _today():
    with time_machine.travel(TODAY, tick=False):
        yield
