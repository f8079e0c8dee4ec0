"""Tabular exports (CSV, XLSX, ODS) of any list of rows, for the back office.

One function, ``export_table``, turns chosen columns and rows (dicts) into the bytes
of a file. Values may be text, numbers, booleans, dates, aware datetimes (written in
Paris time), lists (joined) or None (an empty cell). Text typed by candidates is
never turned into a spreadsheet formula: XLSX and ODS cells are typed as text, and
CSV cells that a spreadsheet would evaluate get a leading apostrophe (OWASP advice).
"""

import csv
import datetime
import io
import re
from collections.abc import Iterable
from decimal import Decimal
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
FORMATS = {"csv": "CSV", "xlsx": "Excel (XLSX)", "ods": "OpenDocument (ODS)"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
}
LIST_SEPARATOR = " ; "
# Characters a spreadsheet reads as the start of a formula (CSV injection).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
# XML 1.0 forbids most control characters: they would make XLSX and ODS files unreadable.
ILLEGAL_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

Columns = list[tuple[str, str]]


class ExportError(ValueError):
    """An export that cannot be produced (unknown format, no column)."""


def _plain(value):
    """A value as one cell: lists joined, aware datetimes in Paris time without zone."""
    if isinstance(value, (list, tuple, set)):
        return LIST_SEPARATOR.join(str(_plain(v)) for v in value if v not in (None, ""))
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.astimezone(PARIS).replace(tzinfo=None)
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, str):
        return ILLEGAL_XML.sub("", value)
    return value


def _text(value) -> str:
    """How a value reads in a text cell (CSV, and the displayed text of ODS cells)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "oui" if value else "non"
    if isinstance(value, datetime.datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, float):
        return f"{value:g}" if value == int(value) else str(value)
    return str(value)


def _cells(columns: Columns, rows: Iterable[dict]):
    keys = [key for key, _label in columns]
    for row in rows:
        yield [_plain(row.get(key)) for key in keys]


def _csv(columns: Columns, rows: Iterable[dict]) -> bytes:
    buffer = io.StringIO()
    # A byte-order mark lets spreadsheet software detect UTF-8 (accents stay intact).
    buffer.write("\ufeff")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([label for _key, label in columns])
    for cells in _cells(columns, rows):
        line = []
        for value in cells:
            text = _text(value)
            if isinstance(value, str) and text.startswith(FORMULA_PREFIXES):
                text = "'" + text
            line.append(text)
        writer.writerow(line)
    return buffer.getvalue().encode("utf-8")


def _xlsx(columns: Columns, rows: Iterable[dict], title: str) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _sheet_title(title)
    bold = Font(bold=True)
    for index, (_key, label) in enumerate(columns, start=1):
        cell = sheet.cell(row=1, column=index, value=label)
        cell.font = bold
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(label), 12), 50)
    for row_index, cells in enumerate(_cells(columns, rows), start=2):
        for column_index, value in enumerate(cells, start=1):
            cell = sheet.cell(row=row_index, column=column_index, value=value)
            if isinstance(value, str):
                cell.data_type = "s"  # never a formula, whatever the text starts with
            elif isinstance(value, datetime.datetime):
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
            elif isinstance(value, datetime.date):
                cell.number_format = "dd/mm/yyyy"
    sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _ods_cell(value):
    from odf.table import TableCell
    from odf.teletype import addTextToElement
    from odf.text import P

    if value is None or value == "":
        return TableCell()
    if isinstance(value, bool):
        cell = TableCell(valuetype="boolean", booleanvalue="true" if value else "false")
    elif isinstance(value, (int, float)):
        cell = TableCell(valuetype="float", value=str(value))
    elif isinstance(value, datetime.datetime):
        cell = TableCell(valuetype="date", datevalue=value.strftime("%Y-%m-%dT%H:%M:%S"))
    elif isinstance(value, datetime.date):
        cell = TableCell(valuetype="date", datevalue=value.isoformat())
    else:
        cell = TableCell(valuetype="string")
    paragraph = P()
    addTextToElement(paragraph, _text(value))  # keeps line breaks and repeated spaces
    cell.addElement(paragraph)
    return cell


def _ods(columns: Columns, rows: Iterable[dict], title: str) -> bytes:
    from odf.opendocument import OpenDocumentSpreadsheet
    from odf.table import Table, TableRow

    document = OpenDocumentSpreadsheet()
    table = Table(name=_sheet_title(title))
    header = TableRow()
    for _key, label in columns:
        header.addElement(_ods_cell(label))
    table.addElement(header)
    for cells in _cells(columns, rows):
        row = TableRow()
        for value in cells:
            row.addElement(_ods_cell(value))
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
    if fmt == "csv":
        data = _csv(columns, rows)
    elif fmt == "xlsx":
        data = _xlsx(columns, rows, title)
    else:
        data = _ods(columns, rows, title)
    return data, CONTENT_TYPES[fmt], fmt


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
