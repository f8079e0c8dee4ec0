"""A programme's template: exported from the demo's EIG, imported into a new programme."""

import json
import re

import pytest
from django.contrib.auth import get_user_model

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, Call
from cohorte.content.models import Category, FaqEntry, Page
from cohorte.notifications.models import EmailTemplate
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort, Programme
from cohorte.programmes.templates_io import dumps, export_template, import_template
from cohorte.surveys.models import Survey

pytestmark = pytest.mark.django_db


@pytest.fixture
def eig(lay_demo):
    lay_demo()  # what `manage.py demo` loads
    return Programme.objects.order_by("pk").first()


def _empty_site():
    Page.objects.all().delete()
    FaqEntry.objects.all().delete()
    Category.objects.all().delete()
    EmailTemplate.objects.filter(call=None).delete()


def _new_programme():
    programme = Programme.objects.create(name="Talents du numérique", short_name="TDN", slug="tdn")
    Cohort.objects.create(programme=programme, name="Talents 2040", slug="talents-2040", year=2040)
    return programme


def test_a_template_imported_into_a_new_programme_gives_back_every_part(eig):
    template = export_template(eig)
    assert template["format"] == "cohorte-programme" and template["version"] == 1
    assert {c["kind"] for c in template["sections"]["calls"]} == {"applications", "projects"}
    assert all(template["sections"][name] for name in ("pages", "faq", "funding_rules"))
    assert {s["audience"] for s in template["sections"]["surveys"]} == {"fellows", "mentors"}
    _empty_site()
    programme = _new_programme()

    report = import_template(programme, dumps(template).encode())

    again = export_template(programme)
    assert again["programme"] == template["programme"]
    assert again["sections"] == template["sections"]
    assert report.counts["programme"].updated == 1
    assert report.counts["pages"].created == len(template["sections"]["pages"])
    assert report.skipped == []
    # The calls are the new promotion's, ahead of today: the import opens none.
    calls = Call.objects.filter(cohort__programme=programme)
    assert calls.count() == 2 and not any(call.is_open() for call in calls)
    assert not Application.objects.filter(call__in=calls).exists()
    # The questionnaires wait for the team to send them.
    surveys = Survey.objects.filter(cohort__programme=programme)
    assert surveys.count() == 2 and not surveys.filter(sent_at__isnull=False).exists()


def test_importing_twice_changes_nothing_the_second_time(eig):
    content = dumps(export_template(eig)).encode()
    _empty_site()
    programme = _new_programme()
    import_template(programme, content)
    rows = _snapshot()

    report = import_template(programme, content)

    assert _snapshot() == rows
    assert all(c.created == 0 and c.updated == 0 for c in report.counts.values())


def _snapshot():
    from cohorte.calls.models import Question, Round, Statement
    from cohorte.projects.models import FundingRules, ProjectCallSettings, SalaryBand
    from cohorte.reviews.models import Criterion, Grid
    from cohorte.surveys.models import Question as SurveyQuestion

    models = [
        *(Programme, Cohort, Page, FaqEntry, Category, EmailTemplate, Call, Round, Question),
        *(Statement, Grid, Criterion, FundingRules, SalaryBand, ProjectCallSettings),
        *(Survey, SurveyQuestion),
    ]
    return {m.__name__: _rows(m) for m in models}


def _rows(model) -> list[str]:
    rows = []
    for row in model.objects.values():
        row.pop("updated_at", None)  # saved again or not, the content is what counts
        rows.append(json.dumps(row, sort_keys=True, default=str))
    return sorted(rows)


def test_the_template_holds_no_personal_data(eig):
    text = dumps(export_template(eig))

    users = get_user_model().objects.all()
    assert users.exists() and Person.objects.exists()
    for user in users:
        assert user.email.lower() not in text.lower()
    for person in Person.objects.all():
        assert person.full_name not in text
    for application in Application.objects.exclude(last_name=""):
        assert f"{application.first_name} {application.last_name}" not in text
    # The only address it holds is the programme's own contact.
    addresses = set(re.findall(r"[\w.+-]+@[\w-]+\.[\w.]+", text))
    assert addresses <= {eig.contact_email}


def test_the_export_and_the_import_are_journaled(eig):
    template = export_template(eig)
    exported = ActivityLog.objects.get(action="programme.template_exported")
    assert exported.data["counts"]["pages"] == len(template["sections"]["pages"])
    _empty_site()
    programme = _new_programme()

    import_template(programme, dumps(template).encode())

    imported = ActivityLog.objects.get(action="programme.template_imported")
    assert imported.object_id == str(programme.pk)
    assert imported.data["counts"]["faq"]["created"] == len(template["sections"]["faq"])
    assert imported.data["skipped"] == []
