"""One bad file never stops an import, and none is dropped without a warning naming it."""

import pytest

from cohorte.challenges.models import Challenge
from cohorte.content.importers import detect, import_site
from cohorte.content.models import Post
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db


def warnings_of(report) -> list[tuple[str, str]]:
    """The report's warnings as (file, reason) pairs."""
    return [(w.file, w.reason) for w in report.warnings]


HUGO = {
    "promos/promotion-8.md": "---\ntitle: Promotion 8\n---\n",
    "defis/alpha.md": (
        "---\ntitle: Alpha\npromos:\n  - Promotion 8\nwho: Direction des tests (DT),\n"
        "town: Lyon\n---\nLe défi.\n"
    ),
    "defis/alphà.md": "---\ntitle: Alpha bis\npromos: [Promotion 8]\n---\n",
    "defis/broken.md": "---\ntitle: [Broken\npromos: [Promotion 8]\n---\n",
    "defis/unclosed.md": "---\ntitle: Unclosed\npromos: [Promotion 8]\n",
    "defis/README": "notes sans extension",
    "defis/latin.md": "---\ntitle: Défi\npromos: [Promotion 8]\n---\n".encode("latin-1"),
    "defis/nopromo.md": "---\ntitle: Sans promotion\n---\n",
    "defis/saison.md": "---\ntitle: Saison\npromos: [Saison spéciale]\n---\n",
    "defis/photo.png": b"\x89PNG\r\n",
    "defis/.DS_Store": b"\x00",
    "personnes/jean-dupont.md": (
        "---\ntitle: Jean Dupont\nrole: participant\njob: Développeur\n"
        "promos: [Promotion 8]\ndefis: [ALPHA, Inexistant]\n---\nBio.\n"
    ),
    "personnes/zoe.md": "---\ntitle: Zoé\nrole: astronaute\n---\n",
    "personnes/nul.md": "---\ntitle: Nul\x00le\n---\n",  # PostgreSQL refuses it in text
    "personnes/anonyme.md": "---\njob: Designer\n---\n",
    "personnes/double.md": "---\ntitle: Léa\ntitle: Léa Martin\n---\n",
}

HUGO_WARNINGS = [
    ("defis/README", "file without extension: not read (content files end in .md)"),
    ("defis/alphà.md", "duplicate slug 'alpha' (already defis/alpha.md): skipped"),
    ("defis/broken.md", "invalid YAML at line 3: did not find expected ',' or ']'"),
    (
        "defis/latin.md",
        "not UTF-8 text (byte 0xe9 at offset 12): re-save the file as UTF-8",
    ),
    ("defis/nopromo.md", "no title or no promotion (`promos`): not imported"),
    ("defis/photo.png", "not a content file (.png): not imported"),
    ("defis/unclosed.md", "front matter not closed: no '---' line after the first one"),
    ("personnes/anonyme.md", "no title (the person's name): not imported"),
    ("personnes/double.md",
     "key given twice in the front matter, the last one is used: title (line 3)"),
    ("personnes/nul.md", "NUL character at offset 14: a damaged or binary file, not text"),
    ("personnes/zoe.md", "unknown role 'astronaute': no role recorded"),
    ("defis/saison.md", "unknown promotion 'Saison spéciale'"),
    ("defis/saison.md", "défi 'Saison' not imported: no known promotion"),
    ("personnes/jean-dupont.md",
     "Jean Dupont: défi 'Inexistant' not found: linked to Promotion 8 only"),
]  # fmt: skip


def test_hugo_bad_files_are_reported_and_the_rest_imported(make_site):
    report = import_site(make_site(HUGO))
    assert warnings_of(report) == HUGO_WARNINGS
    assert list(Challenge.objects.values_list("slug", flat=True)) == ["alpha"]
    alpha = Challenge.objects.get()
    assert (alpha.cohort.name, alpha.status) == ("Promotion 8", "published")
    assert (alpha.host_organisation.name, alpha.host_organisation.acronym) == (
        "Direction des tests", "DT",
    )  # fmt: skip
    jean = Person.objects.get(full_name="Jean Dupont")
    roles = jean.roles.values_list("kind", "challenge__slug", "cohort__number", "profile__name")
    assert list(roles) == [("fellow", "alpha", 8, "Développement")]
    assert Person.objects.get(full_name="Léa Martin").roles.count() == 0
    assert list(Person.objects.get(full_name="Zoé").roles.all()) == []
    # The newest promotion of the live site is running.
    assert Cohort.objects.get().status == Cohort.Status.RUNNING
    # Still idempotent with bad files around.
    again = import_site(make_site(HUGO))
    assert sum(again.created.values()) == sum(again.updated.values()) == 0
    assert warnings_of(again) == HUGO_WARNINGS


