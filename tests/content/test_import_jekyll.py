"""Importing the real Jekyll site (2017-2022), read in place from ../shared/data."""

from decimal import Decimal

import pytest
from django.db.models import F

from cohorte.audit.models import ActivityLog
from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.content.importers.report import KINDS
from cohorte.content.models import FaqEntry, Post
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort, Programme

pytestmark = pytest.mark.django_db

EXPECTED_CREATED = {
    "cohorts": 5, "organisations": 60, "themes": 0, "expertises": 5, "categories": 18,
    "challenges": 71, "people": 268, "roles": 296, "posts": 66, "pages": 0, "faq": 78,
}  # fmt: skip
EXPECTED_WARNINGS = [
    ("_data/nav-en.yml", "site navigation menu, not content: not imported"),
    ("_data/nav.yml", "site navigation menu, not content: not imported"),
    ("_data/temoignages.yml", "testimonials: no home for them in the model: not imported"),
    ("_data/traductions.yml", "interface labels of the old site, not content: not imported"),
    (
        "_data/webinaires_eig4.yml",
        "2020 webinar schedule: no home for it in the model: not imported",
    ),
    (
        "_data/personnes.yml",
        "entry 'Loïc Duflot' is titled 'Pierre Dubreuil': the entry's name is kept",
    ),
]


@pytest.fixture
def imported(jekyll_site):
    """The Jekyll site imported once into an empty database."""
    return import_site(jekyll_site)


def test_counts_and_warnings_are_exact(imported):
    assert imported.format == "jekyll"
    assert imported.created == EXPECTED_CREATED
    assert imported.updated == dict.fromkeys(KINDS, 0)
    assert imported.unchanged == dict.fromkeys(KINDS, 0)
    assert [(w.file, w.reason) for w in imported.warnings] == EXPECTED_WARNINGS
    assert Challenge.objects.count() == 71
    assert Person.objects.count() == 268
    assert Post.objects.count() == 66
    assert Post.objects.filter(language="en").count() == 11
    assert FaqEntry.objects.filter(audience="administrations", language="fr").count() == 24


def test_cohorts_have_numbers_years_and_aliases(imported):
    fourth = Cohort.objects.get(number=4)
    assert (fourth.name, fourth.slug, fourth.year, fourth.status) == (
        "Promotion 4", "promotion-4", 2020, Cohort.Status.FINISHED,
    )  # fmt: skip
    assert fourth.aliases == ["Promotion 4", "EIG 4", "4", "Les défis EIG 4", "2020"]
    dig = Cohort.objects.get(slug="dig")
    assert (dig.number, dig.year, dig.challenges.count()) == (None, 2019, 17)
    assert "Promotion 3 - DIG" in dig.aliases
    assert "2019" not in dig.aliases  # 2019 names EIG 3, DIG shares the year
    by_year = Cohort.objects.order_by("year", F("number").asc(nulls_first=True))
    assert list(by_year.values_list("slug", flat=True)) == [
        "promotion-1", "promotion-2", "dig", "promotion-3", "promotion-4",
    ]  # fmt: skip


def test_adex_has_its_team_figures_achievement_and_code(imported):
    adex = Challenge.objects.get(slug="adex")
    assert (adex.title, adex.cohort.number, adex.status) == ("ADEX", 4, "finished")
    assert adex.tagline == "Prévenir les conflits d'intérêts dans le domaine médical"
    assert adex.body.startswith("Déontologie et rigueur de l’expertise")
    assert (adex.host_organisation.name, adex.host_organisation.website) == (
        "Haute Autorité de Santé", "https://www.has-sante.fr",
    )  # fmt: skip
    assert (adex.town, adex.seats, adex.duration_months) == ("Saint-Denis (93200)", 3, 10)
    assert sorted(adex.expertises.values_list("name", flat=True)) == [
        "Data science", "Design", "Développement",
    ]  # fmt: skip
    fellows = adex.roles.filter(kind=Role.Kind.FELLOW).order_by("person__full_name")
    assert [(r.person.full_name, r.profile.name, r.cohort.number) for r in fellows] == [
        ("Anne Catel", "Design", 4),
        ("Antoine Biard", "Data science", 4),
        ("Thomas Brosset", "Développement", 4),
    ]
    mentors = adex.roles.filter(kind=Role.Kind.OPERATIONAL_MENTOR)
    assert sorted(mentors.values_list("person__full_name", flat=True)) == [
        "Franck Jolivaldt", "Marie Simon", "Pierre-Alain Jachiet",
    ]  # fmt: skip
    assert list(adex.key_figures.values_list("amount", "label")) == [
        (Decimal("1288"), "Déclarations d'intérêts analysées en 2020"),
        (Decimal("30"), "Minutes gagnées par expert analysé"),
        (Decimal("20000000"), "Déclarations de Transparence Santé traitées quotidiennement"),
    ]
    achievement = adex.achievements.get()
    assert (achievement.title, achievement.url, achievement.call_to_action) == (
        "ADEX", "https://www.dailymotion.com/video/x81y9dm", "Voir la démo",
    )  # fmt: skip
    assert list(adex.links.values_list("kind", "url")) == [
        ("code", "https://gitlab.com/has-sante/public/adex"),
    ]


