"""Property tests of everything that parses outside input: no crash, a clear error, no script.

Markdown rendering, the PDF checks of uploads, the content files' front matter, both site
importers (on mutated copies of the real sites' files) and the selection engine's JSON
command lines get inputs that hypothesis builds and shrinks. Each must either succeed or
refuse with its own error type and a message; nothing else may escape.
"""

import contextlib
import html
import io
import json
import re
import shutil
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cohorte.calls.files import check_pdf_content
from cohorte.content.importers import NotASite, import_site
from cohorte.content.importers.frontmatter import ContentError, parse
from cohorte.demo_stages import demo_pdf
from cohorte.richtext import render_markdown
from cohorte.selection.core import jury, matching, scheduling
from cohorte.selection.core.generate import generate_scheduling_instance
from tests.selection.core.test_jury_and_cli import TEXTBOOK, balanced_jury

DATA = Path(__file__).resolve().parents[3] / "shared" / "data"
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=list(HealthCheck))

# Fragments attackers use, mixed by hypothesis with ordinary Markdown and text.
HOSTILE = [
    "<script>alert(1)</script>", "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src=x onerror="alert(1)">', "<svg onload=alert(1)>", "<iframe src=//evil.example>",
    "<object data=x>", "<embed src=x>", "<style>body{}</style>", "<math><mi xlink:href=x>",
    "[clic](javascript:alert(1))", "[clic](JaVaScRiPt:alert(1))", "[clic](  javascript:x)",
    "[clic](&#106;avascript:alert(1))", "[clic](java\tscript:alert(1))",
    "[clic](vbscript:msgbox(1))", "[clic](data:text/html;base64,PHNjcmlwdD4=)",
    "![img](javascript:alert(1))", '<a href="javascript:alert(1)">x</a>',
    '<a href="  &#x6A;avascript:alert(1)">x</a>', "<a href=javascript:alert(1)>x</a>",
    '<div onclick="x()">x</div>', '<p style="background:url(javascript:x)">x</p>',
    "<form action=javascript:x><button>x</button></form>", "<base href=//evil.example/>",
    '<meta http-equiv="refresh" content="0;url=javascript:x">', "<!--", "-->", "<![CDATA[",
    "```html\n<script>x</script>\n```", "<", ">", '"', "'", "&", "\x00", "\u202e",
]  # fmt: skip
MARKDOWN = [
    "# Titre\n", "- liste\n", "1. un\n", "**gras**", "_it_", "> cite\n", "\n\n", "|a|b|\n|-|-|\n",
    "`code`", "[lien](https://example.org)", "![alt](/media/x.png)", "https://example.org",
]  # fmt: skip
UNSAFE_SCHEMES = ("javascript:", "vbscript:", "data:text/html")
FORBIDDEN_TAGS = {
    "script", "iframe", "object", "embed", "style", "base", "meta", "form", "svg", "math",
}  # fmt: skip


class _Collector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.attributes = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        self.attributes += [(tag, name, value or "") for name, value in attrs]


C0_AND_SPACE = "".join(map(chr, range(0x21)))


def _scheme(value: str) -> str:
    """The URL as a browser's URL parser reads it (WHATWG): unescaped, controls and spaces
    trimmed at both ends, tabs and newlines removed everywhere."""
    return re.sub(r"[\t\n\r]", "", html.unescape(value).strip(C0_AND_SPACE)).lower()


@FUZZ
@given(
    st.lists(
        st.sampled_from(HOSTILE) | st.sampled_from(MARKDOWN) | st.text(max_size=20), max_size=12
    )
)
def test_markdown_never_lets_a_script_through(parts):
    rendered = str(render_markdown("".join(parts)))
    found = _Collector()
    found.feed(rendered)
    found.close()
    assert not FORBIDDEN_TAGS & set(found.tags), rendered
    for _tag, name, value in found.attributes:
        assert not name.startswith("on"), rendered
        assert name != "style", rendered
        if name in {"href", "src", "action", "formaction", "xlink:href", "srcset"}:
            assert not _scheme(value).startswith(UNSAFE_SCHEMES), rendered


# PDF checks: valid, mutated, truncated and random bytes


VALID_PDF = demo_pdf()


def _checked(content: bytes):
    upload = SimpleUploadedFile("cv.pdf", content, content_type="application/pdf")
    try:
        return check_pdf_content(upload, max_bytes=1_000_000, max_pages=5)
    except ValidationError as error:
        assert error.messages and all(
            m.startswith(("Le fichier", "Le pitch")) for m in error.messages
        )
        return None


@FUZZ
@given(st.lists(st.tuples(st.integers(0, len(VALID_PDF) - 1), st.integers(0, 255)), max_size=12))
def test_a_damaged_pdf_is_accepted_or_refused_with_a_message(flips):
    content = bytearray(VALID_PDF)
    for position, value in flips:
        content[position] = value
    _checked(bytes(content))


