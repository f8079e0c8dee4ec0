"""Tabular exports (CSV, CSV for French Excel, XLSX, ODS) of any list of rows, for the back office.

``stream_table`` turns chosen columns and rows (dicts, from any iterator) into a file
sent piece by piece, in memory bounded whatever the number of rows: CSV is written as it
is sent, XLSX (openpyxl's write-only mode) and ODS (written here, row by row, since odfpy
keeps the whole document in memory) go through a temporary file. ``download_response``
wraps it in a streaming HTTP attachment; ``export_table`` gives the whole file as bytes
(for small exports and tests). Values may be text, numbers, booleans, dates, aware
datetimes (written in Paris time), lists (joined) or None (an empty cell). Each file opens
as typed in LibreOffice and Excel: numbers as numbers, dates as dates, yes/no as
"Oui"/"Non", text as the exact text (line breaks, leading spaces, tabs and zeros kept).

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
import tempfile
import zipfile
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import BinaryIO
from xml.sax.saxutils import escape
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
QUOTE = {'"': "&quot;"}
# Bytes sent at a time; XLSX and ODS files stay in memory up to SPOOL_SIZE, then on disk
# (a temporary file costs less than holding a 20 000-row file in every web process).
CHUNK_SIZE = 64 * 1024
SPOOL_SIZE = CHUNK_SIZE

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


def _csv_chunks(columns: Columns, rows: Iterable[dict], *, french: bool) -> Iterator[bytes]:
    """The CSV file in pieces of about CHUNK_SIZE bytes, one row read at a time."""
    buffer = io.StringIO()
    # A byte-order mark lets spreadsheet software detect UTF-8 (accents stay intact).
    buffer.write("\ufeff")
    # French Excel splits columns on ";" (the comma is the decimal separator there).
    writer = csv.writer(buffer, delimiter=";" if french else ",", lineterminator="\r\n")
    writer.writerow([_csv_text(label, french=french) for _key, label in columns])
    for cells in _cells(columns, rows):
        writer.writerow([_csv_text(value, french=french) for value in cells])
        if buffer.tell() >= CHUNK_SIZE:
            yield buffer.getvalue().encode("utf-8")
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode("utf-8")


def _write_xlsx(columns: Columns, rows: Iterable[dict], title: str, out: BinaryIO) -> None:
    """Write the XLSX file row by row (openpyxl's write-only mode keeps no row in memory)."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ERROR_CODES
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_sheet_title(title))
    bold = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")
    for index, (_key, label) in enumerate(columns, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = min(max(len(label), 12), 50)
    sheet.freeze_panes = "A2"

    def text_cell(value: str, font=None):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"  # never a formula, whatever the text starts with
        if font is not None:
            cell.font = font
        if "\n" in value:
            cell.alignment = wrap  # shows the lines, not one long line
        return cell

    sheet.append([text_cell(label, bold) for _key, label in columns])
    for cells in _cells(columns, rows):
        line = []
        for value in cells:
            if isinstance(value, bool):
                value = YES if value else NO
            if value is None or value == "":
                line.append(None)
            elif isinstance(value, str):
                # A plain value is faster (openpyxl reuses one cell) when it cannot be read
                # as a formula or an error code, nor needs the wrapping style.
                plain = "\n" not in value and not value.startswith("=")
                line.append(value if plain and value not in ERROR_CODES else text_cell(value))
            elif isinstance(value, datetime.datetime):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy hh:mm:ss"
                line.append(cell)
            elif isinstance(value, datetime.date):
                cell = WriteOnlyCell(sheet, value=value)
                cell.number_format = "dd/mm/yyyy"
                line.append(cell)
            else:
                line.append(value)
        sheet.append(line)
    workbook.save(out)


# The ODS file is written by hand, row by row: odfpy would hold every cell in memory.
_ODS_MIMETYPE = CONTENT_TYPES["ods"]
_ODS_NAMESPACES = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'office:version="1.2"'
)
_ODS_MANIFEST = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    '<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.2">'
    f'<manifest:file-entry manifest:full-path="/" manifest:media-type="{_ODS_MIMETYPE}" '
    'manifest:version="1.2"/>'
    '<manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/>'
    '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
    "</manifest:manifest>"
)
_ODS_STYLES = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    f"<office:document-styles {_ODS_NAMESPACES}><office:styles/></office:document-styles>"
)