def test_people_are_merged_and_linked_by_name(imported):
    # Two entries ("Pierre–Alain" with an en dash, and "Pierre-Alain"): one person, two roles.
    jachiet = Person.objects.get(full_name="Pierre-Alain Jachiet")
    assert (jachiet.slug, jachiet.github, jachiet.twitter) == (
        "pierre-alain-jachiet", "pajachiet", "pa_jachiet",
    )  # fmt: skip
    roles = jachiet.roles.order_by("cohort__number")
    assert [(r.kind, r.challenge.title, r.cohort.number) for r in roles] == [
        ("fellow", "Open Chronic", 3),
        ("operational_mentor", "ADEX", 4),
    ]
    assert jachiet.bio.startswith('"Je suis data scientist')
    # The programme team has no défi of its own: its roles are per promotion.
    bras = Person.objects.get(full_name="Mathilde Bras")
    assert sorted(bras.roles.filter(kind="team").values_list("cohort__number", flat=True)) == [
        1, 2, 3,
    ]  # fmt: skip
    # Named on a défi without a profile: kept, out of the public directory.
    leroi = Person.objects.get(full_name="Marie-Véronique Leroi")
    assert leroi.is_public is False
    assert list(leroi.roles.values_list("kind", "challenge__title")) == [
        ("operational_mentor", "MCC - Inventaire des orgues"),
    ]
    # Stock silhouettes are not photos.
    assert Person.objects.get(full_name="Loïc Duflot").photo == ""


def test_slugs_shared_across_years_get_the_year(imported):
    links = Challenge.objects.filter(title__startswith="EIG Link").order_by("slug")
    assert list(links.values_list("slug", "cohort__number")) == [
        ("eig-link", 4), ("eiglink-2018", 2), ("eiglink-2019", 3),
    ]  # fmt: skip
    assert set(Post.objects.filter(kind="job").values_list("slug", flat=True)) == {
        "offre-stage-2018", "offre-stage-2019",
        "offre-emploi-charge-mission-coordination-accompagnement-eig",
    }  # fmt: skip


def test_posts_keep_dates_drafts_language_and_categories(imported):
    post = Post.objects.get(slug="bootcamp-comment-souder-un-collectif-de-talents")
    assert post.published_at.isoformat() == "2018-02-26T23:00:00+00:00"  # 27 Feb, Paris
    assert post.is_published
    assert sorted(post.categories.values_list("name", flat=True)) == [
        "Accompagnement", "Collectif", "Méthode",
    ]  # fmt: skip
    # `_`-prefixed files were drafts Jekyll did not publish: kept, unpublished.
    assert set(Post.objects.filter(is_published=False).values_list("slug", flat=True)) == {
        "exemple", "que-sont-devenus-les-eig-entretien-avec-leo-bouloc",
        "comment-les-eig-apprennent", "entree-technique-tensorflow", "opendata-rncs",
    }  # fmt: skip
    english = Post.objects.get(slug="6-facteurs-de-reussite-defi-eig-en")
    assert (english.language, english.title[:19]) == ("en", "Call for EIG 3 proj")


def test_second_run_changes_nothing(jekyll_site, imported):
    again = import_site(jekyll_site)
    assert again.created == dict.fromkeys(KINDS, 0)
    assert again.updated == dict.fromkeys(KINDS, 0)
    assert again.unchanged == EXPECTED_CREATED
    assert Challenge.objects.count() == 71


def test_the_run_is_recorded_in_the_activity_log(imported):
    entry = ActivityLog.objects.get(action="site.imported")
    assert entry.subject == Programme.objects.get(slug="eig")
    assert entry.data["format"] == "jekyll"
    assert entry.data["created"] == EXPECTED_CREATED
    assert entry.data["warnings"] == 6


def test_dry_run_writes_nothing_and_counts_the_same(jekyll_site):
    report = import_site(jekyll_site, dry_run=True)
    assert report.created == EXPECTED_CREATED
    assert len(report.warnings) == 6
    assert Challenge.objects.count() == Person.objects.count() == Cohort.objects.count() == 0
    assert Programme.objects.count() == ActivityLog.objects.count() == 0
