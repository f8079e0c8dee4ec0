"""Tabular exports (CSV, CSV for French Excel, XLSX, ODS) of any list of rows, for the back office.

One function, ``export_table``, turns chosen columns and rows (dicts) into the bytes
of a file. Values may be text, numbers, booleans, dates, aware datetimes (written in
Paris time), lists (joined) or None (an empty cell). Each file opens as typed in
LibreOffice and Excel: numbers as numbers, dates as dates, yes/no as "Oui"/"Non", text as
the exact text (line breaks, leading spaces, tabs and zeros kept).

Text typed by candidates is never turned into a spreadsheet formula: XLSX and ODS cells are
typed as text, and CSV cells that a spreadsheet would evaluate get a leading apostrophe
(OWASP advice). Phone numbers and other number-like text are not formulas: "+33 6 12 34 56
78" is at most arithmetic on constants, so it is written as is. In the French Excel file,
text that a spreadsheet would read as a number or a date (phone numbers, identifiers with
leading zeros) starts with an invisible WORD JOINER (U+2060): Excel and LibreOffice keep it
as text, without the apostrophe that both would show.
"""

import csv
import datetime
import io
import math
import re
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.utils.text import slugify

PARIS = ZoneInfo("Europe/Paris")
FORMATS = {
    "csv": "CSV",
    "csv-fr": "CSV (Excel, France)",
    "xlsx": "Excel (XLSX)",
    "ods": "OpenDocument (ODS)",
}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "csv-fr": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
EXTENSIONS = {"csv": "csv", "csv-fr": "csv", "xlsx": "xlsx", "ods": "ods"}
LIST_SEPARATOR = " ; "
YES, NO = "Oui", "Non"
# Characters a spreadsheet reads as the start of a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# The characters of numbers and phone numbers: after a leading + or -, they make at most
# arithmetic on constants, never a function call, a cell reference or a link.
_NUMBER_CHARS = r"\d .,()/+\u00a0\u202f\-"
INERT_SIGNED = re.compile(rf"[+-][{_NUMBER_CHARS}]*")
# Text that a spreadsheet turns into a number, a date, a time or a sum when it opens a CSV.
NUMBER_LIKE = re.compile(
    rf"[{_NUMBER_CHARS}:]*\d[{_NUMBER_CHARS}:%€]*|[+-]?\d+(?:[.,]\d+)?[eE][+-]?\d+"
)
WORD_JOINER = "\u2060"
# XML 1.0 forbids most control characters: they would make XLSX and ODS files unreadable.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Columns = list[tuple[str, str]]


class ExportError(ValueError):
    """An export that cannot be produced (unknown format, no column)."""


def is_formula(text: str) -> bool:
    """Whether a spreadsheet opening a CSV would evaluate ``text`` as a formula that may call a
    function, read a cell or follow a link (a signed phone number or amount cannot)."""
    if not text.startswith(FORMULA_PREFIXES):
        return False
    return not (text[0] in "+-" and INERT_SIGNED.fullmatch(text))


def file_stem(prefix: str, call, *parts: str) -> str:
    """The name of an export file of a call: ``prefix``, the call's slug, then ``parts``."""
    name = call.slug or slugify(call.title) or f"appel-{call.pk}"
    return "-".join([prefix, name, *[part for part in parts if part]])


def _plain(value):
    """A value as one cell: lists joined, aware datetimes in Paris time without zone."""
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(_text(_plain(v)) for v in value if v not in (None, ""))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(PARIS).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        # One line break in every format (XML reads CR LF as LF anyway).
        return ILLEGAL_XML.sub("", value.replace("\r\n", "\n"))
    return value


def _number(value, decimal_separator: str = ".") -> str:
    """A number without exponent nor thousands separator: 14.5, 12, 0.00001."""
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    return format(Decimal(repr(value)), "f").replace(".", decimal_separator)


