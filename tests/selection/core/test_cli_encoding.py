"""The engine's command lines read and write UTF-8 JSON only: any other input (a file saved
as Latin-1, stray bytes, NaN, half a surrogate pair) exits 2 with a message saying where,
and their output is UTF-8 whatever the locale."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cohorte.selection.core.generate import generate_scheduling_instance
from tests.selection.core.test_jury_and_cli import TEXTBOOK, balanced_jury

ROOT = Path(__file__).resolve().parents[3]
COMMANDS = ["jury", "matching", "scheduling"]


def instance(command: str) -> str:
    """A small valid instance of the command whose one id is written with accents."""
    if command == "jury":
        return json.dumps(balanced_jury().to_dict()).replace('"J1"', '"Jérôme"')
    if command == "matching":
        return json.dumps(TEXTBOOK).replace('"A"', '"Amélie"')
    data = generate_scheduling_instance(4, 1, 1, n_defis=1, n_locks=0, seed=1).to_dict()
    return json.dumps(data).replace('"I1"', '"Cécile"')


def run(command: str, *args: str, stdin: bytes = b"", **env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", f"cohorte.selection.core.{command}", *args],
        input=stdin,
        capture_output=True,
        cwd=ROOT,
        env={**os.environ, **env},
        timeout=60,
        check=False,
    )


def assert_refused(result, *words):
    assert result.returncode == 2
    assert result.stdout == b""
    message = result.stderr.decode("utf-8")
    assert "Traceback" not in message
    for word in words:
        assert word in message


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("way", ["path", "stdin"])
def test_a_latin_1_file_is_refused_with_where_and_what_to_do(tmp_path, command, way):
    latin = instance(command).encode("latin-1")
    path = tmp_path / "instance.json"
    path.write_bytes(latin)
    result = run(command, str(path)) if way == "path" else run(command, stdin=latin)
    source = str(path) if way == "path" else "<stdin>"
    column = instance(command).index("é") + 1
    assert_refused(
        result, f"{source} is not UTF-8 text: byte 0xe9 at line 1, column {column}", "iconv"
    )


@pytest.mark.parametrize("command", COMMANDS)
def test_invalid_bytes_are_refused(tmp_path, command):
    text = instance(command)
    broken = text[:-1].encode("utf-8") + b',\n  "x": "\xff\xfe\x80"}'
    assert_refused(run(command, stdin=broken), "byte 0xff at line 2, column 9")
    path = tmp_path / "instance.json"
    path.write_bytes(b"\xc3")  # a UTF-8 sequence cut short
    assert_refused(run(command, str(path)), "byte 0xc3 at line 1, column 1")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"x": "\\udce9"}', "\\udce9 is half of a UTF-16 surrogate pair"),
        ('{"x": NaN}', "NaN is not a JSON number"),
        ('{"x": -Infinity}', "-Infinity is not a JSON number"),
    ],
)
def test_json_without_a_utf_8_form_is_refused(text, message):
    assert_refused(run("matching", stdin=text.encode()), message)


@pytest.mark.parametrize("command", COMMANDS)
def test_the_output_is_utf_8_whatever_the_locale(tmp_path, command):
    path = tmp_path / "instance.json"
    path.write_text(instance(command), encoding="utf-8")
    # A terminal set to Latin-1: Python would write é as one byte 0xe9 on stdout.
    args = (str(path), "--workers", "1", "--time-limit", "5")
    result = run(command, *args, PYTHONIOENCODING="latin-1")
    assert result.returncode == 0, result.stderr
    text = result.stdout.decode("utf-8")  # strict: fails on any byte that is not UTF-8
    assert any(name in text for name in ("Jérôme", "Amélie", "Cécile"))
    json.loads(text)


def test_a_byte_order_mark_is_ignored():
    result = run("matching", stdin=b"\xef\xbb\xbf" + instance("matching").encode())
    assert result.returncode == 0, result.stderr
    assert "Amélie" in result.stdout.decode("utf-8")
