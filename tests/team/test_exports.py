"""The generic tabular export: each format opens and holds exactly the columns and rows.

Every file is read back with readers that did not write it: the csv module, openpyxl, the
ODS XML itself (zipfile and ElementTree, besides odfpy), and LibreOffice when it is
installed (Debian's ``libreoffice-calc-nogui``).
"""

import csv
import datetime
import io
import shutil
import subprocess
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf import teletype
from odf.opendocument import load
from odf.table import Table, TableCell, TableRow
from odf.text import P

from cohorte.calls.exports import (
    FORMATS,
    ILLEGAL_XML,
    WORD_JOINER,
    ExportError,
    download_response,
    export_table,
    file_stem,
    is_formula,
)

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
# What the team exports about people: phone numbers, identifiers, text typed as it came.
PEOPLE_COLUMNS = [
    ("phone", "Téléphone"),
    ("id", "Identifiant"),
    ("text", "Réponse"),
    ("amount", "Montant"),
]
PEOPLE = [
    {"phone": "0612345678", "id": "00042", "text": "\tretrait", "amount": 1234.5},
    {"phone": "+33 6 12 34 56 78", "id": "2031-001", "text": "  deux espaces", "amount": -0.25},
    {"phone": "06 12 34 56 78", "id": "-12", "text": " un\n\nfin  ", "amount": 7},
    {"phone": "-", "id": "@SUM(A1)", "text": "- une liste\r\n- deux", "amount": None},
]
NS = {
    "table": "urn:oasis:names:tc:opendocument:xmlns:table:1.0",
    "office": "urn:oasis:names:tc:opendocument:xmlns:office:1.0",
    "text": "urn:oasis:names:tc:opendocument:xmlns:text:1.0",
    "style": "urn:oasis:names:tc:opendocument:xmlns:style:1.0",
    "number": "urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0",
}


def read_csv(data: bytes) -> list[list[str]]:
    assert data.startswith(b"\xef\xbb\xbf")  # UTF-8 byte-order mark for spreadsheets
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def read_csv_fr(data: bytes) -> list[list[str]]:
    """The French Excel CSV: byte-order mark, ";" between columns, CRLF line ends."""
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.endswith("\r\n")
    return list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))


def read_xlsx(data: bytes) -> list[list]:
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    return [[cell.value for cell in row] for row in sheet.iter_rows()]


def read_ods(data: bytes) -> list[list[str]]:
    """Each cell's text, its paragraphs (lines) joined by line breaks."""
    document = load(io.BytesIO(data))
    [table] = document.spreadsheet.getElementsByType(Table)
    return [
        [
            "\n".join(teletype.extractText(p) for p in cell.getElementsByType(P))
            for cell in row.getElementsByType(TableCell)
        ]
        for row in table.getElementsByType(TableRow)
    ]


def ods_xml(data: bytes):
    """The content.xml of an ODS file, parsed without odfpy."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.read("mimetype") == b"application/vnd.oasis.opendocument.spreadsheet"
        return ElementTree.fromstring(archive.read("content.xml"))


def ods_cells(root) -> list[list]:
    """Each cell's attributes (value type, value, style) and its paragraph elements."""
    rows = []
    for row in root.iter(f"{{{NS['table']}}}table-row"):
        cells = []
        for cell in row.findall("table:table-cell", NS):
            attributes = {key.split("}")[1]: value for key, value in cell.attrib.items()}
            cells.append((attributes, cell.findall("text:p", NS)))
        rows.append(cells)
    return rows


def test_csv_holds_the_columns_and_rows_in_paris_time():
    data, content_type, extension = export_table(COLUMNS, ROWS, "csv")
    assert (content_type, extension) == ("text/csv; charset=utf-8", "csv")
    assert read_csv(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", "14.5", "2020-06-07 23:00:00", "Défi A ; Défi B", "Oui"],
        ['\'=HYPERLINK("http://x")', "12", "", "", "Non"],
        ["ligne 1\nligne 2", "", "2020-06-08", "", ""],
    ]