JEKYLL = {
    "_data/skills.yml": "dev: Développement\n",
    "_data/promos.yml": '"EIG 5":\n  promotion: 5\n  class: 2021 eig-5\n',
    "_data/defis.yml": (
        '"Alpha":\n  title: Alpha\n  promotion: 5\n  year: 2021\n'
        "  administration: Direction des tests\n  eigs: [Jean Dupont]\n"
        "  mentors: [Marie Curie]\n  skills: [dev, quantique]\n  key_figures:\n"
        '    - amount: "1 200"\n      description: usagers\n'
        "    - amount: beaucoup\n      description: trop\n"
    ),
    "_data/personnes.yml": (
        "Jean Dupont:\n  class: [eig-5, eig, webdev]\n  defis: [Alpha, Fantôme]\n"
        "  profil: Développeur\n  link_to: /communaute/2021/jean-dupont.html\n"
    ),
    "_data/nouveau.yml": "a: 1\n",
    "_defis/2021-01-01-alpha.md": "---\nlayout: defi\ntitle: Alpha\n---\nTexte.\n",
    "_defis/2021-06-01-alpha.md": "---\nlayout: defi\ntitle: Alpha encore\n---\n",
    "_communaute/2021-01-01-jean-dupont.md": "---\nnom: Jean Dupont\n---\nMa bio.\n",
    "_posts/2021-03-04-bonjour.md": "---\ntitle: Bonjour\ntags: [méthode]\n---\nSalut.\n",
    "_posts/2021-03-05-casse.md": "---\ntitle: Cassé\n\nPas de fin.\n",
    "_posts/notes": "brouillon",
    "_posts/sans-date.md": "---\ntitle: Sans date\n---\n",
    "index.html": "<html></html>",
    "_config.yml": "title: site\n",
}

JEKYLL_WARNINGS = [
    ("_data/nouveau.yml", "data file not recognised: not imported"),
    ("_data/defis.yml", "défi 'Alpha': unknown skill code 'quantique'"),
    ("_data/defis.yml", "défi 'Alpha': key figure without a number or a label: skipped"),
    ("_defis/2021-06-01-alpha.md",
     "same address /defis/2021/alpha.html as _defis/2021-01-01-alpha.md: skipped"),
    ("_posts/2021-03-05-casse.md", "front matter not closed: no '---' line after the first one"),
    ("_posts/notes", "file without extension: not read (content files end in .md)"),
    ("_posts/sans-date.md", "no date in the file name or the front matter: imported unpublished"),
    ("index.html", "file outside the Jekyll content folders: not imported"),
    ("_data/personnes.yml", "Jean Dupont: défi 'Fantôme' not found: linked to Promotion 5 only"),
]  # fmt: skip


def test_jekyll_bad_files_are_reported_and_the_rest_imported(make_site):
    report = import_site(make_site(JEKYLL))
    assert report.format == "jekyll"
    assert warnings_of(report) == JEKYLL_WARNINGS
    alpha = Challenge.objects.get()
    assert (alpha.slug, alpha.body, alpha.cohort.year, alpha.status) == (
        "alpha", "Texte.", 2021, "finished",
    )  # fmt: skip
    assert list(alpha.key_figures.values_list("label", flat=True)) == ["usagers"]
    assert alpha.key_figures.get().amount == 1200
    roles = alpha.roles.order_by("person__full_name")
    assert list(roles.values_list("person__full_name", "kind", "profile__name")) == [
        ("Jean Dupont", "fellow", "Développement"),
        ("Marie Curie", "operational_mentor", None),
    ]
    assert Person.objects.get(full_name="Jean Dupont").bio == "Ma bio."
    assert Role.objects.count() == 2  # Fantôme's promotion is Alpha's: nothing more to add
    assert list(Post.objects.order_by("slug").values_list("slug", "is_published")) == [
        ("bonjour", True), ("sans-date", False),
    ]  # fmt: skip


def test_a_broken_data_file_is_reported_and_the_rest_imported(make_site):
    files = {**JEKYLL, "_data/defis.yml": "Alpha:\n  title: [Alpha\n  promotion: 5\n"}
    report = import_site(make_site(files))
    assert warnings_of(report)[0] == (
        "_data/defis.yml", "invalid YAML at line 3: did not find expected ',' or ']'",
    )  # fmt: skip
    # Without its data entry the défi keeps its file, and its year names its promotion.
    alpha = Challenge.objects.get()
    assert (alpha.title, alpha.cohort.number) == ("Alpha", 5)
    assert Person.objects.filter(full_name="Jean Dupont").exists()


def test_hugo_under_site_content_is_recognised(make_site):
    root = make_site(
        {
            "config.toml": 'title = "EIG"\n',
            "site/layouts/index.html": "<html></html>",
            "site/content/_index.md": "---\ntitle: Accueil\nintro:\n  title: Bienvenue\n---\n",
            "site/content/defis/_index.md": "---\ntitle: Les défis\n---\n",
            "site/content/defis/beta.md": "---\ntitle: Bêta\npromos: [Promotion 2]\n---\n",
        }
    )
    site = detect(root)
    assert (site.format, site.content) == ("hugo", root / "site" / "content")
    report = import_site(root)
    assert warnings_of(report) == [
        (
            "site/content/defis/_index.md",
            "section index (title of the list page): nothing to import",
        )
    ]
    assert Challenge.objects.get().slug == "beta"
    assert report.created["pages"] == 1
