"""Exporting applications: chosen columns, the current list or a selection, 3 formats, audit."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls import columns as columns_module
from tests.factories import ApplicationCallFactory, ApplicationFactory
from tests.scale import instances_loaded
from tests.team.conftest import add_file, add_review
from tests.team.test_exports import read_csv, read_csv_fr, read_ods, read_xlsx

pytestmark = pytest.mark.django_db
READERS = {"csv": read_csv, "csv-fr": read_csv_fr, "xlsx": read_xlsx, "ods": read_ods}
EXTENSIONS = {"csv": "csv", "csv-fr": "csv", "xlsx": "xlsx", "ods": "ods"}


@pytest.fixture
def exported(world, client):
    app, other = world.application, world.other_application
    question = world.call.questions.order_by("order").first()
    app.last_name, app.first_name, app.eligibility = "Martin", "Alice", "eligible"
    app.answers = {str(question.pk): "=cmd|' /C calc'!A0"}
    app.save()
    other.last_name, other.first_name = "Bernard", "Zoé"
    other.save()
    add_review(app, world.team, 16)
    add_review(app, world.director, 11)
    add_file(app, name="CV Alice.pdf")
    ApplicationFactory(call=world.call, status="draft", submitted_at=None, last_name="Brouillon")
    client.force_login(world.team)
    world.question = question
    return world


def _url(world):
    return reverse("team:export", args=[world.call.pk])


@pytest.mark.parametrize("fmt", ["csv", "csv-fr", "xlsx", "ods"])
def test_each_format_holds_exactly_the_chosen_columns_and_rows(exported, client, fmt):
    columns = ["last_name", "eligibility", f"question_{exported.question.pk}", "choice_1_challenge",
               "review_count", "score_mean", "score_spread", "cv"]  # fmt: skip
    response = client.post(
        _url(exported) + "?eligibility=eligible",
        {"columns": columns, "fmt": fmt, "eligibility": "eligible"},
    )
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="candidatures-{exported.call.slug}-'
    )
    assert response["Content-Disposition"].endswith(f'.{EXTENSIONS[fmt]}"')
    rows = READERS[fmt](response.getvalue())
    # Columns come in the catalogue's order, whatever the order they were ticked in.
    assert rows[0] == [
        "Nom", "Éligibilité", "CV (nom du fichier)", "Choix 1 — défi", "Votre expérience",
        "Nombre d'avis", "Note moyenne", "Écart des notes",
    ]  # fmt: skip
    formula = "=cmd|' /C calc'!A0"  # typed by a candidate: must stay text everywhere
    values = {
        "csv": ("2", "13.5", "5", "'" + formula),
        "csv-fr": ("2", "13,5", "5", "'" + formula),
        "xlsx": (2, 13.5, 5, formula),
        "ods": ("2", "13.5", "5", formula),
    }[fmt]
    count, mean, spread, answer = values
    assert rows[1:] == [
        ["Martin", "éligible", "CV Alice.pdf", "Défi choisi", answer, count, mean, spread]
    ]


def test_the_default_export_is_the_list_without_drafts(exported, client):
    response = client.post(_url(exported), {"columns": ["last_name", "status"], "fmt": "csv"})
    rows = read_csv(response.getvalue())
    assert rows == [["Nom", "Statut"], ["Bernard", "déposée"], ["Martin", "déposée"]] or rows == [
        ["Nom", "Statut"],
        ["Martin", "déposée"],
        ["Bernard", "déposée"],
    ]


def test_the_export_follows_the_list_sort_and_search(exported, client):
    data = {"columns": ["first_name"], "fmt": "csv", "sort": "-name"}
    assert read_csv(client.post(_url(exported), data).getvalue())[1:] == [["Alice"], ["Zoé"]]
    data = {"columns": ["first_name"], "fmt": "csv", "q": "zoé"}
    assert read_csv(client.post(_url(exported), data).getvalue())[1:] == [["Zoé"]]


def test_an_export_writes_an_audit_entry_without_personal_data(exported, client):
    client.post(
        _url(exported),
        {"columns": ["email", "last_name"], "fmt": "xlsx", "q": "Martin", "status": "active"},
    )
    entry = ActivityLog.objects.get(action="applications.exported")
    assert entry.actor == exported.team
    assert entry.object_id == str(exported.call.pk)
    assert entry.data == {
        "columns": ["last_name", "email"],
        "count": 1,
        "format": "xlsx",
        "filters": ["q", "status"],
    }
    assert "Martin" not in str(entry.data)


def test_a_selection_is_exported_alone(exported, client):
    page = client.get(_url(exported), {"ids": [exported.other_application.pk]})
    assert "La sélection compte 1 candidature." in page.content.decode()
    response = client.post(
        _url(exported),
        {"columns": ["last_name"], "fmt": "ods", "ids": [exported.other_application.pk]},
    )
    assert read_ods(response.getvalue()) == [["Nom"], ["Bernard"]]
    entry = ActivityLog.objects.get(action="applications.exported")
    assert entry.data == {"columns": ["last_name"], "count": 1, "format": "ods", "selection": True}


def test_the_export_page_offers_every_column_of_the_call(exported, client):
    response = client.get(_url(exported), {"status": "active"})
    page = response.content.decode()
    assert "La liste compte 2 candidatures." in page
    assert "Statut : En lice (déposées, non retirées)" in page
    for key in ("email", "phone", "round", "choice_3_challenge", "gender", "score_median",
                f"question_{exported.question.pk}", "version", "submitted_at"):  # fmt: skip
        assert f'value="{key}"' in page, key
    assert 'value="status" id="colonne-5" checked' in page
    assert 'name="status" value="active"' in page  # the list's filters travel with the form


@pytest.mark.parametrize(
    ("data", "error"),
    [
        ({"fmt": "csv"}, "Choisissez au moins une colonne."),
        ({"columns": ["last_name"], "fmt": "pdf"}, "Le format « pdf » n’est pas proposé."),
        (
            {"columns": ["password"], "fmt": "csv"},
            "La colonne « password » n’existe pas pour cet appel.",
        ),
        (
            {"columns": ["last_name"], "fmt": "csv", "status": "nope"},
            "Un filtre de la liste n’est pas valide",
        ),
    ],
)
def test_bad_export_input_exports_nothing(exported, client, data, error):
    response = client.post(_url(exported), data)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    page = response.content.decode().replace("&#x27;", "’").replace("'", "’")
    assert error in page
    assert not ActivityLog.objects.filter(action="applications.exported").exists()


def test_another_calls_application_cannot_be_exported(exported, client):
    stranger = ApplicationFactory(call=ApplicationCallFactory())
    response = client.post(
        _url(exported),
        {"columns": ["last_name"], "fmt": "csv", "ids": [exported.application.pk, stranger.pk]},
    )
    assert response.status_code == 400
    assert "n&#x27;appartiennent pas à cet appel" in response.content.decode()
    assert not ActivityLog.objects.filter(action="applications.exported").exists()


def test_phone_numbers_open_as_they_were_typed_in_every_format(exported, client):
    from cohorte.calls.exports import WORD_JOINER

    exported.application.phone = "0612345678"
    exported.application.save()
    exported.other_application.phone = "+33 6 12 34 56 78"
    exported.other_application.save()
    page = client.get(_url(exported)).content.decode()
    assert 'value="csv-fr"' in page and "CSV (Excel, France)" in page
    expected = {  # Bernard, then Martin
        "csv": [["+33 6 12 34 56 78"], ["0612345678"]],
        # An invisible WORD JOINER keeps them text in Excel: no zero lost, no stray quote.
        "csv-fr": [[WORD_JOINER + "+33 6 12 34 56 78"], [WORD_JOINER + "0612345678"]],
        "xlsx": [["+33 6 12 34 56 78"], ["0612345678"]],
        "ods": [["+33 6 12 34 56 78"], ["0612345678"]],
    }
    for fmt, phones in expected.items():
        data = {"columns": ["phone"], "fmt": fmt, "sort": "name"}
        response = client.post(_url(exported), data)
        assert READERS[fmt](response.getvalue()) == [["Téléphone"], *phones], fmt


def test_a_yes_no_answer_reads_like_every_yes_no_column(exported, client):
    from cohorte.calls.models import Question

    question = Question.objects.create(
        call=exported.call, order=99, label="Mobile ?", kind=Question.Kind.YES_NO
    )
    exported.application.answers = {str(question.pk): "yes"}
    exported.application.publication_consent = True
    exported.application.save()
    columns = ["last_name", "publication_consent", f"question_{question.pk}"]
    response = client.post(_url(exported), {"columns": columns, "fmt": "ods", "sort": "name"})
    assert read_ods(response.getvalue()) == [
        ["Nom", "Accepte la publication", "Mobile ?"],
        ["Bernard", "Non", ""],
        ["Martin", "Oui", "Oui"],
    ]


def _export_cost(client, world, fmt):
    """Export every application's name and scores; the queries, Application rows, response."""
    with CaptureQueriesContext(connection) as queries, instances_loaded() as loaded:
        response = client.post(
            _url(world), {"columns": ["last_name", "review_count", "score_mean"], "fmt": fmt}
        )
        data = response.getvalue()  # a streamed CSV reads its rows only now
    return len(queries), loaded["calls.Application"], response, data


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_export_streams_the_call_chunk_by_chunk(exported, client, monkeypatch, fmt):
    monkeypatch.setattr(columns_module, "CHUNK_SIZE", 10)
    for index in range(23):  # 25 submitted applications: 3 chunks
        ApplicationFactory(call=exported.call, last_name=f"Candidat {index:02d}")
    small_queries, small_rows, response, _data = _export_cost(client, exported, fmt)
    assert response.streaming
    for index in range(23, 53):  # 55: 6 chunks
        ApplicationFactory(call=exported.call, last_name=f"Candidat {index:02d}")
    last = ApplicationFactory(call=exported.call, last_name="Zwei")  # alone in the last chunk
    add_review(last, exported.team, 12)
    queries, rows, response, data = _export_cost(client, exported, fmt)
    # Each more chunk costs its two prefetches and its scores, nothing per application.
    assert queries - small_queries == 3 * (6 - 3)
    assert (small_rows, rows) == (25, 56)
    lines = READERS[fmt](data)
    assert len(lines) == 57
    by_name = {line[0]: line[1:] for line in lines[1:]}
    assert len(by_name) == 56
    assert by_name["Zwei"] == (["1", "12"] if fmt == "csv" else [1, 12])
    assert by_name["Candidat 00"] == (["0", ""] if fmt == "csv" else [0, None])
    assert by_name["Martin"] == (["2", "13.5"] if fmt == "csv" else [2, 13.5])
    entry = ActivityLog.objects.filter(action="applications.exported").latest("pk")
    assert entry.data["count"] == 56