def test_csv_guards_only_what_a_spreadsheet_would_evaluate():
    data, _c, _e = export_table(PEOPLE_COLUMNS, PEOPLE, "csv")
    assert read_csv(data) == [
        ["Téléphone", "Identifiant", "Réponse", "Montant"],
        # A leading tab is guarded: some spreadsheets drop it and read what follows.
        ["0612345678", "00042", "'\tretrait", "1234.5"],
        ["+33 6 12 34 56 78", "2031-001", "  deux espaces", "-0.25"],
        ["06 12 34 56 78", "-12", " un\n\nfin  ", "7"],
        ["-", "'@SUM(A1)", "'- une liste\n- deux", ""],
    ]


def test_csv_for_french_excel_has_semicolons_decimal_commas_and_exact_text():
    data, content_type, extension = export_table(PEOPLE_COLUMNS, PEOPLE, "csv-fr")
    assert (content_type, extension) == ("text/csv; charset=utf-8", "csv")
    assert data.decode("utf-8-sig").splitlines()[0] == "Téléphone;Identifiant;Réponse;Montant"
    wj = WORD_JOINER
    assert read_csv_fr(data) == [
        ["Téléphone", "Identifiant", "Réponse", "Montant"],
        [wj + "0612345678", wj + "00042", "'\tretrait", "1234,5"],
        [wj + "+33 6 12 34 56 78", wj + "2031-001", "  deux espaces", "-0,25"],
        [wj + "06 12 34 56 78", wj + "-12", " un\n\nfin  ", "7"],
        ["-", "'@SUM(A1)", "'- une liste\n- deux", ""],
    ]


def test_csv_for_french_excel_writes_dates_booleans_and_lists():
    data, _c, _e = export_table(COLUMNS, ROWS, "csv-fr")
    assert read_csv_fr(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", "14,5", "2020-06-07 23:00:00", "Défi A ; Défi B", "Oui"],
        ['\'=HYPERLINK("http://x")', "12", "", "", "Non"],
        ["ligne 1\nligne 2", "", "2020-06-08", "", ""],
    ]


