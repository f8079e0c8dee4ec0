"""EIG's template (cohorte/programmes/templates_io/eig.json), and what it is for (issue #15 §3):
a new instance set up from an empty database imports it and opens its first call.

The file is ``manage.py export_programme`` of the demo built on DEMO_DAY; after a change of
the demo or of the format, write it again with ``COHORTE_WRITE_EIG_TEMPLATE=1`` set while
running ``test_eig_template_is_the_demo_export``.
"""

import datetime
import json
import os
import re

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import timezone

from cohorte.calls.configuration import save_round
from cohorte.calls.models import Call
from cohorte.programmes import setup
from cohorte.programmes.models import Programme
from cohorte.programmes.templates_io import EIG_FILE, dumps
from tests.programmes.test_setup import ACCOUNT, URL, programme_data

pytestmark = pytest.mark.django_db
DEMO_DAY = datetime.datetime(2026, 9, 1, 8, 0, tzinfo=datetime.UTC)


def _without_moment(template: dict) -> dict:
    return {key: value for key, value in template.items() if key != "exported_at"}


def test_eig_template_is_the_demo_export(tmp_path):
    with time_machine.travel(DEMO_DAY, tick=False):
        call_command("demo", verbosity=0)
        call_command("export_programme", str(tmp_path / "eig.json"), verbosity=0)
    exported = json.loads((tmp_path / "eig.json").read_text())
    if os.environ.get("COHORTE_WRITE_EIG_TEMPLATE"):
        EIG_FILE.write_text(dumps(exported))
    assert _without_moment(json.loads(EIG_FILE.read_text())) == _without_moment(exported)


@pytest.fixture
def new_instance(settings):
    settings.COHORTE_SETUP_REQUIRED = True
    setup.forget()
    yield
    setup.forget()


def test_a_new_instance_imports_eig_template_and_opens_its_first_call(client, caplog, new_instance):
    # The setup, from an empty database: the programme, the team's account, a promotion.
    with caplog.at_level("WARNING", logger="cohorte.programmes.setup"):
        client.get(URL)
    code = re.search(r"code d'installation (\S+)", caplog.text).group(1)
    client.post(URL, programme_data(code))
    client.post(URL, ACCOUNT)
    programme = Programme.objects.get()
    client.post(URL, {"programme": programme.pk, "name": "Talents 1", "year": "2027"})
    assert not setup.setup_needed()

    # EIG's template, checked then imported from the team's page.
    upload = SimpleUploadedFile("eig.json", EIG_FILE.read_bytes(), "application/json")
    assert client.post("/gestion/parametres/modele/", {"file": upload}).status_code == 200
    assert client.post("/gestion/parametres/modele/importer/").status_code == 302
    programme.refresh_from_db()
    eig = json.loads(EIG_FILE.read_text())
    assert programme.name == eig["programme"]["name"]
    calls = Call.objects.filter(cohort__name="Talents 1").order_by("opens_at")
    assert sorted(calls.values_list("kind", flat=True)) == ["applications", "projects"]
    assert not any(call.is_open() for call in calls)

    # The team opens the call for applications now: candidates may apply.
    call = calls.get(kind="applications")
    round_ = call.rounds.get()
    now = timezone.now()
    round_.opens_at = now - datetime.timedelta(hours=1)
    round_.closes_at = now + datetime.timedelta(days=30)
    save_round(round_, ["opens_at", "closes_at"], actor=None)
    call.refresh_from_db()
    assert call.is_open()
    assert [q["label"] for q in eig["sections"]["calls"][0]["questions"]] == list(
        call.questions.values_list("label", flat=True)
    )
    page = client.get(call.get_absolute_url()).content.decode()
    assert "Candidater" in page
