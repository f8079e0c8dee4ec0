"""JSON reading helpers with path-aware error messages, and the shared command-line runner.

Parsing is strict: a malformed instance raises ``InstanceError`` whose messages name the
offending place (``candidates[3].choices[1].profile: missing``), so that the command-line
tools can print them and exit with code 2.
"""

from __future__ import annotations

import argparse
import codecs
import json
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

EXIT_OK = 0
EXIT_NO_SOLUTION = 1
EXIT_BAD_INPUT = 2

_MISSING: Any = object()

_KIND_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "a boolean",
    list: "a list",
    dict: "an object",
}


class InstanceError(ValueError):
    """A malformed or contradictory instance; ``problems`` lists every issue found."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


@dataclass(frozen=True, slots=True)
class Violation:
    """One broken constraint found by an independent checker."""

    code: str
    message: str
    subjects: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return the JSON form."""
        return {"code": self.code, "message": self.message, "subjects": list(self.subjects)}


def _matches(value: Any, kind: type) -> bool:
    if kind is int:
        return isinstance(value, int) and not isinstance(value, bool)
    if kind is float:
        return isinstance(value, int | float) and not isinstance(value, bool)
    if kind is dict:
        return isinstance(value, Mapping)
    return isinstance(value, kind)


def expect(value: Any, kind: type, path: str) -> Any:
    """Return ``value`` if it has the JSON type ``kind``, else raise an ``InstanceError``."""
    if not _matches(value, kind):
        shown = json.dumps(value, ensure_ascii=False, default=str)
        if len(shown) > 60:
            shown = shown[:57] + "..."
        raise InstanceError([f"{path}: expected {_KIND_NAMES[kind]}, got {shown}"])
    return value


def get(obj: Mapping[str, Any], key: str, path: str, kind: type, default: Any = _MISSING) -> Any:
    """Read ``obj[key]`` checking its type; a missing key without default is an error."""
    if key not in obj or obj[key] is None:
        if default is _MISSING:
            raise InstanceError([f"{path}.{key}: missing"])
        return default
    return expect(obj[key], kind, f"{path}.{key}")


def get_list(obj: Mapping[str, Any], key: str, path: str, *, required: bool = False) -> list[Any]:
    """Read an optional (or required) list field."""
    return get(obj, key, path, list) if required else get(obj, key, path, list, [])


def parse_time(value: Any, path: str) -> int:
    """Parse ``"HH:MM"`` (or an integer number of minutes) into minutes since midnight."""
    if isinstance(value, int) and not isinstance(value, bool):
        if 0 <= value <= 24 * 60:
            return value
    elif isinstance(value, str):
        hours, sep, minutes = value.partition(":")
        if sep and hours.isdigit() and minutes.isdigit() and len(minutes) == 2:
            total = int(hours) * 60 + int(minutes)
            if int(minutes) < 60 and total <= 24 * 60:
                return total
    raise InstanceError([f'{path}: expected a time such as "09:30", got {value!r}'])


def format_time(minutes: int) -> str:
    """Format minutes since midnight as ``HH:MM``."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def ordinal(n: int) -> str:
    """English ordinal: 1st, 2nd, 3rd, 4th, 11th, 21st."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


class UnreadableInput(ValueError):
    """Input that is not UTF-8 JSON text; the message says where, and what to do."""


def decode_utf8(raw: bytes, source: str) -> str:
    """The text of UTF-8 bytes (a leading byte-order mark is ignored), else UnreadableInput."""
    body = raw.removeprefix(codecs.BOM_UTF8)
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError as error:
        line_start = body.rfind(b"\n", 0, error.start) + 1
        line = body.count(b"\n", 0, error.start) + 1
        column = len(body[line_start : error.start].decode("utf-8", errors="replace")) + 1
        raise UnreadableInput(
            f"{source} is not UTF-8 text: byte 0x{body[error.start]:02x} at line {line}, "
            f"column {column} (was it saved as Latin-1 or Windows-1252?); save it as UTF-8, "
            "for instance with: iconv -f latin1 -t utf-8"
        ) from None


def parse_json(text: str, source: str) -> Any:
    """The JSON value of a text; NaN, Infinity and lone surrogate escapes are refused."""

    def refuse(name: str) -> Any:
        raise UnreadableInput(f"{source} is not valid JSON: {name} is not a JSON number")

    try:
        data = json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError as error:
        raise UnreadableInput(
            f"{source} is not valid JSON: {error.msg} (line {error.lineno}, column {error.colno})"
        ) from None
    try:
        json.dumps(data, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as error:
        # A "\\udce9" escape is half of a UTF-16 pair: no character, and no UTF-8 either.
        code = ord(error.object[error.start])
        raise UnreadableInput(
            f"{source} is not valid JSON text: \\u{code:04x} is half of a UTF-16 surrogate "
            "pair, not a character"
        ) from None
    return data


def write_json(output: Any) -> None:
    """Print a JSON value on stdout in UTF-8, whatever the locale's encoding."""
    text = json.dumps(output, ensure_ascii=False, indent=2) + "\n"
    stream = getattr(sys.stdout, "buffer", None)
    if stream is None:  # a text stream without bytes underneath (tests capturing output)
        sys.stdout.write(text)
        return
    sys.stdout.flush()
    stream.write(text.encode("utf-8"))
    stream.flush()


def run_cli(
    argv: Sequence[str] | None,
    *,
    prog: str,
    description: str,
    add_arguments: Callable[[argparse.ArgumentParser], None],
    solve: Callable[[Any, argparse.Namespace], tuple[dict[str, Any], int]],
) -> int:
    """Read a JSON instance (path or stdin), solve it, print the JSON solution; return exit code.

    Input and output are UTF-8 whatever the locale. Exit codes: 0 solved, 1 no solution
    (infeasible or time out; the JSON report is still printed), 2 unreadable or malformed
    input (message on stderr, nothing on stdout).
    """
    parser = argparse.ArgumentParser(prog=prog, description=description)
    parser.add_argument("instance", nargs="?", help="JSON instance file (default: stdin)")
    add_arguments(parser)
    args = parser.parse_args(argv)
    source = args.instance or "<stdin>"
    try:
        raw = Path(args.instance).read_bytes() if args.instance else sys.stdin.buffer.read()
    except OSError as error:
        print(f"error: cannot read {source}: {error.strerror or error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        data = parse_json(decode_utf8(raw, source), source)
    except UnreadableInput as error:
        print(f"error: {error}", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        output, code = solve(data, args)
    except InstanceError as error:
        print(f"error: invalid instance in {source}:", file=sys.stderr)
        for problem in error.problems:
            print(f"  - {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    write_json(output)
    return code
