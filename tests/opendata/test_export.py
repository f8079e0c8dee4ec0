"""manage.py export_opendata and the nightly job: a valid Frictionless package of the public
data, written all at once or not at all."""

import csv
import json
from pathlib import Path

import frictionless
import pytest
from django.core.management import CommandError, call_command

from cohorte import periodic
from cohorte.alumni.models import AlumniProfile
from cohorte.api.endpoints import challenge_item
from cohorte.opendata import package, queries, resources
from cohorte.people.models import Person

from .conftest import SITE

pytestmark = pytest.mark.django_db

FILES = sorted(
    [
        "README.md",
        "datapackage.json",
        *[f"{name}.{ext}" for name in (
            "defis", "chiffres-defis", "realisations", "promotions", "administrations",
            "personnes", "roles", "publications", "chiffres-cles", "impact",
        ) for ext in ("csv", "json")],
    ]
)  # fmt: skip


def read_csv(folder: Path, name: str) -> list[dict]:
    with open(folder / f"{name}.csv", encoding="utf-8", newline="") as source:
        return list(csv.DictReader(source))


def export(folder: Path) -> Path:
    call_command("export_opendata", str(folder))
    return folder


def test_the_package_is_valid_and_complete(open_world, tmp_path):
    folder = export(tmp_path / "paquet")
    assert sorted(p.name for p in folder.iterdir()) == FILES
    assert [p.name for p in tmp_path.iterdir()] == ["paquet"]  # no temporary folder left
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    described = json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))
    assert described["licenses"] == [
        {
            "name": "etalab-2.0",
            "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "title": "Licence Ouverte / Open Licence version 2.0",
        }
    ]
    assert described["created"] == "2027-03-10T10:00:00Z"
    assert described["homepage"] == f"{SITE}/donnees/"
    defis = described["resources"][0]
    assert {key: defis[key] for key in ("name", "path", "format", "mediatype", "encoding")} == {
        "name": "defis",
        "path": "defis.csv",
        "format": "csv",
        "mediatype": "text/csv",
        "encoding": "utf-8",
    }
    assert defis["schema"]["primaryKey"] == ["slug"]
    assert defis["schema"]["foreignKeys"][0] == {
        "fields": "promotion",
        "reference": {"resource": "promotions", "fields": "slug"},
    }
    assert defis["schema"]["fields"][4] == {
        "name": "statut",
        "type": "string",
        "description": "Statut du défi : published (publié), running (en cours), finished "
        "(terminé).",
        "constraints": {"required": True, "enum": ["published", "running", "finished"]},
    }
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert "Licence Ouverte / Open Licence version 2.0" in readme
    assert "## Défis (`defis.csv`, `defis.json`)" in readme


def test_the_content_matches_the_database(open_world, tmp_path):
    folder = export(tmp_path / "paquet")
    defis = read_csv(folder, "defis")
    assert [row["slug"] for row in defis] == ["donnees-sante", "forets"]
    assert defis[0] == {
        "slug": "donnees-sante",
        "titre": "Données de santé",
        "accroche": "Mieux soigner",
        "promotion": "promotion-11",
        "statut": "running",
        "administration_accueil": "dns",
        "porteur_administratif": "ministere-sante",
        "administrations_partenaires": "agence-donnees",
        "themes": "sante",
        "ville": "Paris",
        "places": "2",
        "duree_mois": "10",
        "liens_code": "https://code.example.org/sante",
        "liens_donnees": "https://data.example.org/sante",
        "startup_etat": "",
        "etat_apres_programme": "sustained",
        "etat_porte_par": "internal_team",
        "etat_depuis": "2027-02-01",
        "adresse_produit": "https://produit.example.gouv.fr",
        "mise_a_jour": "2027-03-01T09:30:00Z",
        "url": f"{SITE}/defis/donnees-sante/",
    }
    assert read_csv(folder, "chiffres-defis") == [
        {"defi": "donnees-sante", "ordre": "1", "valeur": "1200", "libelle": "patients suivis"}
    ]
    assert [row["titre"] for row in read_csv(folder, "realisations")] == ["Tableau de bord"]
    assert read_csv(folder, "personnes") == [
        {
            "slug": "camille-roux",
            "nom": "Camille Roux",
            "fonction": "Data scientist",
            "situation_actuelle": "other_administration",
            "structure_actuelle": "Insee",
            "url": f"{SITE}/personnes/camille-roux/",
        },
        {
            "slug": "noe-garnier",
            "nom": "Noé Garnier",
            "fonction": "",
            "situation_actuelle": "",
            "structure_actuelle": "",
            "url": f"{SITE}/personnes/noe-garnier/",
        },
    ]
    assert read_csv(folder, "roles") == [
        {"personne": "camille-roux", "role": "alumni", "libelle": "alumni",
         "promotion": "promotion-10", "defi": ""},
        {"personne": "camille-roux", "role": "fellow", "libelle": "EIG",
         "promotion": "promotion-11", "defi": "donnees-sante"},
        {"personne": "noe-garnier", "role": "operational_mentor",
         "libelle": "mentor opérationnel", "promotion": "promotion-10", "defi": "forets"},
        {"personne": "noe-garnier", "role": "fellow", "libelle": "EIG",
         "promotion": "promotion-11", "defi": ""},
    ]  # fmt: skip
    assert [row["slug"] for row in read_csv(folder, "administrations")] == [
        "agence-donnees",
        "dns",
        "ministere-sante",
    ]
    assert [row["slug"] for row in read_csv(folder, "publications")] == ["appel-2027"]
    assert read_csv(folder, "chiffres-cles") == [
        {"cle": "fellows", "libelle": "EIG recruté·es", "valeur": "3"},
        {"cle": "challenges", "libelle": "défis publiés", "valeur": "2"},
        {"cle": "organisations", "libelle": "administrations d’accueil", "valeur": "2"},
        {"cle": "cohorts", "libelle": "promotions", "valeur": "2"},
    ]
    # The JSON files hold the same rows, lists as arrays: those of the API.
    defis_json = json.loads((folder / "defis.json").read_text(encoding="utf-8"))
    api = [challenge_item(c) for c in queries.challenges()]
    assert defis_json == [
        {k: v for k, v in item.items() if k not in ("chiffres", "realisations")} for item in api
    ]
    text = "".join(p.read_text(encoding="utf-8") for p in folder.iterdir())
    for secret in ("camille@example.org", "Invisible", "Hôpital", "Note interne", "partly"):
        assert secret not in text


