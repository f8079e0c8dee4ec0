"""The impact figures computed exactly on a hand-built world (tests/impact/world.py)."""

import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from cohorte.impact.figures import add_months, figures, headline, per_cohort
from cohorte.public.queries import key_figures
from tests.factories import ChallengeFactory, CohortFactory, PersonFactory, RoleFactory

from .world import TODAY

pytestmark = pytest.mark.django_db


def table(found):
    return {f.key: (f.value, f.numerator, f.denominator, f.unit) for f in found}


ALL = {
    "fellows": (5, 5, None, ""),
    "challenges": (5, 5, None, ""),
    "organisations": (3, 3, None, ""),
    # Signaux faibles sustained; Brigade numérique stopped at 12 months; Sans suivi unknown.
    "sustained_12": (50, 1, 2, "%"),
    # Camille and Alex public at 6 months, Noé in studies; Léa unknown.
    "public_service_6": (67, 2, 3, "%"),
    # Promotion 4 only: Alex public, Camille private since 01/08/2026.
    "public_service_12": (50, 1, 2, "%"),
    "code": (2, 2, None, ""),
    "data": (1, 1, None, ""),
    "events": (2, 2, None, ""),
    "attendance": (3, 3, 2, ""),
    "cofunding": (Decimal("120000.00"), Decimal("120000.00"), 1, "€"),
    "survey_answers": (2, 2, 3, ""),
}


def test_every_figure_over_all_cohorts(impact_world):
    assert table(figures()) == ALL


def test_each_figure_has_a_written_definition_with_its_date(impact_world):
    found = {f.key: f for f in figures()}
    for figure in found.values():
        assert figure.definition.endswith(".")
        assert "15 juin 2027" in figure.definition, figure.key
    assert found["sustained_12"].definition.endswith(
        "Promotions comptées (fin il y a 12 mois ou plus au 15 juin 2027) : Promotion 4."
    )
    assert found["public_service_6"].definition.endswith(
        "(fin il y a 6 mois ou plus au 15 juin 2027) : Promotion 5, Promotion 4."
    )
    assert found["sustained_12"].display == "50\u202f%"
    assert found["sustained_12"].basis == "1 sur 2"
    assert found["cofunding"].display == "120\u202f000\u00a0€"
    assert found["cofunding"].basis == "Arrêtés transférés : 1"
    assert found["attendance"].basis == "Événements tenus : 2"
    assert found["survey_answers"].basis == "Invitations envoyées : 3"
    assert found["fellows"].basis == ""


def test_figures_as_json(impact_world):
    found = {f.key: f.as_dict() for f in figures()}
    assert json.loads(json.dumps(found["cofunding"])) == {
        "key": "cofunding",
        "label": "Cofinancement transféré",
        "definition": found["cofunding"]["definition"],
        "value": "120000.00",
        "numerator": "120000.00",
        "denominator": 1,
        "unit": "€",
    }
    assert found["sustained_12"]["value"] == 50
    assert figures(impact_world.fifth)[3].as_dict()["value"] is None


def test_one_cohort(impact_world):
    assert table(figures(impact_world.fourth)) == {
        "fellows": (3, 3, None, ""),
        "challenges": (3, 3, None, ""),
        "organisations": (2, 2, None, ""),
        "sustained_12": (50, 1, 2, "%"),
        "public_service_6": (100, 2, 2, "%"),
        "public_service_12": (50, 1, 2, "%"),
        "code": (2, 2, None, ""),
        "data": (1, 1, None, ""),
        "events": (1, 1, None, ""),
        "attendance": (2, 2, 1, ""),
        "cofunding": (Decimal("120000.00"), Decimal("120000.00"), 1, "€"),
        "survey_answers": (2, 2, 3, ""),
    }


def test_a_percentage_over_nothing_is_not_measurable(impact_world):
    found = {f.key: f for f in figures(impact_world.fifth.pk)}
    assert table(found.values())["sustained_12"] == (None, 0, 0, "%")
    assert found["sustained_12"].display == "non mesurable"
    assert found["sustained_12"].definition.endswith(": aucune.")
    assert table(found.values())["public_service_6"] == (0, 0, 1, "%")
    assert found["public_service_6"].display == "0\u202f%"
    assert found["public_service_12"].display == "non mesurable"


