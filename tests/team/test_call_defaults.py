"""What a new call starts from: the programme's statements and grid criteria, edited by the
team in /gestion/configuration/reglages/, each change journaled, each refusal explained."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls import configuration
from cohorte.calls.models import Call
from cohorte.programmes.call_defaults import EIG_CRITERIA, EIG_STATEMENTS
from cohorte.programmes.models import Programme
from tests.factories import CohortFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db
URL = "/gestion/configuration/reglages/"


@pytest.fixture
def programme():
    return ProgrammeFactory()


def _data(**changes):
    data = {
        "default_statements": "\n".join(EIG_STATEMENTS),
        "default_criteria": "\n".join(f"{label} : {text}" for label, text in EIG_CRITERIA),
        "default_project_criteria": "Pertinence du besoin",
    }
    return data | changes


def _state(programme):
    programme.refresh_from_db()
    return (
        programme.default_statements,
        programme.default_criteria,
        programme.default_project_criteria,
        ActivityLog.objects.count(),
    )


def _new_call(cohort, kind, actor):
    opens = timezone.now() + datetime.timedelta(days=1)
    return configuration.create_call(
        cohort=cohort, kind=kind, title=f"Appel {kind}", round_name="Session",
        opens_at=opens, closes_at=opens + datetime.timedelta(days=20), actor=actor,
    )  # fmt: skip


def test_the_page_shows_the_programme_s_defaults(client, team, programme):
    form = client.get(URL).context["form"]
    assert form["default_statements"].value() == "\n".join(EIG_STATEMENTS)
    assert form["default_criteria"].value().splitlines()[1] == (
        "Motivation pour l'intérêt général : Compréhension des enjeux du service public."
    )


def test_new_calls_start_from_what_the_team_saved(client, team, programme):
    response = client.post(
        URL,
        {
            "default_statements": "  Je réside en France.  \n\nJe ne suis pas agent du ministère.",
            "default_criteria": "Parcours : Ce que la personne a fait.\nMotivation",
            "default_project_criteria": "Besoin : Un besoin clair.",
        },
        follow=True,
    )
    assert "Les nouveaux appels partiront de ces réglages." in response.content.decode()
    programme.refresh_from_db()
    assert programme.default_statements == [
        "Je réside en France.",
        "Je ne suis pas agent du ministère.",
    ]
    assert programme.default_criteria == [
        ["Parcours", "Ce que la personne a fait."],
        ["Motivation", ""],
    ]
    assert programme.default_project_criteria == [["Besoin", "Un besoin clair."]]
    entry = ActivityLog.objects.get(action="programme.call_defaults_updated")
    assert (entry.object_id, entry.actor, entry.data) == (
        str(programme.pk), team,
        {"fields": ["default_statements", "default_criteria", "default_project_criteria"]},
    )  # fmt: skip

    cohort = CohortFactory(programme=programme)
    call = _new_call(cohort, Call.Kind.APPLICATIONS, team)
    assert list(call.statements.values_list("text", flat=True)) == programme.default_statements
    grid = configuration.create_grid(call, team)
    assert list(grid.criteria.values_list("label", "description")) == [
        ("Parcours", "Ce que la personne a fait."), ("Motivation", ""),
    ]  # fmt: skip
    projects = _new_call(cohort, Call.Kind.PROJECTS, team)
    projects.grid = None
    projects.save(update_fields=["grid"])
    assert list(
        configuration.create_grid(projects, team).criteria.values_list("label", flat=True)
    ) == ["Besoin"]


def test_saving_the_same_defaults_changes_nothing(client, team, programme):
    client.post(URL, _data())
    before = _state(programme)
    response = client.post(URL, _data(), follow=True)
    assert "Rien n’a changé." in response.content.decode()
    assert _state(programme) == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        (
            {"default_criteria": "Parcours\n : sans libellé"},
            "La ligne 2 n’a pas de libellé avant « : ».",
        ),
        (
            {"default_criteria": "Parcours : a\nparcours : b"},
            "Le critère « parcours » figure deux fois.",
        ),
        ({"default_project_criteria": "\n".join(f"C{i}" for i in range(21))}, "20 lignes au plus."),
        ({"default_statements": "x" * 501}, "La déclaration de la ligne 1 dépasse 500 caractères."),
        ({"default_criteria": "L" * 301}, "Le libellé de la ligne 1 dépasse 300 caractères."),
    ],
)
def test_bad_defaults_are_refused_and_change_nothing(client, team, programme, changes, message):
    before = _state(programme)
    response = client.post(URL, _data(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _state(programme) == before


def test_a_programme_without_usual_criteria_gets_an_empty_grid_to_fill(client, team):
    programme = Programme.objects.create(name="Talents du numérique", short_name="TDN", slug="tdn")
    call = _new_call(CohortFactory(programme=programme), Call.Kind.APPLICATIONS, team)
    assert not call.statements.exists()
    page = client.get(reverse("team:config_grid", args=[call.pk])).content.decode()
    assert "Créer la grille</button>" in page and "critères habituels" not in page
    response = client.post(reverse("team:config_grid_create", args=[call.pk]), follow=True)
    assert "La grille est créée : ajoutez-lui ses critères." in response.content.decode()
    call.refresh_from_db()
    assert call.grid is not None and not call.grid.criteria.exists()
