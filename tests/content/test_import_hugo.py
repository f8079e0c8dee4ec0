"""Importing the sample of the current Hugo site, alone and after the Jekyll one."""

import pytest

from cohorte.challenges.models import Challenge
from cohorte.content.importers import import_site
from cohorte.content.importers.report import KINDS
from cohorte.content.models import FaqEntry, Page, Post
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db

EXPECTED_CREATED = {
    "cohorts": 8, "organisations": 18, "themes": 28, "expertises": 11, "categories": 24,
    "challenges": 22, "people": 55, "roles": 55, "posts": 10, "pages": 9, "faq": 25,
}  # fmt: skip


def test_counts_are_exact(hugo_site):
    report = import_site(hugo_site)
    assert report.format == "hugo"
    assert report.created == EXPECTED_CREATED
    assert len(report.warnings) == 50
    warnings = [(w.file, w.reason) for w in report.warnings]
    assert warnings[:2] == [
        ("defis/_index.md", "section index (title of the list page): nothing to import"),
        ("blog/_index.md", "section index (title of the list page): nothing to import"),
    ]
    # The sample lacks most défis its people name: each is reported, the person kept.
    assert (
        "personnes/paul-moysan.md",
        "Paul Moysan: défi 'Nubonyxia' not found: linked to Promotion 6 only",
    ) not in warnings
    assert (
        "personnes/sophie-jobez.md",
        "Sophie Jobez: défi 'DataMed' not found: linked to Promotion 4 only",
    ) in warnings


def test_a_person_is_linked_to_their_defi_and_cohort(hugo_site):
    import_site(hugo_site)
    paul = Person.objects.get(full_name="Paul Moysan")
    assert (paul.slug, paul.job_title, paul.linkedin) == (
        "paul-moysan", "Data engineer", "https://www.linkedin.com/in/paul-moysan/",
    )  # fmt: skip
    role = paul.roles.get()
    assert (role.kind, role.challenge.slug, role.cohort.name, role.profile.name) == (
        "fellow", "nubonyxia", "Promotion 6", "Data engineering",
    )  # fmt: skip
    barlet = Person.objects.get(full_name="Muriel Barlet")  # job "Sponsor": a senior mentor
    assert list(barlet.roles.values_list("kind", "challenge__title", "cohort__number")) == [
        ("senior_mentor", "SMASH", 5),
    ]
    boulajine = Person.objects.get(full_name="Abdelali Boulajine")  # défi not in the sample
    assert list(boulajine.roles.values_list("kind", "challenge", "cohort__number")) == [
        ("fellow", None, 6),
    ]
    # Stock silhouettes and the "profile being written" stub are not content.
    grellet = Person.objects.get(full_name="Grégory Grellet")
    assert (grellet.photo, grellet.bio) == ("", "")


def test_defis_statuses_organisations_and_links(hugo_site):
    import_site(hugo_site)
    promotion_7 = Cohort.objects.get(number=7)
    assert (promotion_7.year, promotion_7.status) == (2024, Cohort.Status.RUNNING)
    assert Cohort.objects.get(number=6).status == Cohort.Status.FINISHED
    suite = Challenge.objects.get(slug="la-suite-numerique")
    assert (suite.status, suite.startup_url) == (
        "published", "https://beta.gouv.fr/startups/suite-numerique.html",
    )  # fmt: skip
    assert (suite.host_organisation.name, suite.host_organisation.kind) == (
        "Direction interministérielle du numérique", "central",
    )  # fmt: skip
    assert Challenge.objects.get(slug="adler").status == "finished"
    dne = Challenge.objects.get(slug="1-eleve-1-stage").host_organisation
    assert (dne.name, dne.acronym, dne.town) == (
        "Direction du numérique pour l’Éducation", "DNE", "Paris (75)",
    )  # fmt: skip
    archifiltre = Challenge.objects.get(slug="archifiltre")
    assert list(archifiltre.links.values_list("kind", "label", "url")) == [
        ("code", "Code source", "https://github.com/jeanbaptisteassouad/archifiltre"),
        ("other", "Démonstration", "https://archifiltre.fabrique.social.gouv.fr/"),
    ]
    assert sorted(archifiltre.themes.values_list("name", flat=True)) == [
        "Numérique public", "Protection sociale",
    ]  # fmt: skip