def test_xlsx_holds_typed_cells_and_never_formulas():
    data, content_type, extension = export_table(COLUMNS, ROWS, "xlsx")
    assert extension == "xlsx"
    assert content_type.endswith("spreadsheetml.sheet")
    assert read_xlsx(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", 14.5, datetime.datetime(2020, 6, 7, 23, 0), "Défi A ; Défi B", "Oui"],
        ['=HYPERLINK("http://x")', 12, None, None, "Non"],
        ["ligne 1\nligne 2", None, datetime.datetime(2020, 6, 8, 0, 0), None, None],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet["A3"].data_type == "s"  # text, not a formula
    assert (sheet["C2"].is_date, sheet["C2"].number_format) == (True, "dd/mm/yyyy hh:mm:ss")
    assert (sheet["C4"].is_date, sheet["C4"].number_format) == (True, "dd/mm/yyyy")
    assert (sheet["B2"].data_type, sheet["B3"].data_type) == ("n", "n")
    assert sheet["A4"].alignment.wrap_text is True  # both lines show


def test_xlsx_keeps_leading_zeros_tabs_and_spaces_as_text():
    data, _c, _e = export_table(PEOPLE_COLUMNS, PEOPLE, "xlsx")
    assert read_xlsx(data)[1:] == [
        ["0612345678", "00042", "\tretrait", 1234.5],
        ["+33 6 12 34 56 78", "2031-001", "  deux espaces", -0.25],
        ["06 12 34 56 78", "-12", " un\n\nfin  ", 7],
        ["-", "@SUM(A1)", "- une liste\n- deux", None],
    ]
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert [cell.data_type for cell in sheet[2]] == ["s", "s", "s", "n"]
    assert sheet["B5"].data_type == "s"


def test_ods_holds_the_columns_and_rows():
    data, content_type, extension = export_table(COLUMNS, ROWS, "ods")
    assert (content_type, extension) == ("application/vnd.oasis.opendocument.spreadsheet", "ods")
    assert read_ods(data) == [
        ["Nom", "Note", "Déposée le", "Choix", "OK"],
        ["Zoé Ñandú", "14.5", "07/06/2020 23:00:00", "Défi A ; Défi B", "Oui"],
        ['=HYPERLINK("http://x")', "12", "", "", "Non"],
        ["ligne 1\nligne 2", "", "08/06/2020", "", ""],
    ]
    document = load(io.BytesIO(data))
    cells = document.spreadsheet.getElementsByType(TableRow)[2].getElementsByType(TableCell)
    assert cells[0].getAttribute("valuetype") == "string"


def _date_styles(root) -> dict[str, str]:
    """Each table-cell style name -> the pattern of its date style (e.g. "DD/MM/YYYY")."""
    patterns = {}
    for style in root.iter(f"{{{NS['number']}}}date-style"):
        pattern = ""
        for part in style:
            tag = part.tag.split("}")[1]
            long = part.get(f"{{{NS['number']}}}style") == "long"
            pattern += {
                "day": "DD" if long else "D",
                "month": "MM" if long else "M",
                "year": "YYYY" if long else "YY",
                "hours": "hh" if long else "h",
                "minutes": "mm" if long else "m",
                "seconds": "ss" if long else "s",
            }.get(tag, part.text or "")
        patterns[style.get(f"{{{NS['style']}}}name")] = pattern
    name, data_style = f"{{{NS['style']}}}name", f"{{{NS['style']}}}data-style-name"
    return {
        style.get(name): patterns[style.get(data_style)]
        for style in root.iter(f"{{{NS['style']}}}style")
        if style.get(data_style) in patterns
    }


def test_ods_dates_are_date_cells_shown_in_french():
    root = ods_xml(export_table(COLUMNS, ROWS, "ods")[0])
    styles = _date_styles(root)
    rows = ods_cells(root)
    at, day = rows[1][2][0], rows[3][2][0]
    assert (at["value-type"], at["date-value"]) == ("date", "2020-06-07T23:00:00")
    assert styles[at["style-name"]] == "DD/MM/YYYY hh:mm:ss"
    assert (day["value-type"], day["date-value"]) == ("date", "2020-06-08")
    assert styles[day["style-name"]] == "DD/MM/YYYY"
    score = rows[1][1][0]
    assert (score["value-type"], score["value"]) == ("float", "14.5")
    assert [rows[1][4][0]["value-type"], rows[1][4][1][0].text] == ["string", "Oui"]
    assert [rows[2][4][0]["value-type"], rows[2][4][1][0].text] == ["string", "Non"]
    assert not any("formula" in attributes for row in rows for attributes, _p in row)


def _paragraphs(elements) -> list[list]:
    """Paragraphs as text pieces and ("tab",), ("s", count) markers."""
    lines = []
    for element in elements:
        pieces = [element.text] if element.text else []
        for child in element:
            tag = child.tag.split("}")[1]
            pieces.append(("s", child.get(f"{{{NS['text']}}}c")) if tag == "s" else (tag,))
            if child.tail:
                pieces.append(child.tail)
        lines.append(pieces)
    return lines


def test_ods_keeps_leading_zeros_tabs_spaces_and_line_breaks():
    data = export_table(PEOPLE_COLUMNS, PEOPLE, "ods")[0]
    rows = ods_cells(ods_xml(data))
    assert [(a["value-type"], _paragraphs(p)) for a, p in rows[1][:3]] == [
        ("string", [["0612345678"]]),
        ("string", [["00042"]]),
        ("string", [[("tab",), "retrait"]]),
    ]
    assert _paragraphs(rows[2][2][1]) == [[("s", "2"), "deux espaces"]]
    # One paragraph a line, as LibreOffice writes a cell of several lines and reads it back.
    assert _paragraphs(rows[3][2][1]) == [[("s", "1"), "un"], [], ["fin", ("s", "2")]]
    assert _paragraphs(rows[4][2][1]) == [["- une liste"], ["- deux"]]
    assert (rows[1][3][0]["value-type"], rows[1][3][0]["value"]) == ("float", "1234.5")
    # odfpy reads the same text back.
    assert read_ods(data)[1:] == [
        ["0612345678", "00042", "\tretrait", "1234.5"],
        ["+33 6 12 34 56 78", "2031-001", "  deux espaces", "-0.25"],
        ["06 12 34 56 78", "-12", " un\n\nfin  ", "7"],
        ["-", "@SUM(A1)", "- une liste\n- deux", ""],
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_no_rows_gives_the_header_only(fmt):
    data, _content_type, _extension = export_table(COLUMNS[:2], [], fmt)
    reader = {"csv": read_csv, "csv-fr": read_csv_fr, "xlsx": read_xlsx, "ods": read_ods}[fmt]
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
    # Streamed from a temporary file, with its size announced.
    assert response.streaming
    data = response.getvalue()
    assert int(response["Content-Length"]) == len(data)
    assert read_xlsx(data)[0] == ["Nom", "Note", "Déposée le", "Choix", "OK"]


def test_file_names_use_the_calls_slug_never_none():
    class Call:
        pk, slug, title = 7, "eig-2031", "EIG 2031"

    assert file_stem("evaluations", Call()) == "evaluations-eig-2031"
    Call.slug = None
    assert file_stem("classement-defis", Call(), "20310312") == "classement-defis-eig-2031-20310312"
    Call.title = "???"
    assert file_stem("propositions", Call()) == "propositions-appel-7"


@pytest.mark.parametrize(
    ("text", "formula"),
    [
        ("=1+1", True),
        ("@SUM(A1)", True),
        ("+A1", True),
        ("-cmd|' /C calc'!A0", True),
        ("- une liste", True),
        ("+1:2", True),  # a range of rows
        ("\tx", True),
        ("\r=1", True),
        ("+33 6 12 34 56 78", False),
        ("+33 (0)6 12.34.56.78", False),
        ("-12,5", False),
        ("-", False),
        ("0612345678", False),
        ("Jean-Pierre", False),
    ],
)
def test_is_formula(text, formula):
    assert is_formula(text) is formula


# Any text in any format: never a formula cell.
FORMULA_STARTS = st.sampled_from(["=", "+", "-", "@", "\t", "\r", "", " ", "0", "a"])


@settings(max_examples=150, deadline=None)
@given(start=FORMULA_STARTS, rest=st.text(max_size=20))
def test_no_text_ever_becomes_a_formula(start, rest):
    text = start + rest
    rows = [{"a": text}]
    for fmt, delimiter in (("csv", ","), ("csv-fr", ";")):
        data = export_table([("a", "A")], rows, fmt)[0].decode("utf-8-sig")
        [_header, [cell]] = list(csv.reader(io.StringIO(data, newline=""), delimiter=delimiter))
        assert not is_formula(cell)
        kept = ILLEGAL_XML.sub("", text.replace("\r\n", "\n"))
        assert cell in (kept, "'" + kept, WORD_JOINER + kept)
    sheet = openpyxl.load_workbook(io.BytesIO(export_table([("a", "A")], rows, "xlsx")[0])).active
    assert sheet["A2"].data_type in ("s", "n")  # "n": an empty cell
    root = ods_xml(export_table([("a", "A")], rows, "ods")[0])
    assert not [c for row in ods_cells(root) for c, _p in row if "formula" in c]


# LibreOffice, the team's office suite, opens the files ------------------------------------

SOFFICE = shutil.which("soffice")
# The CSV import dialog's defaults in a French LibreOffice: ";" then '"', UTF-8, from line 1,
# standard columns, French (1036), "detect special numbers" off, "evaluate formulas" on.
FRENCH_CSV_IMPORT = "CSV:59,34,76,1,,1036,false,false,false,false,false,-1,true"


def libreoffice_to_xlsx(tmp_path, name: str, data: bytes, infilter: str = "") -> list[list]:
    """Open ``data`` in LibreOffice (headless) and save it as XLSX; its cells, read back."""
    source = tmp_path / name
    source.write_bytes(data)
    command = [
        SOFFICE,
        f"-env:UserInstallation=file://{tmp_path}/profile",
        "--headless",
        "--convert-to",
        "xlsx",
        "--outdir",
        str(tmp_path / "out"),
        str(source),
    ]
    if infilter:
        command.insert(3, f"--infilter={infilter}")
    subprocess.run(command, check=True, capture_output=True, timeout=180)
    sheet = openpyxl.load_workbook(tmp_path / "out" / (source.stem + ".xlsx")).active
    return [list(row) for row in sheet.iter_rows()]


needs_libreoffice = pytest.mark.skipif(SOFFICE is None, reason="LibreOffice is not installed")


@needs_libreoffice
def test_libreoffice_reads_ods_dates_as_dates_and_text_as_exact_text(tmp_path):
    rows = [dict(ROWS[0], **PEOPLE[0]), dict(ROWS[2], **PEOPLE[2])]
    data = export_table(COLUMNS + PEOPLE_COLUMNS, rows, "ods")[0]
    cells = libreoffice_to_xlsx(tmp_path, "export.ods", data)
    first, second = cells[1], cells[2]
    assert [c.value for c in first] == [
        "Zoé Ñandú", 14.5, datetime.datetime(2020, 6, 7, 23, 0), "Défi A ; Défi B", "Oui",
        "0612345678", "00042", "retrait", 1234.5,
    ]  # fmt: skip
    # LibreOffice (7.4) drops every <text:tab/> of a cell when it loads an ODS file, even one
    # it wrote itself: the file holds the tab (see above), LibreOffice does not show it.
    assert first[2].is_date and first[2].number_format == "dd/mm/yyyy\\ hh:mm:ss"
    assert second[2].value == datetime.datetime(2020, 6, 8, 0, 0)
    assert second[2].is_date and second[2].number_format == "dd/mm/yyyy"
    assert [second[0].value, second[7].value] == ["ligne 1\nligne 2", " un\n\nfin  "]
    assert [c.data_type for c in first[5:8]] == ["s", "s", "s"]


@needs_libreoffice
def test_libreoffice_opens_the_french_csv_in_columns_with_numbers(tmp_path):
    rows = [dict(ROWS[0], **PEOPLE[0]), dict(ROWS[1], **PEOPLE[1])]
    data = export_table(COLUMNS + PEOPLE_COLUMNS, rows, "csv-fr")[0]
    cells = libreoffice_to_xlsx(tmp_path, "export.csv", data, FRENCH_CSV_IMPORT)
    assert [c.value for c in cells[0]] == [label for _key, label in COLUMNS + PEOPLE_COLUMNS]
    first, second = cells[1], cells[2]
    assert (first[1].value, first[1].data_type) == (14.5, "n")
    assert (first[8].value, second[8].value) == (1234.5, -0.25)
    # Phone numbers and identifiers stay text, leading zeros and "+" included.
    assert [c.value for c in first[5:7]] == [WORD_JOINER + "0612345678", WORD_JOINER + "00042"]
    assert second[5].value == WORD_JOINER + "+33 6 12 34 56 78"
    assert [c.data_type for c in first[5:7] + second[5:6]] == ["s", "s", "s"]
    # With formulas evaluated, the candidate's formula stays text.
    assert (second[0].value, second[0].data_type) == ('\'=HYPERLINK("http://x")', "s")
    assert [first[4].value, second[4].value] == ["Oui", "Non"]