def test_the_table_over_cohorts(impact_world):
    rows = per_cohort()
    assert [cohort.name for cohort, _ in rows] == ["Promotion 6", "Promotion 5", "Promotion 4"]
    by_name = {cohort.name: table(found) for cohort, found in rows}
    assert by_name["Promotion 4"] == table(figures(impact_world.fourth))
    assert by_name["Promotion 5"] == table(figures(impact_world.fifth))
    assert by_name["Promotion 6"] == table(figures(impact_world.sixth))
    assert by_name["Promotion 6"]["events"] == (1, 1, None, "")
    assert by_name["Promotion 6"]["cofunding"] == (0, 0, 0, "€")  # 0.00  # signed, not transferred


def test_filters_by_theme_and_host(impact_world):
    found = table(figures(theme=impact_world.theme.pk))
    assert found == {
        "fellows": (1, 1, None, ""),
        "challenges": (1, 1, None, ""),
        "organisations": (1, 1, None, ""),
        "sustained_12": (100, 1, 1, "%"),
        "public_service_6": (100, 1, 1, "%"),
        "public_service_12": (0, 0, 1, "%"),
        "code": (1, 1, None, ""),
        "data": (1, 1, None, ""),
    }  # events, co-funding and surveys are the cohort's, not a défi's: left out
    dgfip = impact_world.organisations["DGFiP"].pk
    found = table(figures(organisation=dgfip))
    assert found["challenges"] == (3, 3, None, "")
    assert found["fellows"] == (3, 3, None, "")
    assert found["sustained_12"] == (100, 1, 1, "%")  # Sans suivi has no state


def test_the_home_page_numbers_come_from_the_same_queries(impact_world):
    found = {f.key: f.value for f in figures()}
    expected = {key: found[key] for key in ("fellows", "challenges", "organisations")}
    assert key_figures() == headline() == {**expected, "cohorts": 3}


def test_months_are_calendar_months():
    assert add_months(datetime.date(2025, 11, 30), 12) == datetime.date(2026, 11, 30)
    assert add_months(datetime.date(2026, 8, 31), 6) == datetime.date(2027, 2, 28)
    assert add_months(datetime.date(2023, 8, 31), 6) == datetime.date(2024, 2, 29)


def _grow(world, size):
    """``size`` more cohorts, each with défis, fellows and states."""
    for number in range(size):
        cohort = CohortFactory(number=100 + number, end_date=datetime.date(2024, 6, 30))
        for _ in range(2):
            challenge = ChallengeFactory(cohort=cohort)
            challenge.sustainments.create(state="sustained", since=datetime.date(2024, 9, 1))
            person = PersonFactory()
            person.career_steps.create(situation="public_sector", since=datetime.date(2024, 9, 1))
            RoleFactory(person=person, challenge=challenge)


def _queries(call):
    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


def test_constant_number_of_queries(impact_world):
    small = (_queries(figures), _queries(per_cohort), _queries(headline))
    _grow(impact_world, 6)
    assert (_queries(figures), _queries(per_cohort), _queries(headline)) == small
    assert small == (10, 10, 3)
    assert datetime.date.today() == TODAY


def test_charts_are_drawn_from_the_table_over_cohorts(impact_world):
    from cohorte.impact.charts import BAR_WIDTH, LABEL_WIDTH, charts

    drawn = {chart.key: chart for chart in charts(per_cohort())}
    assert list(drawn) == [
        "fellows",
        "challenges",
        "sustained_12",
        "public_service_6",
        "public_service_12",
    ]
    sustained = drawn["sustained_12"]
    assert [(b.label, b.display, b.basis, b.width) for b in sustained.bars] == [
        ("Promotion 4", "50\u202f%", "1 sur 2", BAR_WIDTH // 2),
        ("Promotion 5", "non mesurable", "0 sur 0", 0),
        ("Promotion 6", "non mesurable", "0 sur 0", 0),
    ]
    assert sustained.bars[0].value_x == LABEL_WIDTH + BAR_WIDTH // 2 + 8
    # Counts scale to the largest cohort: Promotion 4's 3 fellows fill the width.
    assert [b.width for b in drawn["fellows"].bars] == [320, 107, 107]
