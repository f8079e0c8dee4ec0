"""Reading content files: UTF-8 text, a YAML (or TOML) front matter, then a Markdown body.

No third-party front matter library: the real sites have enough quirks (CRLF, BOM, tabs,
unclosed blocks, duplicate keys) that we want each failure named precisely.
"""

import datetime
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from yaml.nodes import ScalarNode

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built with it


class ContentError(Exception):
    """A file that cannot be read as content; ``reason`` says why, for the report."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


@dataclass
class Document:
    """A parsed content file: its front matter and its body."""

    meta: dict
    body: str
    duplicates: list[str] = field(default_factory=list)


class _Loader(_BaseLoader):
    """Safe YAML loader that notes duplicate keys (PyYAML silently keeps the last one)."""

    def __init__(self, stream, first_line: int = 1):
        super().__init__(stream)
        self.duplicates: list[str] = []
        self.first_line = first_line  # line of the file where this YAML starts


def _construct_mapping(loader: _Loader, node, deep=False):
    """Build a mapping as the safe loader does, remembering keys seen twice."""
    seen = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.value == "<<":
            continue
        earlier = seen.get(key_node.value)
        # A key repeated with the same scalar value loses nothing: only report real conflicts.
        if earlier is not None and not _same_scalar(earlier, value_node):
            line = key_node.start_mark.line + loader.first_line
            loader.duplicates.append(f"{key_node.value} (line {line})")
        seen[key_node.value] = value_node
    return loader.construct_mapping(node, deep=deep)


def _same_scalar(first, second) -> bool:
    """Whether two YAML nodes are the same plain value."""
    return (
        isinstance(first, ScalarNode)
        and isinstance(second, ScalarNode)
        and (first.value == second.value)
    )


_Loader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def load_yaml(text: str, first_line: int = 1):
    """Parse YAML text; return (data, duplicate keys); raise ContentError when invalid."""
    loader = _Loader(text, first_line)
    try:
        data = loader.get_single_data()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + first_line}" if mark is not None else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ContentError(f"invalid YAML{where}: {problem}") from error
    except (ValueError, OverflowError) as error:
        # Well-formed YAML whose value cannot be built, such as the date 2020-13-45.
        raise ContentError(f"invalid YAML value: {error}") from error
    finally:
        loader.dispose()
    return data, loader.duplicates


def decode(raw: bytes) -> str:
    """Bytes to text: UTF-8 (with or without BOM), newlines normalised."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise ContentError(
            f"not UTF-8 text (byte 0x{raw[error.start]:02x} at offset {error.start}): "
            "re-save the file as UTF-8"
        ) from error
    if "\x00" in text:
        # No text file holds a NUL character, and PostgreSQL refuses it in any text column.
        raise ContentError(
            f"NUL character at offset {text.index(chr(0))}: a damaged or binary file, not text"
        )
    return text.replace("\r\n", "\n").replace("\r", "\n")


def parse(text: str) -> Document:
    """Split text into front matter and body and parse the front matter."""
    lines = text.split("\n")
    opening = lines[0].strip() if lines else ""
    if opening not in ("---", "+++"):
        raise ContentError("no front matter: the file must start with a '---' line")
    closers = ("+++",) if opening == "+++" else ("---", "...")
    end = next((i for i in range(1, len(lines)) if lines[i].rstrip() in closers), None)
    if end is None:
        raise ContentError(f"front matter not closed: no '{closers[0]}' line after the first one")
    head = "\n".join(lines[1:end])
    body = "\n".join(lines[end + 1 :]).strip("\n")
    if opening == "+++":
        try:
            meta, duplicates = tomllib.loads(head), []
        except tomllib.TOMLDecodeError as error:
            raise ContentError(f"invalid TOML front matter: {error}") from error
    else:
        meta, duplicates = load_yaml(head, first_line=2)
    if meta is None:
        meta = {}
    if not isinstance(meta, dict):
        raise ContentError(f"front matter is a {type(meta).__name__}, not a set of 'key: value'")
    return Document(meta=meta, body=body, duplicates=duplicates)


def read_document(path: Path) -> Document:
    """Read and parse one content file."""
    return parse(decode(path.read_bytes()))


def read_data(path: Path):
    """Read one YAML data file (Jekyll's _data); return (data, duplicate keys)."""
    return load_yaml(decode(path.read_bytes()))


def text(value) -> str:
    """A front matter scalar as clean text ("" for None; numbers and dates as written)."""
    if value is None or isinstance(value, (dict, list)):
        return ""
    if isinstance(value, bool):
        return ""  # a bare `yes`/`no` is never a meaningful title or name
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return str(value).strip()


def text_list(value) -> list[str]:
    """A front matter value that may be a list, a string or nothing, as a list of texts."""
    if value is None:
        return []
    items = value if isinstance(value, list) else [value]
    return [t for t in (text(item) for item in items) if t]
