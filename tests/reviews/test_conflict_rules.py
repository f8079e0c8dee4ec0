"""The rule that suggests conflicts of interest (pure)."""

from cohorte.reviews.conflicts import (
    MAIL_DOMAIN,
    ORGANISATION_DOMAIN,
    ORGANISATION_NAMED,
    OrganisationRef,
    Suggestion,
    answers_text,
    email_domain,
    same_domain,
    suggest,
    website_domain,
)

DINUM = OrganisationRef(name="Direction interministérielle du numérique", acronym="DINUM",
                        domain="numerique.gouv.fr")  # fmt: skip


def test_email_and_website_domains():
    assert email_domain("Alex.Martin@Interieur.GOUV.fr") == "interieur.gouv.fr"
    assert email_domain("no-at-sign") == ""
    assert website_domain("https://www.numerique.gouv.fr/dinum/") == "numerique.gouv.fr"
    assert website_domain("numerique.gouv.fr") == "numerique.gouv.fr"
    assert website_domain("") == ""


def test_same_domain_accepts_subdomains_only():
    assert same_domain("dgfip.finances.gouv.fr", "finances.gouv.fr")
    assert same_domain("finances.gouv.fr", "finances.gouv.fr")
    assert not same_domain("beta.gouv.fr", "numerique.gouv.fr")
    assert not same_domain("", "numerique.gouv.fr")


def test_same_mail_domain_is_suggested():
    found = suggest("mentor@interieur.gouv.fr", "alex@interieur.gouv.fr", [], "")
    assert found == [Suggestion(MAIL_DOMAIN, "interieur.gouv.fr")]


def test_webmail_domains_are_ignored():
    for domain in ["gmail.com", "outlook.fr", "hotmail.fr", "yahoo.fr", "orange.fr", "free.fr",
                   "protonmail.com", "icloud.com", "laposte.net", "wanadoo.fr"]:  # fmt: skip
        assert suggest(f"a@{domain}", f"b@{domain}", [], "") == []


def test_candidate_writing_from_an_organisation_of_the_reviewer():
    found = suggest("mentor@gmail.com", "alex@numerique.gouv.fr", [DINUM], "")
    assert found == [Suggestion(ORGANISATION_DOMAIN, DINUM.name)]


def test_organisation_named_in_answers_by_name_or_acronym_ignoring_case_and_accents():
    by_acronym = suggest("m@x.org", "c@y.org", [DINUM], "J'ai été stagiaire à la dinum en 2019.")
    assert by_acronym == [Suggestion(ORGANISATION_NAMED, DINUM.name)]
    by_name = suggest("m@x.org", "c@y.org", [DINUM], "la DIRECTION interministerielle du numérique")
    assert by_name == [Suggestion(ORGANISATION_NAMED, DINUM.name)]


def test_acronyms_match_whole_words_only_and_short_ones_are_ignored():
    assert suggest("m@x.org", "c@y.org", [DINUM], "Les dinumériques") == []
    short = OrganisationRef(name="Secrétariat général", acronym="SG")
    assert suggest("m@x.org", "c@y.org", [short], "sg sg sg") == []


def test_nothing_in_common_suggests_nothing():
    assert suggest("m@culture.gouv.fr", "c@example.org", [DINUM], "Développeuse à Lyon.") == []


def test_answers_text_flattens_text_and_lists():
    text = answers_text({"1": "Bonjour", "2": ["DINUM", "Etalab"], "3": True, "4": None})
    assert text == "Bonjour\nDINUM\nEtalab"