def _ods_date_style(name: str, with_time: bool) -> str:
    """A date style shown in French (DD/MM/YYYY, then hh:mm:ss) and the cell style using it."""
    parts = [("day",), "/", ("month",), "/", ("year",)]
    if with_time:
        parts += [" ", ("hours",), ":", ("minutes",), ":", ("seconds",)]
    inner = "".join(
        f"<number:text>{part}</number:text>"
        if isinstance(part, str)
        else f'<number:{part[0]} number:style="long"/>'
        for part in parts
    )
    return (
        f'<number:date-style style:name="{name}">{inner}</number:date-style>'
        f'<style:style style:name="ce-{name}" style:family="table-cell" '
        f'style:data-style-name="{name}"/>'
    )


_ODS_CONTENT_START = (
    "<?xml version='1.0' encoding='UTF-8'?>"
    f"<office:document-content {_ODS_NAMESPACES}><office:automatic-styles>"
    + _ods_date_style("date", False)
    + _ods_date_style("date-heure", True)
    + '<style:style style:name="ce-entete" style:family="table-cell">'
    '<style:text-properties fo:font-weight="bold"/></style:style>'
    "</office:automatic-styles><office:body><office:spreadsheet>"
)
_ODS_CONTENT_END = "</table:table></office:spreadsheet></office:body></office:document-content>"
_SPACES = re.compile(r"( +)")


def _ods_paragraphs(text: str) -> str:
    """``text`` as LibreOffice writes it in a cell: one paragraph a line, tabs, and every
    space that XML would collapse (runs, at a line's start or end) as <text:s>."""
    paragraphs = []
    for line in text.replace("\r", "\n").split("\n"):
        out = []
        for part_index, part in enumerate(line.split("\t")):
            if part_index:
                out.append("<text:tab/>")
            pieces = _SPACES.split(part)
            for index, piece in enumerate(pieces):
                if not piece:
                    continue
                inner = 0 < index < len(pieces) - 1 and pieces[index - 1] and pieces[index + 1]
                if piece.startswith(" ") and not (piece == " " and inner):
                    out.append(f'<text:s text:c="{len(piece)}"/>')
                else:
                    out.append(escape(piece))
        paragraphs.append(f"<text:p>{''.join(out)}</text:p>" if out else "<text:p/>")
    return "".join(paragraphs)


def _ods_cell(value, header: bool = False) -> str:
    """One <table:table-cell>, typed as float, date or string (never a formula)."""
    if value is None or value == "":
        return "<table:table-cell/>"
    if isinstance(value, bool):
        value = YES if value else NO
    if isinstance(value, (int, float)):
        number = _number(value)
        attributes = f'office:value-type="float" office:value="{number}"'
        shown = number
    elif isinstance(value, datetime.datetime):
        stamp = value.strftime("%Y-%m-%dT%H:%M:%S")
        attributes = (
            f'office:value-type="date" office:date-value="{stamp}" table:style-name="ce-date-heure"'
        )
        shown = value.strftime("%d/%m/%Y %H:%M:%S")
    elif isinstance(value, datetime.date):
        attributes = (
            f'office:value-type="date" office:date-value="{value.isoformat()}" '
            'table:style-name="ce-date"'
        )
        shown = value.strftime("%d/%m/%Y")
    elif header:
        attributes, shown = 'office:value-type="string" table:style-name="ce-entete"', str(value)
    else:
        attributes, shown = 'office:value-type="string"', str(value)
    return f"<table:table-cell {attributes}>{_ods_paragraphs(shown)}</table:table-cell>"