def _text(value, decimal_separator: str = ".") -> str:
    """How a value reads as text (CSV cells, and the displayed text of ODS cells)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return YES if value else NO
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, (int, float)):
        return _number(value, decimal_separator)
    return str(value)


def _cells(columns: Columns, rows: Iterable[dict]):
    keys = [key for key, _label in columns]
    for row in rows:
        yield [_plain(row.get(key)) for key in keys]


def _csv_text(value, *, french: bool) -> str:
    text = _text(value, "," if french else ".")
    if not isinstance(value, str) or not text:
        return text
    if is_formula(text):
        return "'" + text
    if french and NUMBER_LIKE.fullmatch(text):
        # Kept as the exact text (leading zeros, "+33 6 ..."), by a character nobody sees.
        return WORD_JOINER + text
    return text


def _csv(columns: Columns, rows: Iterable[dict], *, french: bool = False) -> bytes:
    buffer = io.StringIO()
    # A byte-order mark lets spreadsheet software detect UTF-8 (accents stay intact).
    buffer.write("\ufeff")
    # French Excel splits columns on ";" (the comma is the decimal separator there).
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\r\n")
    writer.writerow([_csv_text(label, french=french) for _key, label in columns])
    for cells in _cells(columns, rows):
        writer.writerow([_csv_text(value, french=french) for value in cells])
    return buffer.getvalue().encode("utf-8")


def _xlsx(columns: Columns, rows: Iterable[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (_key, label) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=label)
        cell.data_type = "s"
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(label), 12), 50)
    for row_index, cells in enumerate(_cells(columns, rows), start=2):
        for column_index, value in enumerate(cells, start=1):
            if isinstance(value, bool):
                value = YES if value else NO
            if value is None or value == "":
                continue
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
                if "\n" in value:
                    cell.alignment = wrap  # shows the lines, not one long line
            elif isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
            elif isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _odf_paragraphs(cell, text: str) -> None:
    """Add ``text`` to an ODS cell as LibreOffice writes it: one paragraph a line, tabs, and
    every space that XML would collapse (runs, at a line's start or end) as <text:s>."""
    from odf.text import P, S, Tab

    for line in text.replace("\r", "\n").split("\n"):
        paragraph = P()
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                paragraph.addElement(Tab())
            pieces = re.split(r"( +)", part)
            for index, piece in enumerate(pieces):
                if not piece:
                    continue
                inner = 0 < index < len(pieces) - 1 and pieces[index - 1] and pieces[index + 1]
                if piece.startswith(" ") and not (piece == " " and inner):
                    paragraph.addElement(S(c=len(piece)))
                else:
                    paragraph.addText(piece)
        cell.addElement(paragraph)


class _OdsStyles:
    """The styles an ODS file needs: bold headers, dates and date-times shown in French."""

    def __init__(self, document):
        from odf.number import DateStyle, Day, Hours, Minutes, Month, Seconds, Text, Year
        from odf.style import Style, TextProperties

        def date_style(name, with_time):
            style = DateStyle(name=name)
            parts = [Day(style="long"), "/", Month(style="long"), "/", Year(style="long")]
            if with_time:
                parts += [" ", Hours(style="long"), ":", Minutes(style="long")]
                parts += [":", Seconds(style="long")]
            for part in parts:
                style.addElement(Text(text=part) if isinstance(part, str) else part)
            document.automaticstyles.addElement(style)
            cell = Style(name=f"ce-{name}", family="table-cell", datastylename=name)
            document.automaticstyles.addElement(cell)
            return cell

        self.date = date_style("date", False)
        self.datetime = date_style("date-heure", True)
        self.header = Style(name="ce-entete", family="table-cell")
        self.header.addElement(TextProperties(fontweight="bold"))
        document.automaticstyles.addElement(self.header)


def _ods_cell(value, styles: _OdsStyles, header: bool = False):
    from odf.table import TableCell

    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        value = YES if value else NO
    if isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=_number(value))
        shown = _number(value)
    elif isinstance(value, datetime.datetime):
        cell = TableCell(
            valuetype="date",
            datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"),
            stylename=styles.datetime,
        )
        shown = value.strftime("%d/%m/%Y %H:%M:%S")
    elif isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat(), stylename=styles.date)
        shown = value.strftime("%d/%m/%Y")
    elif header:
        cell, shown = TableCell(valuetype="string", stylename=styles.header), str(value)
    else:
        cell, shown = TableCell(valuetype="string"), str(value)
    _odf_paragraphs(cell, shown)
    return cell


def _ods(columns: Columns, rows: Iterable[dict], title: str) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    document = OpenDocumentSpreadsheet()
    styles = _OdsStyles(document)
    table = Table(name=_sheet_title(title))
    header = TableRow()
    for _key, label in columns:
        header.addElement(_ods_cell(label, styles, header=True))
    table.addElement(header)
    for cells in _cells(columns, rows):
        row = TableRow()
        for value in cells:
            row.addElement(_ods_cell(value, styles))
        table.addElement(row)
    document.spreadsheet.addElement(table)
    buffer = io.BytesIO()
    document.write(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    # Spreadsheets limit sheet names to 31 characters, without []:*?/\.
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Export"


def export_table(
    columns: Columns, rows: Iterable[dict], fmt: str, title: str = "Export"
) -> tuple[bytes, str, str]:
    """The bytes, content type and file extension of ``rows`` exported in format ``fmt``."""
    if fmt not in FORMATS:
        raise ExportError(f"Format d'export inconnu : {fmt!r}.")
    if not columns:
        raise ExportError("Choisissez au moins une colonne.")
    if fmt in ("csv", "csv-fr"):
        data = _csv(columns, rows, french=fmt == "csv-fr")
    elif fmt == "xlsx":
        data = _xlsx(columns, rows, title)
    else:
        data = _ods(columns, rows, title)
    return data, CONTENT_TYPES[fmt], EXTENSIONS[fmt]


def attachment_response(data: bytes, content_type: str, extension: str, filename_stem: str):
    """An HTTP attachment of already exported bytes, named ``filename_stem.<extension>``."""
    from django.http import HttpResponse

    response = HttpResponse(data, content_type=content_type)
    safe_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", filename_stem).strip("-") or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe_stem}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def download_response(columns: Columns, rows: Iterable[dict], fmt: str, filename_stem: str):
    """An HTTP attachment holding the export of ``rows`` (for other slices' exports)."""
    data, content_type, extension = export_table(columns, rows, fmt, title=filename_stem)
    return attachment_response(data, content_type, extension, filename_stem)
