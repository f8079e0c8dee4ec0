"""Titles agree with the person: feminine, masculine, or inclusive when nothing is said."""

import importlib

import pytest
from django.apps import apps

from cohorte.people.grammar import Form, guess_form, role_title
from cohorte.people.models import Person, Role
from tests.factories import PersonFactory, RoleFactory


@pytest.mark.parametrize(
    ("titles", "form"),
    [
        (["Cheffe de projet"], Form.FEMININE),
        (["Développeuse"], Form.FEMININE),
        (["Chargée de mission données"], Form.FEMININE),
        (["Développeur"], Form.MASCULINE),
        (["Directeur du numérique"], Form.MASCULINE),
        (["Designer"], ""),  # the same word for everyone
        (["Responsable du service"], ""),
        (["Data scientist"], ""),
        (["Chef de bureau", "Développeuse"], ""),  # contradictory: no guess
        ([""], ""),
    ],
)
def test_the_form_is_guessed_only_from_unmistakable_titles(titles, form):
    assert guess_form(*titles) == form


def test_role_titles():
    assert role_title("operational_mentor", Form.FEMININE) == "mentore opérationnelle"
    assert role_title("senior_mentor", Form.MASCULINE) == "mentor de haut niveau"
    assert role_title("senior_mentor", "") == "mentor·e de haut niveau"
    assert role_title("coach", Form.FEMININE) is None  # "coach" never agrees
    # The fellows' title is the programme's word, the same in every form ("EIG", "talent").
    assert role_title("fellow", Form.FEMININE) == "EIG"


@pytest.mark.django_db
def test_a_role_reads_its_person_form():
    role = RoleFactory(person=PersonFactory(form=Form.FEMININE), kind=Role.Kind.SENIOR_MENTOR)
    assert role.label == "mentore de haut niveau"
    assert RoleFactory(kind=Role.Kind.FELLOW).label == "EIG"


@pytest.mark.django_db
def test_the_migration_guesses_the_form_of_people_already_imported():
    cheffe = PersonFactory(job_title="Cheffe de bureau")
    stated = PersonFactory(job_title="Développeur", form=Form.NEUTRAL)
    silent = PersonFactory(job_title="Designer")
    Person.objects.filter(pk=cheffe.pk).update(form="")
    migration = importlib.import_module(
        "cohorte.people.migrations.0003_person_form_and_inclusive_role_titles"
    )
    migration.guess_from_job_titles(apps, None)
    forms = dict(Person.objects.values_list("pk", "form"))
    assert forms == {cheffe.pk: Form.FEMININE, stated.pk: Form.NEUTRAL, silent.pk: ""}