@FUZZ
@given(st.integers(0, len(VALID_PDF)), st.binary(max_size=200))
def test_a_truncated_or_padded_pdf_is_accepted_or_refused_with_a_message(cut, tail):
    _checked(VALID_PDF[:cut] + tail)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_are_refused_with_a_message(content):
    assert _checked(b"%PDF-1.7\n" + content) is None or content


# Content files: front matter in YAML or TOML


YAML_BITS = [
    "---\n", "...\n", "+++\n", "title: x\n", "- a\n", "a: [1, 2\n", "a: {b: c}\n", "&a x\n", "*a\n",
    "!!python/object:os.system x\n", "key: 'unclosed\n", "\t- tab\n", "date: 2020-13-45\n",
    "a: b: c\n", "? x\n", "%YAML 1.1\n", "a = 1\n", "[table]\n", "\ufeff", "\r\n", "\x00",
]  # fmt: skip


@FUZZ
@given(st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=15), max_size=15))
def test_front_matter_is_parsed_or_refused_with_a_reason(parts):
    try:
        document = parse("".join(parts))
    except ContentError as error:
        assert error.reason
    else:
        assert isinstance(document.meta, dict)


# Both site importers, on mutated copies of real files


def _site_files(name: str, limit: int) -> list[Path]:
    root = DATA / name
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix in {".md", ".yml", ".toml", ".html"}
    )
    # A few files of each folder, so that every parser of the site gets its share.
    by_folder = {}
    for path in files:
        by_folder.setdefault(path.parent, []).append(path)
    return [p for group in by_folder.values() for p in group[:limit]]


MUTATIONS = st.lists(
    st.tuples(
        st.integers(0, 10_000),
        st.sampled_from(["cut", "insert", "flip"]),
        st.sampled_from(YAML_BITS + HOSTILE),
    ),
    min_size=1,
    max_size=4,
)  # fmt: skip


def _mutate(raw: bytes, mutations) -> bytes:
    data = bytearray(raw)
    for position, how, text in mutations:
        at = position % (len(data) + 1)
        if how == "cut":
            del data[at:]
        elif how == "insert":
            data[at:at] = text.encode()
        elif data:
            data[at % len(data)] ^= 0x5A
    return bytes(data)


@pytest.mark.django_db
@pytest.mark.parametrize("site", ["eig-site-jekyll", "eig-site-hugo-sample"])
@settings(max_examples=12, deadline=None, suppress_health_check=list(HealthCheck))
@given(data=st.data())
def test_an_importer_reports_damaged_files_and_never_crashes(site, data):
    files = _site_files(site, limit=1)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for path in files:
            target = root / path.relative_to(DATA / site)
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, target)
        damaged = data.draw(st.lists(st.sampled_from(files), min_size=1, max_size=3, unique=True))
        for path in damaged:
            target = root / path.relative_to(DATA / site)
            target.write_bytes(_mutate(path.read_bytes(), data.draw(MUTATIONS)))
        try:
            report = import_site(root, dry_run=True)
        except NotASite:
            return
        assert report.format in {"jekyll", "hugo"}
        for warning in report.warnings:
            assert warning.file and warning.reason


# The selection engine's command lines


def _valid(command: str) -> dict:
    if command == "jury":
        return balanced_jury().to_dict()
    if command == "matching":
        return json.loads(json.dumps(TEXTBOOK))
    return generate_scheduling_instance(4, 1, 1, n_defis=1, n_locks=0, seed=1).to_dict()


MAINS = {"jury": jury.main, "matching": matching.main, "scheduling": scheduling.main}
JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-(2**70), 2**70)
    | st.floats(allow_nan=False)
    | st.text(max_size=8),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)  # fmt: skip


def _paths(value, prefix=()):
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _replace(value, path, new, delete):
    if not path:
        return new
    *parents, last = path
    node = value
    for step in parents:
        node = node[step]
    if delete:
        del node[last]
    else:
        node[last] = new
    return value


def _run(command: str, text: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with tempfile.NamedTemporaryFile("w", suffix=".json", encoding="utf-8", delete=False) as handle:
        handle.write(text)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = MAINS[command]([handle.name, "--time-limit", "2", "--workers", "1"])
    finally:
        Path(handle.name).unlink()
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("command", sorted(MAINS))
@FUZZ
@given(data=st.data())
def test_a_command_line_solves_or_refuses_a_mutated_instance_with_a_message(command, data):
    instance = _valid(command)
    path = data.draw(st.sampled_from(list(_paths(instance))))
    delete = bool(path) and data.draw(st.booleans())
    mutated = _replace(instance, path, data.draw(JSON_VALUES), delete)
    code, out, err = _run(command, json.dumps(mutated))
    assert code in (0, 1, 2)
    if code == 2:
        assert out == "" and err.startswith("error: ") and "Traceback" not in err
    else:
        assert json.loads(out) is not None


@pytest.mark.parametrize("command", sorted(MAINS))
@FUZZ
@given(st.text(max_size=60))
def test_a_command_line_refuses_text_that_is_not_an_instance(command, text):
    code, out, err = _run(command, text)
    assert code in (0, 1, 2)
    if code == 2:
        assert out == "" and err.startswith("error: ")
