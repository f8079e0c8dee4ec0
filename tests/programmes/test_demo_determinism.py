"""manage.py demo gives the same programme on every run: same people, applications, decisions."""

import pytest
from django.core.management import call_command

from cohorte.calls.models import Application
from cohorte.people.models import Person
from cohorte.selection.models import Decision


@pytest.mark.django_db(transaction=True)
def test_demo_is_deterministic():
    def fingerprint():
        return (
            list(Person.objects.order_by("slug").values_list("slug", flat=True)),
            list(
                Application.objects.order_by("call__slug", "last_name", "first_name").values_list(
                    "call__slug", "first_name", "last_name", "status", "eligibility"
                )
            ),
            sorted(Decision.objects.values_list("application__last_name", "outcome", "status")),
        )

    call_command("demo", verbosity=0)
    first = fingerprint()
    call_command("flush", interactive=False, verbosity=0)
    call_command("demo", verbosity=0)
    assert fingerprint() == first
