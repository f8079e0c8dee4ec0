"""Recognising which of the programme's two site formats a folder holds."""

from dataclasses import dataclass
from pathlib import Path

JEKYLL = "jekyll"
HUGO = "hugo"

# Jekyll 2017-2022: collections and data files at the root.
JEKYLL_MARKERS = ("_defis", "_communaute", "_posts", "_data/defis.yml", "_data/personnes.yml")
# Hugo 2022-2026: sections of the content folder, found at the root, in site/content/
# (the real repository) or in content/ (Hugo's default). "blog" alone proves nothing.
HUGO_MARKERS = ("defis", "personnes", "promos", "expertises")
HUGO_CONTENT_DIRS = ("", "site/content", "content")


@dataclass(frozen=True)
class Site:
    """A recognised site: its format, the folder given, and the folder holding its content."""

    format: str
    root: Path
    content: Path


def detect(path: Path) -> Site | None:
    """The site in ``path``, or None when it is not a folder of a known format."""
    path = Path(path)
    if not path.is_dir():
        return None
    if any((path / marker).exists() for marker in JEKYLL_MARKERS):
        return Site(JEKYLL, path, path)
    for prefix in HUGO_CONTENT_DIRS:
        content = path / prefix if prefix else path
        if any((content / marker).is_dir() for marker in HUGO_MARKERS):
            return Site(HUGO, path, content)
    return None
