"""Search without accents, case or punctuation: the folding, the column and the query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorte.challenges.models import Challenge
from cohorte.people.models import Person
from cohorte.search import fold, matching, refresh_search_texts, search_text
from tests.factories import ApplicationFactory, ChallengeFactory, PersonFactory


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Vélo", "velo"),
        ("FRANÇOIS", "francois"),
        ("Œuvre d’art", "oeuvre d art"),
        ("Éluard-Dupont", "eluard dupont"),
        ("Straße", "strasse"),
        ("ﬁnances", "finances"),
        ("  deux   espaces\n", "deux espaces"),
        ("Москва", "москва"),  # letters of other scripts stay searchable
        (None, ""),
    ],
)
def test_fold(text, folded):
    assert fold(text) == folded


def test_search_text_reads_json_answers():
    answers = {"1": "Une API à Nantes", "2": ["Python", "Rust"], "3": True, "4": None}
    assert search_text("Zoé", answers) == "zoe une api a nantes python rust"


@pytest.mark.django_db
def test_the_column_follows_every_save():
    challenge = ChallengeFactory(title="Vélo", tagline="", body="")
    assert challenge.search_text == "velo"
    challenge.title = "Qualité de l’air"
    challenge.save(update_fields=["title"])
    assert Challenge.objects.get(pk=challenge.pk).search_text == "qualite de l air"
    challenge.status = Challenge.Status.RUNNING
    challenge.save(update_fields=["status"])  # nothing searched changed: the column stays
    assert Challenge.objects.get(pk=challenge.pk).search_text == "qualite de l air"


@pytest.mark.django_db
def test_an_application_is_found_by_its_answers():
    application = ApplicationFactory(first_name="Zoé", answers={"1": "Géomatique à Lyon"})
    assert "zoe" in application.search_text and "geomatique a lyon" in application.search_text


@pytest.mark.django_db
def test_every_word_must_match_one_field_in_one_query():
    francois = PersonFactory(full_name="François Lefèvre", job_title="Designer")
    PersonFactory(full_name="Frank Lefranc", job_title="Développeur")
    with CaptureQueriesContext(connection) as queries:
        found = list(matching(Person.objects.all(), "francois DESIGNER"))
    assert found == [francois]
    assert len(queries) == 1
    assert list(matching(Person.objects.all(), "francois développeur")) == []
    assert matching(Person.objects.all(), " ’ ").count() == 2  # no word, no filter


@pytest.mark.django_db
def test_existing_rows_are_folded_by_the_migrations_helper():
    person = PersonFactory(full_name="Élodie Mercier", job_title="Cheffe de projet")
    Person.objects.filter(pk=person.pk).update(search_text="")
    refresh_search_texts(Person, ("full_name", "job_title"), batch_size=1)
    assert Person.objects.get(pk=person.pk).search_text == "elodie mercier cheffe de projet"
