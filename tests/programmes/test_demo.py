"""manage.py demo builds a realistic programme, once."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.people.models import Person, Role
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db


def test_demo_builds_the_promised_programme():
    call_command("demo", verbosity=0)
    assert Cohort.objects.count() == 3
    assert Challenge.objects.count() == 20
    assert Person.objects.count() >= 60
    assert set(Role.objects.values_list("kind", flat=True)) == {
        "fellow", "operational_mentor", "senior_mentor", "team", "jury",
    }  # fmt: skip
    assert Call.objects.upcoming_at(timezone.now()).count() == 1
    assert Call.objects.open_at(timezone.now()).count() == 1


def test_demo_is_deterministic():
    call_command("demo", verbosity=0)
    first = list(Person.objects.order_by("slug").values_list("slug", flat=True))
    Role.objects.all().delete()
    for model in (Call, Challenge, Person, Cohort):
        model.objects.all().delete()
    from cohorte.challenges.models import Expertise, Theme
    from cohorte.content.models import Category, FaqEntry, Page, Post
    from cohorte.organisations.models import Organisation

    for model in (Post, Category, FaqEntry, Page, Organisation, Expertise, Theme):
        model.objects.all().delete()
    call_command("demo", verbosity=0)
    assert list(Person.objects.order_by("slug").values_list("slug", flat=True)) == first


def test_demo_refuses_a_database_with_data_and_if_empty_skips_it(capsys):
    call_command("demo", verbosity=0)
    with pytest.raises(CommandError, match="déjà des défis"):
        call_command("demo")
    call_command("demo", "--if-empty")
    assert "démo non chargée" in capsys.readouterr().out
    assert Challenge.objects.count() == 20
