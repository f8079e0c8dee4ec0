"""The transfer decree and the list of selected défis, as CSV, XLSX and ODS."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from cohorte.projects import exports
from cohorte.selection.models import Decision
from tests.projects.decisions_helpers import login, profile, send, stage, text

pytestmark = pytest.mark.django_db


def test_the_decree_has_one_row_per_selected_defi_and_a_total(project_world):
    profile()
    stage(project_world, project_world.proposal, project_world.other_proposal)
    project_world.other_proposal.data["budget_programme"] = "175"
    project_world.other_proposal.save()
    rows = exports.decree_rows(project_world.call)
    assert rows == [
        {
            "challenge": "Détecter les fraudes",
            "host": "Ministère de l'Intérieur",
            "carrier": "Secrétariat général",
            "funding_organisation": "Ministère de l'Intérieur",
            "budget_programme": "216",
            "amount": Decimal("42600.00"),
            "fellows": 2,
            "decision": "préparée",
        },
        {
            "challenge": "Numériser les archives",
            "host": "Ministère de la Culture",
            "carrier": "Secrétariat général",
            "funding_organisation": "Ministère de la Culture",
            "budget_programme": "175",
            "amount": Decimal("42600.00"),
            "fellows": 2,
            "decision": "préparée",
        },
        {"challenge": "Total", "amount": Decimal("85200.00"), "fellows": 4},
    ]


def test_the_decree_names_the_funding_organisation_of_the_defi_once_sent(project_world):
    profile()
    project_world.proposal.data["administrative_carrier"] = "Ministère de la Culture"
    project_world.proposal.save()
    send(project_world, project_world.proposal)
    [row, total] = exports.decree_rows(project_world.call)
    assert row["funding_organisation"] == "Ministère de la Culture"
    assert row["decision"] == "envoyée"
    assert total["amount"] == Decimal("42600.00")


def test_the_list_of_selected_defis(project_world):
    profile()
    send(project_world, project_world.proposal)
    [row] = exports.challenge_rows(project_world.call, "https://cohorte.example")
    assert row == {
        "challenge": "Détecter les fraudes",
        "organisation": "Ministère de l'Intérieur",
        "fellows": 2,
        "profiles": ["Développement × 2"],
        "mentors": [
            # Titles agree with the contact's own ("Cheffe de bureau").
            "Camille Martin (mentore opérationnelle)",
            "Camille Martin (mentore de haut niveau)",
        ],
        "low": Decimal("37200.00"),
        "high": Decimal("42600.00"),
        "decision": "envoyée",
        "public": "https://cohorte.example/defis/detecter-les-fraudes/",
    }


def test_nothing_selected_gives_a_total_of_zero(project_world):
    stage(project_world)
    assert exports.decree_rows(project_world.call) == [
        {"challenge": "Total", "amount": Decimal(0), "fellows": 0}
    ]
    assert exports.challenge_rows(project_world.call) == []


def test_the_csv_download(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "team")
    response = client.get(
        reverse("project_decisions:export", args=[project_world.call.pk, "arrete", "csv"])
    )
    assert response.status_code == 200
    # Named after the call's slug (it used to be its number).
    assert response["Content-Disposition"] == (
        f'attachment; filename="arrete-de-transfert-{project_world.call.slug}.csv"'
    )
    lines = list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))
    assert lines[0][:6] == [
        "Défi", "Administration d'accueil", "Porteur administratif (organisme financeur)",
        "Organisation financeuse", "Programme budgétaire", "Montant du cofinancement (€)",
    ]  # fmt: skip
    assert lines[1][0] == "Détecter les fraudes" and lines[1][5] == "42600"
    assert lines[2][0] == "Total" and lines[2][5] == "42600"


def test_the_csv_for_french_excel(client, project_world):
    stage(project_world, project_world.proposal)
    login(client, project_world, "team")
    response = client.get(
        reverse("project_decisions:export", args=[project_world.call.pk, "arrete", "csv-fr"])
    )
    assert response["Content-Disposition"] == (
        f'attachment; filename="arrete-de-transfert-{project_world.call.slug}.csv"'
    )
    data = response.getvalue()  # a streamed response is read once
    assert data.startswith(b"\xef\xbb\xbf")
    lines = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert lines[0][5] == "Montant du cofinancement (€)"
    assert [lines[1][0], lines[1][5], lines[2][0], lines[2][5]] == [
        "Détecter les fraudes", "42600", "Total", "42600"
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("fmt", "content_type"),
    [
        ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("ods", "application/vnd.oasis.opendocument.spreadsheet"),
    ],
)
def test_the_spreadsheets(client, project_world, fmt, content_type):
    profile()
    send(project_world, project_world.proposal)
    login(client, project_world, "team")
    response = client.get(
        reverse("project_decisions:export", args=[project_world.call.pk, "defis", fmt])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    assert response.getvalue()[:2] == b"PK"


def test_an_unknown_format_or_kind_is_refused(client, project_world):
    login(client, project_world, "team")
    response = client.get(
        reverse("project_decisions:export", args=[project_world.call.pk, "arrete", "pdf"])
    )
    assert response.status_code == 400
    assert (
        "Format d'export inconnu : choisissez CSV, CSV (Excel, France), Excel (XLSX), "
        "OpenDocument (ODS)." in text(response)
    )
    response = client.get(
        reverse("project_decisions:export", args=[project_world.call.pk, "autre", "csv"])
    )
    assert response.status_code == 404
    assert not Decision.objects.exists()
