"""Exports hold the same memory at 2 000 and 20 000 rows, and the big files open back whole."""

import csv
import datetime
import tracemalloc
import zipfile
from xml.etree import ElementTree

import openpyxl
import pytest

from cohorte.calls.exports import EXTENSIONS, FORMATS, PARIS, stream_table

COLUMNS = [
    ("id", "N°"),
    ("name", "Nom"),
    ("note", "Note"),
    ("at", "Déposée le"),
    ("day", "Né le"),
    ("ok", "OK"),
    ("choices", "Choix"),
    ("text", "Motivation"),
]
TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
# Peak Python memory an export may take whatever its size (20 000 rows of 8 columns).
PEAK_BOUND = 8 * 1024 * 1024


def rows(count: int):
    """``count`` rows of every kind of value, made one at a time (nothing kept)."""
    start = datetime.datetime(2031, 3, 1, 8, 30, tzinfo=datetime.UTC)
    for index in range(count):
        yield {
            "id": index,
            "name": f"Zoé Ñandú n°{index}",
            "note": index % 20 + 0.5,
            "at": start + datetime.timedelta(minutes=index),
            "day": datetime.date(1990, 1, 1) + datetime.timedelta(days=index % 9000),
            "ok": index % 2 == 0,
            "choices": ["Défi A", f"Défi {index % 60}"],
            "text": f"=cmd {index}\n  deuxième ligne\tavec une tabulation & <balise>",
        }


def export_to_disk(fmt: str, count: int, path) -> int:
    """Export ``count`` rows to ``path`` chunk by chunk; the peak Python memory it took."""
    # Modules imported on the first export are not what an export holds.
    b"".join(stream_table(COLUMNS, rows(2), fmt)[0])
    tracemalloc.start()
    try:
        chunks, _content_type, _extension = stream_table(COLUMNS, rows(count), fmt, "Grand appel")
        with open(path, "wb") as file:
            for chunk in chunks:
                file.write(chunk)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def read_back(fmt: str, path) -> list[list[str]]:
    """The header, the first and the last row of an exported file, and its row count."""
    if fmt in ("csv", "csv-fr"):
        with open(path, encoding="utf-8-sig", newline="") as file:
            lines = list(csv.reader(file, delimiter=";" if fmt == "csv-fr" else ","))
        return [lines[0], lines[1], lines[-1], len(lines)]
    if fmt == "xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True)
        values = list(workbook.active.iter_rows(values_only=True))
        workbook.close()
        return [values[0], values[1], values[-1], len(values)]
    with zipfile.ZipFile(path) as archive:
        assert archive.infolist()[0].filename == "mimetype"
        assert archive.infolist()[0].compress_type == zipfile.ZIP_STORED
        found, count = [], 0
        with archive.open("content.xml") as content:
            for _event, element in ElementTree.iterparse(content):
                if element.tag == f"{TABLE}table-row":
                    count += 1
                    if count <= 2:
                        found.append(_ods_row(element))
                    last = _ods_row(element)
                    element.clear()
        return [found[0], found[1], last, count]


def _ods_row(element) -> list:
    """Each cell of an ODS row as (value type, value or date, first paragraph's text)."""
    cells = []
    for cell in element.findall(f"{TABLE}table-cell"):
        attributes = {key.split("}")[1]: value for key, value in cell.attrib.items()}
        paragraph = cell.find(f"{TEXT}p")
        cells.append(
            (
                attributes.get("value-type"),
                attributes.get("value") or attributes.get("date-value"),
                paragraph.text if paragraph is not None else None,
            )
        )
    return cells


# Writing XLSX through openpyxl (without lxml) takes some 20 s at 20 000 rows.
@pytest.mark.parametrize(
    "fmt", [pytest.param(fmt, marks=[pytest.mark.slow] if fmt == "xlsx" else []) for fmt in FORMATS]
)
def test_an_export_of_20000_rows_takes_the_memory_of_2000(fmt, tmp_path):
    small = export_to_disk(fmt, 2_000, tmp_path / f"small.{EXTENSIONS[fmt]}")
    large = export_to_disk(fmt, 20_000, tmp_path / f"large.{EXTENSIONS[fmt]}")
    assert large < PEAK_BOUND, (fmt, large)
    assert large / small < 1.5, (fmt, small, large)
    header, first, last, count = read_back(fmt, tmp_path / f"large.{EXTENSIONS[fmt]}")
    assert count == 20_001  # the header and every row
    labels = [label for _key, label in COLUMNS]
    last_at = (datetime.datetime(2031, 3, 1, 8, 30, tzinfo=datetime.UTC)).astimezone(PARIS)
    last_at = (last_at + datetime.timedelta(minutes=19_999)).replace(tzinfo=None)
    if fmt == "csv":
        assert header == labels
        assert first[:3] == ["0", "Zoé Ñandú n°0", "0.5"]
        assert first[5:] == ["Oui", "Défi A ; Défi 0", "'=cmd 0\n  deuxième ligne\tavec une "
                             "tabulation & <balise>"]  # fmt: skip
        assert last[:4] == ["19999", "Zoé Ñandú n°19999", "19.5", f"{last_at:%Y-%m-%d %H:%M:%S}"]
    elif fmt == "csv-fr":
        assert header == labels
        assert first[2] == "0,5" and last[2] == "19,5" and last[5] == "Non"
    elif fmt == "xlsx":
        assert list(header) == labels  # rows read back as tuples
        assert first[:3] == (0, "Zoé Ñandú n°0", 0.5)
        assert first[5:] == ("Oui", "Défi A ; Défi 0", "=cmd 0\n  deuxième ligne\tavec une "
                             "tabulation & <balise>")  # fmt: skip
        assert last[:4] == (19_999, "Zoé Ñandú n°19999", 19.5, last_at)
        assert last[4] == datetime.datetime(1990, 1, 1) + datetime.timedelta(days=19_999 % 9000)
    else:
        assert [text for _type, _value, text in header] == labels
        assert first[2] == ("float", "0.5", "0.5")
        assert first[5] == ("string", None, "Oui")
        assert first[7][:2] == ("string", None)
        assert first[7][2].startswith("=cmd 0")
        assert last[0] == ("float", "19999", "19999")
        assert last[3] == ("date", f"{last_at:%Y-%m-%dT%H:%M:%S}", f"{last_at:%d/%m/%Y %H:%M:%S}")
