"""Walking a site's folders: every file is either read as content or reported with a reason."""

from collections.abc import Iterator
from pathlib import Path

from .frontmatter import ContentError, Document, read_document
from .report import Warnings

CONTENT_SUFFIXES = {".md", ".markdown", ".html"}

# Site machinery, not content: ignored without a warning wherever they sit at the root.
SITE_MACHINERY = {
    "SNAPSHOT", "Gemfile", "Gemfile.lock", "package.json", "package-lock.json", "netlify.toml",
    "README.md", "LICENSE", "LICENSE.md", "CNAME", "Makefile", "Dockerfile", "Rakefile",
    "_config.yml", "config.toml", "config.yaml", "config.yml", "hugo.toml", "hugo.yaml",
    "_layouts", "_includes", "_sass", "_site", "_plugins", "assets", "css", "js", "img",
    "images", "fonts", "static", "layouts", "archetypes", "resources", "node_modules",
    "vendor", "docs", "i18n", "data", "public", "admin",
}  # fmt: skip


def relative(path: Path, root: Path) -> str:
    """The path as the report names it: relative to the imported folder, with slashes."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix()


def files_under(folder: Path) -> list[Path]:
    """Files below a folder, sorted, without hidden ones (.git, .DS_Store: not content)."""
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.rglob("*")):
        parts = path.relative_to(folder).parts
        if any(part.startswith(".") for part in parts) or not path.is_file():
            continue
        found.append(path)
    return found


def read(path: Path, root: Path, warnings: Warnings) -> Document | None:
    """Read one content file, or warn about it and return None."""
    name = relative(path, root)
    if not path.suffix:
        warnings.add(name, "file without extension: not read (content files end in .md)")
        return None
    if path.suffix.lower() not in CONTENT_SUFFIXES:
        warnings.add(name, f"not a content file ({path.suffix}): not imported")
        return None
    try:
        document = read_document(path)
    except ContentError as error:
        warnings.add(name, error.reason)
        return None
    except OSError as error:
        warnings.add(name, f"unreadable: {error.strerror or error}")
        return None
    for duplicate in document.duplicates:
        warnings.add(
            name, f"key given twice in the front matter, the last one is used: {duplicate}"
        )
    return document


def documents(folder: Path, root: Path, warnings: Warnings) -> Iterator[tuple[str, Path, Document]]:
    """(name relative to root, path, document) for each readable content file of a folder."""
    for path in files_under(folder):
        document = read(path, root, warnings)
        if document is not None:
            yield relative(path, root), path, document


def stem_of(path: Path) -> str:
    """A content file's own name: a bundle's `index.md` takes its folder's name."""
    return path.parent.name if path.stem in ("index", "_index") else path.stem
