"""Hugo pages outside the collections: the home page, `program.md`, `participer/`...

Most of these pages keep their text in structured front matter read by a layout
(`hero.title`, `steps.dates[].desc`...). We flatten it to Markdown, in order, so that
the words survive without the layout; FAQ pages (`layout: faq`) become FAQ entries.
"""

from cohorte.content.models import FaqEntry
from cohorte.text import make_slug

from .detect import Site
from .frontmatter import text
from .parts import faq_items
from .records import PageRecord
from .report import Warnings
from .walk import SITE_MACHINERY, files_under, read, relative

AUDIENCES = {
    "administrations": FaqEntry.Audience.ADMINISTRATIONS,
    "candidats": FaqEntry.Audience.CANDIDATES,
    "candidates": FaqEntry.Audience.CANDIDATES,
}
HEADINGS = ("title", "subtitle", "sub", "step", "question", "date")
# Layout settings, links and pictures: not words a reader would miss.
SKIPPED = {
    "title", "layout", "menu", "url", "image", "ogimage", "visible",
    "draft", "weight", "open", "icon", "photo", "type", "aliases", "slug", "btntitle", "btn",
    "cta", "target",
}  # fmt: skip
TOP_ONLY = {"desc", "description"}  # the page's summary, stored apart


def pages(site: Site, sections, warnings: Warnings) -> tuple[list, list]:
    """(pages, FAQ entries) of every content file outside the collection sections."""
    found_pages, found_faq, seen = [], [], {}
    content = site.content
    for path in files_under(content):
        parts = path.relative_to(content).parts
        if parts[0] in sections:
            continue
        if content == site.root and (parts[0] in SITE_MACHINERY or _is_config(path, parts)):
            continue
        document = read(path, site.root, warnings)
        if document is None:
            continue
        name, meta = relative(path, site.root), document.meta
        if meta.get("layout") == "faq" or isinstance(meta.get("questions"), list):
            found_faq += faq(name, path.parent.name, meta, warnings)
            continue
        slug = page_slug(parts, meta)
        if slug in seen:
            warnings.add(name, f"duplicate page address '{slug}' (already {seen[slug]}): skipped")
            continue
        seen[slug] = name
        body = "\n\n".join([*flatten(meta, 2, top=True), document.body]).strip()
        found_pages.append(
            PageRecord(
                file=name,
                slug=slug,
                title=text(meta.get("title")) or slug,
                description=text(meta.get("desc")) or text(meta.get("description")),
                body=body,
            )
        )
    return found_pages, found_faq


def _is_config(path, parts) -> bool:
    """Root files that configure the site rather than hold content."""
    return len(parts) == 1 and path.suffix.lower() in (".toml", ".yaml", ".yml", ".json")


def faq(name: str, folder: str, meta: dict, warnings: Warnings) -> list:
    """FAQ entries of a `layout: faq` page; its folder says for whom."""
    audience = AUDIENCES.get(folder.lower())
    if audience is None:
        warnings.add(name, f"FAQ for an unknown audience (folder '{folder}'): not imported")
        return []
    return faq_items(
        meta.get("questions"), name, audience, "fr", warnings,
        question_keys=("title", "question"), answer_keys=("desc", "answer", "reponse"),
    )  # fmt: skip


def page_slug(parts: tuple, meta: dict) -> str:
    """A page's address: its `url`, else its path (`participer/candidats/_index.md` -> ...)."""
    url = text(meta.get("url")).strip("/")
    if url:
        return make_slug(url.replace("/", " "), 255)
    names = [*parts[:-1], parts[-1].rsplit(".", 1)[0]]
    if names[-1] in ("_index", "index"):
        names = names[:-1]
    return make_slug(" ".join(names), 255) if names else "accueil"


def flatten(value, depth: int, top: bool = False) -> list[str]:
    """Markdown blocks of a structured front matter value, headings from its titles."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, (int, float)):
        return [str(value)]
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, list):
        if value and all(isinstance(item, str) for item in value):
            return ["\n".join(f"* {item.strip()}" for item in value if item.strip())]
        return [block for item in value for block in flatten(item, depth)]
    if not isinstance(value, dict):
        return []
    blocks = []
    heading = "" if top else next((text(value[k]) for k in HEADINGS if text(value.get(k))), "")
    if heading:
        blocks.append(f"{'#' * min(depth, 6)} {' '.join(heading.split())}")
    for key, item in value.items():
        folded = str(key).lower()
        if folded in SKIPPED or folded.endswith("url") or (top and folded in TOP_ONLY):
            continue
        if not top and key in HEADINGS:
            continue
        blocks += flatten(item, depth + (0 if top else 1))
    return blocks
