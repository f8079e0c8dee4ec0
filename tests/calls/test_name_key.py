"""The stored name key lists sort by: folded as searches fold, written on every save, backfilled."""

from importlib import import_module

import pytest
from django.apps import apps

from cohorte.calls.models import Application
from cohorte.search import name_key, refresh_name_keys
from tests.factories import ApplicationFactory

pytestmark = pytest.mark.django_db


def stored_key(application) -> str:
    return Application.objects.values_list("sort_name", flat=True).get(pk=application.pk)


@pytest.mark.parametrize(
    ("last", "first", "key"),
    [
        ("Éluard", "Paul", "eluard\tpaul"),
        ("DURAND", "Zoé", "durand\tzoe"),
        ("Lœuvre", "Chloé", "loeuvre\tchloe"),
        ("Cæsar", "ÆLIS", "caesar\taelis"),
        ("Martin-Dupont", "Jean Marc", "martin dupont\tjean marc"),
        ("", "Camille", "\tcamille"),
    ],
)
def test_the_key_folds_accents_ligatures_and_case(last, first, key):
    assert name_key(last, first) == key


def test_the_key_is_written_on_create_and_on_every_edit():
    application = ApplicationFactory(last_name="Éluard", first_name="Paul")
    assert stored_key(application) == "eluard\tpaul"
    application.last_name = "Œillet"
    application.save(update_fields=["last_name"])  # the key follows a partial save
    assert stored_key(application) == "oeillet\tpaul"
    application.first_name = "Zoé"
    application.save()
    assert stored_key(application) == "oeillet\tzoe"


def test_french_order_puts_accented_letters_with_their_plain_ones():
    people = [("Martin-Dupont", "Anne"), ("Martin", "Zoé"), ("Éluard", "Paul"),
              ("Durand", "Bob"), ("martin", "Élise"), ("Emery", "Léa")]  # fmt: skip
    made = {ApplicationFactory(last_name=last, first_name=first).pk: last for last, first in people}
    ordered = Application.objects.filter(pk__in=made).order_by("sort_name", "pk")
    assert [(a.last_name, a.first_name) for a in ordered] == [
        ("Durand", "Bob"),
        ("Éluard", "Paul"),
        ("Emery", "Léa"),
        ("martin", "Élise"),
        ("Martin", "Zoé"),  # every Martin before the double-barrelled name
        ("Martin-Dupont", "Anne"),
    ]


def test_the_migration_backfills_every_row_in_batches():
    applications = [
        ApplicationFactory(last_name=last, first_name=first)
        for last, first in [("Éluard", "Paul"), ("Œuf", "Zoé"), ("Bernard", "Léa")]
    ]
    Application.objects.update(sort_name="")  # rows written before the column existed
    refresh_name_keys(Application, batch_size=2)  # two batches, the last one short
    assert [stored_key(a) for a in applications] == ["eluard\tpaul", "oeuf\tzoe", "bernard\tlea"]
    Application.objects.update(sort_name="")
    migration = import_module("cohorte.calls.migrations.0008_application_sort_name")
    migration.key_existing_rows(apps, None)
    assert [stored_key(a) for a in applications] == ["eluard\tpaul", "oeuf\tzoe", "bernard\tlea"]
