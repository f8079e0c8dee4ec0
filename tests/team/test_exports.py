"""The generic tabular export: each format opens and holds exactly the columns and rows."""

import csv
import datetime
import io

import openpyxl
import pytest
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow

from cohorte.calls.exports import ExportError, download_response, export_table

COLUMNS = [
    ("name", "Nom"),
    ("score", "Note"),
    ("at", "Déposée le"),
    ("tags", "Choix"),
    ("ok", "OK"),
]
ROWS = [
    {
        "name": "Zoé Ñandú",
        "score": 14.5,
        "at": datetime.datetime(2020, 6, 7, 21, 0, tzinfo=datetime.UTC),
        "tags": ["Défi A", "Défi B"],
        "ok": True,
        "ignored": "never exported",
    },
    {"name": '=HYPERLINK("http://x")', "score": 12, "at": None, "tags": [], "ok": False},
    {"name": "ligne 1\nligne 2", "score": None, "at": datetime.date(2020, 6, 8), "tags": None},
]


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for spreadsheets
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_ods(data: bytes) -> list[list[str]]:
    document = load(io.BytesIO(data))
    [table] = document.spreadsheet.getElementsByType(Table)
    return [
        [teletype.extractText(cell) for cell in row.getElementsByType(TableCell)]
        for row in table.getElementsByType(TableRow)
    ]


def test_csv_holds_the_columns_and_rows_in_paris_time():
    data, content_type, extension = export_table(COLUMNS, ROWS, "csv")
    assert (content_type, extension) == ("text/csv; charset=utf-8", "csv")
    assert read_csv(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", "14.5", "2020-06-07 23:00:00", "Défi A ; Défi B", "oui"],
        ['\'=HYPERLINK("http://x")', "12", "", "", "non"],
        ["ligne 1\nligne 2", "", "2020-06-08", "", ""],
    ]


def test_xlsx_holds_typed_cells_and_never_formulas():
    data, content_type, extension = export_table(COLUMNS, ROWS, "xlsx")
    assert extension == "xlsx"
    assert content_type.endswith("spreadsheetml.sheet")
    assert read_xlsx(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", 14.5, datetime.datetime(2020, 6, 7, 23, 0), "Défi A ; Défi B", True],
        ['=HYPERLINK("http://x")', 12, None, None, False],
        ["ligne 1\nligne 2", None, datetime.datetime(2020, 6, 8, 0, 0), None, None],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].data_type == "s"  # text, not a formula


def test_ods_holds_the_columns_and_rows():
    data, content_type, extension = export_table(COLUMNS, ROWS, "ods")
    assert (content_type, extension) == ("application/vnd.oasis.opendocument.spreadsheet", "ods")
    assert read_ods(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", "14.5", "2020-06-07 23:00:00", "Défi A ; Défi B", "oui"],
        ['=HYPERLINK("http://x")', "12", "", "", "non"],
        ["ligne 1\nligne 2", "", "2020-06-08", "", ""],
    ]
    document = load(io.BytesIO(data))
    cells = document.spreadsheet.getElementsByType(TableRow)[2].getElementsByType(TableCell)
    assert cells[0].getAttribute("valuetype") == "string"


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
def test_no_rows_gives_the_header_only(fmt):
    data, _content_type, _extension = export_table(COLUMNS[:2], [], fmt)
    reader = {"csv": read_csv, "xlsx": read_xlsx, "ods": read_ods}[fmt]
    assert reader(data) == [["Nom", "Note"]]


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
def test_control_characters_do_not_break_xml_formats(fmt):
    data, _c, _e = export_table([("a", "A")], [{"a": "bip\x07 \x00fin"}], fmt)
    reader = read_xlsx if fmt == "xlsx" else read_ods
    assert reader(data)[1] == ["bip fin"]


def test_bad_format_or_no_column_is_refused():
    with pytest.raises(ExportError, match="Format d'export inconnu"):
        export_table(COLUMNS, ROWS, "pdf")
    with pytest.raises(ExportError, match="au moins une colonne"):
        export_table([], ROWS, "csv")


def test_download_response_is_a_safe_attachment():
    response = download_response(COLUMNS, ROWS, "xlsx", "avis de l'appel/2020")
    assert response["Content-Disposition"] == 'attachment; filename="avis-de-l-appel-2020.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert read_xlsx(response.content)[0] == ["Nom", "Note", "Déposée le", "Choix", "OK"]