def _write_ods(columns: Columns, rows: Iterable[dict], title: str, out: BinaryIO) -> None:
    """Write the ODS file (a zip: mimetype first and stored, manifest, styles, content) with
    content.xml compressed row by row as it is written."""
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        # Readers recognise an OpenDocument file by this first, uncompressed entry.
        archive.writestr("mimetype", _ODS_MIMETYPE, compress_type=zipfile.ZIP_STORED)
        archive.writestr("META-INF/manifest.xml", _ODS_MANIFEST)
        archive.writestr("styles.xml", _ODS_STYLES)
        with archive.open("content.xml", "w", force_zip64=True) as content:
            buffer = io.StringIO()
            buffer.write(_ODS_CONTENT_START)
            buffer.write(f'<table:table table:name="{escape(_sheet_title(title), QUOTE)}">')
            buffer.write("<table:table-row>")
            buffer.write("".join(_ods_cell(label, header=True) for _key, label in columns))
            buffer.write("</table:table-row>")
            for cells in _cells(columns, rows):
                buffer.write("<table:table-row>")
                buffer.write("".join(_ods_cell(value) for value in cells))
                buffer.write("</table:table-row>")
                if buffer.tell() >= CHUNK_SIZE:
                    content.write(buffer.getvalue().encode("utf-8"))
                    buffer.seek(0)
                    buffer.truncate()
            buffer.write(_ODS_CONTENT_END)
            content.write(buffer.getvalue().encode("utf-8"))


def _sheet_title(title: str) -> str:
    # Spreadsheets limit sheet names to 31 characters, without []:*?/\.
    return re.sub(r"[\[\]:*?/\\]", " ", title).strip()[:31] or "Export"


class _FileChunks:
    """The bytes of a finished file, read back in pieces; closing it deletes the file."""

    def __init__(self, file):
        self.file = file
        self.size = file.tell()
        file.seek(0)

    def __iter__(self):
        while block := self.file.read(CHUNK_SIZE):
            yield block
        self.close()

    def close(self):
        self.file.close()


def check_export(columns: Columns, fmt: str) -> None:
    """Refuse an export that cannot be produced, before any row is read or byte sent."""
    if fmt not in FORMATS:
        raise ExportError(f"Format d'export inconnu : {fmt!r}.")
    if not columns:
        raise ExportError("Choisissez au moins une colonne.")


def stream_table(columns: Columns, rows: Iterable[dict], fmt: str, title: str = "Export"):
    """The export of ``rows`` as an iterable of bytes, its content type and extension, in
    memory bounded whatever the number of rows.

    CSV is produced lazily as the iterable is read (``rows`` is read then). XLSX and ODS
    are written now, row by row, into a temporary file that the iterable reads back; it has
    a ``size``. Raises ExportError before reading any row."""
    check_export(columns, fmt)
    if fmt in ("csv", "csv-fr"):
        chunks = _csv_chunks(columns, rows, french=fmt == "csv-fr")
    else:
        # Not a context manager: the response closes the file once it is sent.
        file = tempfile.SpooledTemporaryFile(max_size=SPOOL_SIZE)  # noqa: SIM115
        try:
            writer = _write_xlsx if fmt == "xlsx" else _write_ods
            writer(columns, rows, title, file)
        except BaseException:
            file.close()
            raise
        chunks = _FileChunks(file)
    return chunks, CONTENT_TYPES[fmt], EXTENSIONS[fmt]


def export_table(
    columns: Columns, rows: Iterable[dict], fmt: str, title: str = "Export"
) -> tuple[bytes, str, str]:
    """The bytes, content type and file extension of ``rows`` exported in format ``fmt``."""
    chunks, content_type, extension = stream_table(columns, rows, fmt, title)
    return b"".join(chunks), content_type, extension


def _attachment_headers(response, extension: str, filename_stem: str):
    """Name the attachment ``filename_stem.<extension>`` and keep it out of caches."""
    safe_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", filename_stem).strip("-") or "export"
    response["Content-Disposition"] = f'attachment; filename="{safe_stem}.{extension}"'
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def streaming_attachment(chunks, content_type: str, extension: str, filename_stem: str):
    """An HTTP attachment sent piece by piece from ``chunks`` (see ``stream_table``)."""
    from django.http import StreamingHttpResponse

    response = StreamingHttpResponse(chunks, content_type=content_type)
    if getattr(chunks, "size", None) is not None:
        response["Content-Length"] = str(chunks.size)
    return _attachment_headers(response, extension, filename_stem)


def download_response(columns: Columns, rows: Iterable[dict], fmt: str, filename_stem: str):
    """An HTTP attachment streaming the export of ``rows``; raises ExportError first if the
    format or the columns are wrong."""
    chunks, content_type, extension = stream_table(columns, rows, fmt, title=filename_stem)
    return streaming_attachment(chunks, content_type, extension, filename_stem)