def test_withdrawn_consent_is_gone_from_the_next_export(open_world, tmp_path):
    folder = export(tmp_path / "paquet")
    assert "Insee" in (folder / "personnes.csv").read_text(encoding="utf-8")
    AlumniProfile.objects.filter(person=open_world.camille).update(path_public=False)
    export(folder)
    assert read_csv(folder, "personnes")[0]["structure_actuelle"] == ""
    assert "Insee" not in (folder / "personnes.json").read_text(encoding="utf-8")
    Person.objects.filter(pk=open_world.camille.pk).update(is_public=False)
    export(folder)
    for name in ("personnes", "roles"):
        assert "camille-roux" not in (folder / f"{name}.csv").read_text(encoding="utf-8")
        assert "Camille" not in (folder / f"{name}.json").read_text(encoding="utf-8")
    assert frictionless.validate(str(folder / "datapackage.json")).valid


def test_a_folder_that_cannot_be_written(open_world, tmp_path):
    blocker = tmp_path / "fichier"
    blocker.write_text("pas un dossier")
    people = list(Person.objects.values_list("pk", "is_public"))
    with pytest.raises(CommandError) as refused:
        call_command("export_opendata", str(blocker / "paquet"))
    assert str(refused.value) == (
        f"Le dossier « {blocker} » n’est pas accessible en écriture : rien n’a été exporté."
    )
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fichier"]
    assert blocker.read_text() == "pas un dossier"
    assert list(Person.objects.values_list("pk", "is_public")) == people


def test_a_failed_export_leaves_the_previous_package(open_world, tmp_path, monkeypatch):
    folder = export(tmp_path / "paquet")
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    broken = resources.Resource(
        "publications", "Publications", "", resources.POST_FIELDS, lambda: 1 / 0
    )
    monkeypatch.setattr(package, "RESOURCES", (*resources.RESOURCES[:-2], broken))
    with pytest.raises(ZeroDivisionError):
        call_command("export_opendata", str(folder))
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["paquet"]


def test_the_nightly_job_publishes_under_opendata_root(open_world, settings):
    assert "opendata_export" in [job.name for job in periodic.jobs()]
    assert package.published() is None
    results = periodic.run_due()
    assert results["opendata_export"] == "ok"
    assert package.published()["created"] == "2027-03-10T10:00:00Z"
    assert frictionless.validate(str(Path(settings.OPENDATA_ROOT) / "datapackage.json")).valid


def test_the_default_root_is_under_the_media(settings, tmp_path):
    settings.OPENDATA_ROOT = ""
    settings.MEDIA_ROOT = tmp_path / "medias"
    assert package.root() == tmp_path / "medias" / "donnees-ouvertes"


def test_the_impact_resource_holds_the_impact_pages_figures(open_world, tmp_path):
    from cohorte.impact import figures

    folder = export(tmp_path / "paquet")
    rows = read_csv(folder, "impact")
    overall = figures.figures()
    programme = [row for row in rows if row["perimetre"] == "programme"]
    assert [row["cle"] for row in programme] == [figure.key for figure in overall]
    fellows = next(row for row in programme if row["cle"] == "fellows")
    expected = next(figure for figure in overall if figure.key == "fellows")
    assert (fellows["libelle"], fellows["valeur"]) == (expected.label, str(expected.value))
    per_cohort = {row["perimetre"] for row in rows} - {"programme"}
    assert per_cohort == {"promotion-11", "promotion-10"}
    assert len(rows) == len(overall) * 3
