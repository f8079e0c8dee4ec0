"""The importers' small pieces: front matter, promotion names, the sites' vocabulary."""

import datetime

import pytest

from cohorte.content.importers.cohorts import DIG, CohortKey, merge_aliases, parse_reference
from cohorte.content.importers.frontmatter import ContentError, decode, parse
from cohorte.content.importers.hugo_pages import flatten, page_slug
from cohorte.content.importers.parts import dated_name, decimal, moment
from cohorte.content.importers.vocabulary import (
    absolute_url,
    handle,
    hugo_role_kind,
    organisation_kind,
    organisation_name,
    profile_expertise,
    real_bio,
    real_photo,
)


def test_front_matter_is_split_from_the_body():
    document = parse("---\ntitle: Alpha\ntags: [a, b]\n---\n\nLe texte.\n")
    assert (document.meta, document.body, document.duplicates) == (
        {"title": "Alpha", "tags": ["a", "b"]}, "Le texte.", [],
    )  # fmt: skip


def test_windows_newlines_bom_toml_and_empty_front_matter():
    assert parse(decode("\ufeff---\r\ntitle: A\r\n---\r\nB".encode())).meta == {"title": "A"}
    assert parse('+++\ntitle = "A"\n+++\nB').meta == {"title": "A"}
    assert parse("---\n---\nB").meta == {}
    assert parse("---\ntitle: A\n...\nB").body == "B"  # YAML's own end marker


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("title: A\n", "no front matter: the file must start with a '---' line"),
        ("---\ntitle: A\n", "front matter not closed: no '---' line after the first one"),
        ("---\n- a\n- b\n---\n", "front matter is a list, not a set of 'key: value'"),
        (
            "---\ntitle: a: b\n---\n",
            "invalid YAML at line 2: mapping values are not allowed in this context",
        ),
        ("---\ndate: 2020-13-45\n---\n", "invalid YAML value: month must be in 1..12"),
    ],
)
def test_malformed_front_matter_says_why(text, reason):
    with pytest.raises(ContentError) as raised:
        parse(text)
    assert raised.value.reason == reason


def test_only_conflicting_duplicate_keys_are_reported():
    assert parse("---\ntitle: A\ntitle: A\n---\n").duplicates == []
    assert parse("---\ntitle: A\ntitle: B\n---\n").duplicates == ["title (line 3)"]


def test_non_utf8_bytes_are_named():
    with pytest.raises(ContentError) as raised:
        decode("Défi".encode("latin-1"))
    assert (
        raised.value.reason == "not UTF-8 text (byte 0xe9 at offset 1): re-save the file as UTF-8"
    )


@pytest.mark.parametrize(
    ("raw", "key"),
    [
        (4, CohortKey(4)), ("4", CohortKey(4)), ("EIG 4", CohortKey(4)), ("eig-4", CohortKey(4)),
        ("Promotion 4", CohortKey(4)), ("EIG4", CohortKey(4)), ("dig", DIG), ("DIG", DIG),
        ("Promotion 3 - DIG", DIG), ("2019 eig-dig", DIG), (2019, None), ("Saison", None),
        (True, None), (None, None),
    ],
)  # fmt: skip
def test_promotion_references(raw, key):
    assert parse_reference(raw) == key


def test_aliases_are_kept_once_whatever_their_spelling():
    assert merge_aliases(["EIG 4"], ["eig-4", "Promotion 4", "EIG 4 "]) == ["EIG 4", "Promotion 4"]


@pytest.mark.parametrize(
    ("job", "expertise"),
    [
        ("Data scientist", "Data science"), ("Datascientiste", "Data science"),
        ("Développeuse", "Développement"), ("webdev", "Développement"), ("dev", "Développement"),
        ("Designeuse", "Design"), ("Data engineer", "Data engineering"),
        ("Juriste du numérique", "Juriste"), ("Directrice de l'impact", "Direction de l'impact"),
        ("Directeur technique", "Direction technique"), ("geomatique", "Géomatique"),
        ("Mentor", ""), ("Porteur de projet", ""),
    ],
)  # fmt: skip
def test_profiles_map_to_expertises(job, expertise):
    assert profile_expertise(job) == expertise


def test_hugo_roles():
    assert hugo_role_kind("participant", "Designer") == "fellow"
    assert hugo_role_kind("agent-public", "Porteuse de projet") == "operational_mentor"
    assert hugo_role_kind("agent-public", "Sponsor") == "senior_mentor"
    assert hugo_role_kind("agent-programme-alumni", " Accompagnement") == "team"
    assert hugo_role_kind("astronaute", "") is None


def test_organisation_names_and_kinds():
    assert organisation_name("Direction interministérielle du numérique (DINUM),") == (
        "Direction interministérielle du numérique", "DINUM",
    )  # fmt: skip
    assert organisation_name("Administration de rattachement :Ministère de la Culture") == (
        "Ministère de la Culture", "",
    )  # fmt: skip
    assert organisation_name("Santé publique (autres)") == ("Santé publique (autres)", "")
    assert organisation_kind("Ministère de la Justice") == "ministry"
    assert organisation_kind("Direction du budget") == "central"
    assert organisation_kind("Agence régionale de santé Occitanie") == "regional"
    assert organisation_kind("Haute Autorité de Santé") == "independent"
    assert organisation_kind("Cerema") == "operator"
    assert organisation_kind("Brigade de Sapeurs-Pompiers de Paris") == "other"


def test_handles_urls_placeholders():
    assert handle("https://github.com/AliaumeL/") == "AliaumeL"
    assert handle("@trojette") == "trojette"
    assert absolute_url("www.example.org") == "https://www.example.org"
    assert absolute_url("/img/a.png") == ""
    assert real_photo("/img/communaute/sans-photo.png") == ""
    assert real_photo("img/placeholder_femme.png") == ""
    assert real_photo("img/a.jpg") == "img/a.jpg"
    assert real_bio("La description de ce profil est en cours de rédaction et sera…") == ""


def test_dates_numbers_and_names():
    assert dated_name("18-02-27-bootcamp") == (datetime.date(2018, 2, 27), "bootcamp", False)
    assert dated_name("_2019-06-12-brouillon") == (datetime.date(2019, 6, 12), "brouillon", True)
    assert dated_name("sans-date") == (None, "sans-date", False)
    assert moment(datetime.date(2021, 4, 1)).isoformat() == "2021-04-01T00:00:00+02:00"
    assert moment("2021-10-14T08:29:00.684Z").isoformat() == "2021-10-14T08:29:00.684000+00:00"
    assert moment(2022) is None
    assert (decimal("1 288"), decimal("2,5"), decimal("beaucoup")) == (1288, 2.5, None)


def test_structured_pages_are_flattened_to_markdown():
    meta = {
        "title": "Proposer",
        "desc": "Résumé",
        "callout": {"title": "Appel", "desc": "Déposez.", "btnUrl": "/x"},
        "steps": {"dates": [{"date": "Janvier", "desc": "Jury."}]},
        "list": ["a", "b"],
    }
    assert flatten(meta, 2, top=True) == [
        "## Appel", "Déposez.", "### Janvier", "Jury.", "* a\n* b",
    ]  # fmt: skip
    assert page_slug(("participer", "candidats", "_index.md"), {}) == "participer-candidats"
    assert page_slug(("_index.md",), {}) == "accueil"
    assert page_slug(("program.md",), {"url": "/programme"}) == "programme"