def test_pages_and_faq(hugo_site):
    import_site(hugo_site)
    assert sorted(Page.objects.values_list("slug", flat=True)) == [
        "accueil", "agents", "participer", "participer-administrations",
        "participer-administrations-proposer", "participer-candidats",
        "participer-candidats-postuler", "programme", "talents",
    ]  # fmt: skip
    proposer = Page.objects.get(slug="participer-administrations-proposer")
    assert proposer.body.startswith("## Appel à projets\n\nVous êtes une administrations")
    first = FaqEntry.objects.get(audience="administrations", order=1)
    assert first.question == "Quelles sont les administrations éligibles ?"
    assert FaqEntry.objects.filter(audience="candidates").count() == 15
    # A file named like placeholder text is still a real post.
    lorem = Post.objects.get(slug__startswith="10-lorem-ipsum-dolor-sit-amet")
    assert lorem.title.startswith("Entrepreneur(e)s d’intérêt général")


def test_second_run_changes_nothing(hugo_site):
    first = import_site(hugo_site)
    again = import_site(hugo_site)
    assert again.created == again.updated == dict.fromkeys(KINDS, 0)
    assert again.unchanged == first.created


def test_hugo_after_jekyll_merges_instead_of_duplicating(jekyll_site, hugo_site):
    import_site(jekyll_site)
    report = import_site(hugo_site)
    assert report.created["challenges"] == 11  # 22 défis in the sample, 11 known since Jekyll
    assert report.updated["challenges"] == 11
    for slug in ("archifiltre", "cc-api-rapports", "dgfip-fraude-fiscale", "adler"):
        assert Challenge.objects.filter(slug=slug).count() == 1
    assert Challenge.objects.filter(title__icontains="archifiltre").count() == 1
    archifiltre = Challenge.objects.get(slug="archifiltre")
    # Hugo's newer values replace Jekyll's; Jekyll's team and figures stay.
    assert archifiltre.tagline == "Améliorer la mémoire des politiques sociales"
    assert archifiltre.cohort.number == 2
    assert archifiltre.host_organisation.name == "Secrétariat général des ministères sociaux"
    assert archifiltre.roles.filter(kind=Role.Kind.FELLOW).count() == 2
    assert archifiltre.themes.count() == 2
    # Hugo's "EIG4 Link" (eig-link-1) is Jekyll's "EIG Link 2020" (eig-link).
    assert Challenge.objects.get(slug="eig-link").title == "EIG4 Link"
    assert not Challenge.objects.filter(slug="eig-link-1").exists()
    # "Promotion 4" (Hugo) and "EIG 4" / promotion: 4 (Jekyll) are one cohort; DIG its own.
    assert Cohort.objects.count() == 8
    assert Cohort.objects.get(slug="dig").challenges.filter(slug="franceco").exists()
    # People are one person whatever the spelling; a retitled post is one post.
    assert Person.objects.filter(full_name="Alexandra Leschi").count() == 1
    assert Person.objects.get(full_name="Alexandra Leschi").photo == "img/alexandra-leschi.png"
    assert Person.objects.count() == 268 + 17
    assert Post.objects.filter(published_at__date="2021-04-01").count() == 1
    assert (report.created["people"], report.updated["people"]) == (17, 37)


def test_jekyll_after_hugo_never_brings_back_older_text(jekyll_site, hugo_site):
    import_site(jekyll_site)
    import_site(hugo_site)
    report = import_site(jekyll_site)
    assert report.created == report.updated == dict.fromkeys(KINDS, 0)
    archifiltre = Challenge.objects.get(slug="archifiltre")
    assert archifiltre.tagline == "Améliorer la mémoire des politiques sociales"


def test_a_person_title_gives_the_form_of_their_role_titles(hugo_site):
    import_site(hugo_site)
    forms = dict(
        Person.objects.filter(
            full_name__in=["Alexandra Leschi", "Abdelali Boulajine", "Paul Moysan"]
        ).values_list("full_name", "form")
    )
    # "Développeuse", "Développeur", "Data engineer": only unmistakable titles are hints.
    assert forms == {
        "Alexandra Leschi": "feminine",
        "Abdelali Boulajine": "masculine",
        "Paul Moysan": "",
    }
