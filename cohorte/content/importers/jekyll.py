"""The Jekyll site (2017-2022): `_defis/`, `_communaute/`, `_posts/`, `en/_posts/`, `_data/`.

Défis and people are described twice: a Markdown file (title and text) and an entry of
`_data/defis.yml` / `_data/personnes.yml` (everything else). Both are merged, the data
file winning on the fields it gives.
"""

from pathlib import Path

from cohorte.content.models import FaqEntry, Post
from cohorte.text import make_slug, normalise_name

from . import jekyll_people, parts
from .cohorts import parse_year
from .detect import Site
from .frontmatter import ContentError, read_data, text, text_list
from .records import (
    FILL,
    ChallengeRecord,
    CohortRecord,
    OrganisationRecord,
    PostRecord,
    SiteData,
    TermRecord,
)
from .report import Warnings
from .vocabulary import profile_expertise
from .walk import SITE_MACHINERY, documents, files_under, relative

DATA_FILES = {"defis", "personnes", "promos", "skills"}
FAQ_FILES = {
    "faq-eig": (FaqEntry.Audience.CANDIDATES, "fr"),
    "faq-eig-en": (FaqEntry.Audience.CANDIDATES, "en"),
    "faq-administrations": (FaqEntry.Audience.ADMINISTRATIONS, "fr"),
    "faq-administrations-en": (FaqEntry.Audience.ADMINISTRATIONS, "en"),
}
NOT_CONTENT = {
    "nav": "site navigation menu, not content",
    "nav-en": "site navigation menu, not content",
    "traductions": "interface labels of the old site, not content",
    "temoignages": "testimonials: no home for them in the model",
    "webinaires_eig4": "2020 webinar schedule: no home for it in the model",
}
FOLDERS = {"_defis", "_communaute", "_posts", "_data", "en"}
DEFIS = "_data/defis.yml"


def parse(site: Site) -> SiteData:
    """Read a Jekyll site into records."""
    data = SiteData(format="jekyll", policy=FILL)
    warnings = data.warnings
    yml = load_data_folder(site.root, warnings)
    skills = parts.mapping(yml.get("skills"), "_data/skills.yml", warnings)
    data.expertises = [TermRecord("_data/skills.yml", text(name)) for name in skills.values()]
    data.cohorts = cohorts(yml.get("promos"), warnings)
    defis = parts.mapping(yml.get("defis"), DEFIS, warnings)
    data.challenges = challenges(site.root, defis, skills, warnings)
    personnes = parts.mapping(yml.get("personnes"), "_data/personnes.yml", warnings)
    data.people = jekyll_people.people(site.root, personnes, defis, warnings)
    data.posts = posts(site.root, "_posts", "fr", warnings)
    data.posts += posts(site.root, "en/_posts", "en", warnings)
    data.faq = faq(yml, warnings)
    other_entries(site.root, warnings)
    return data


def load_data_folder(root: Path, warnings: Warnings) -> dict:
    """Parsed `_data/*.yml` files that have a home; a warning for each of the others."""
    loaded = {}
    for path in files_under(root / "_data"):
        name = relative(path, root)
        stem = path.stem
        if path.parent != root / "_data" or path.suffix not in (".yml", ".yaml"):
            warnings.add(name, "data file not recognised: not imported")
        elif stem in NOT_CONTENT:
            warnings.add(name, f"{NOT_CONTENT[stem]}: not imported")
        elif stem not in DATA_FILES and stem not in FAQ_FILES:
            warnings.add(name, "data file not recognised: not imported")
        else:
            try:
                loaded[stem], duplicates = read_data(path)
            except ContentError as error:
                warnings.add(name, error.reason)
                continue
            for duplicate in duplicates:
                warnings.add(name, f"key given twice, the last one is used: {duplicate}")
    return loaded


def cohorts(promos, warnings: Warnings) -> list[CohortRecord]:
    """Promotions of `_data/promos.yml` ("EIG 4": promotion 4, class "2020 eig-4")."""
    found = []
    for key, entry in parts.mapping(promos, "_data/promos.yml", warnings).items():
        entry = entry if isinstance(entry, dict) else {}
        reference = entry.get("promotion", key)
        aliases = [str(key), *text_list(entry.get("title")), *text_list(entry.get("slug"))]
        found.append(
            CohortRecord(
                file="_data/promos.yml",
                name=str(reference),
                year=parse_year(entry.get("class")),
                aliases=aliases,
            )
        )
    return found


def challenges(root: Path, defis: dict, skills: dict, warnings: Warnings) -> list:
    """Défis: each `_defis/` file merged with its `_data/defis.yml` entry."""
    by_link = {text(e.get("link_to")): k for k, e in defis.items() if isinstance(e, dict)}
    by_name = {}
    for key, entry in defis.items():
        by_name.setdefault(normalise_name(str(key)), key)
        if isinstance(entry, dict) and text(entry.get("title")):
            by_name.setdefault(normalise_name(text(entry["title"])), key)
    records, used_keys, seen_urls = [], set(), {}
    for name, path, document in documents(root / "_defis", root, warnings):
        day, slug, _draft = parts.dated_name(path.stem)
        year = day.year if day else None
        url = f"/defis/{year}/{slug}.html"
        if url in seen_urls:
            warnings.add(name, f"same address {url} as {seen_urls[url]}: skipped")
            continue
        seen_urls[url] = name
        title = text(document.meta.get("title"))
        key = by_link.get(url) or by_name.get(normalise_name(title))
        entry = {**document.meta, **(defis.get(key) or {})} if key else dict(document.meta)
        if key:
            used_keys.add(key)
        record = challenge(name, key or title, entry, document.body, year, slug, skills, warnings)
        if record:
            records.append(record)
    for key, entry in defis.items():
        if key not in used_keys and isinstance(entry, dict):
            slug = Path(text(entry.get("link_to"))).stem or make_slug(str(key))
            record = challenge(DEFIS, key, entry, "", None, slug, skills, warnings)
            if record:
                records.append(record)
    parts.disambiguate_slugs(records, lambda r: r.year)
    return records


def challenge(file, key, entry, body, year, slug, skills, warnings) -> ChallengeRecord | None:
    """One défi from its merged entry; None (with a warning) when it has no promotion."""
    title = text(key) or text(entry.get("title"))
    label = f"défi '{title}': " if file == DEFIS else ""
    year = parts.integer(entry.get("year")) or year
    cohort = entry.get("promotion") if entry.get("promotion") not in (None, "") else year
    if not title or cohort in (None, ""):
        warnings.add(file, f"{label}no title or no promotion: not imported")
        return None
    expertises = []
    for code in text_list(entry.get("skills")):
        if code in skills or profile_expertise(code):
            expertises.append(text(skills.get(code)) or profile_expertise(code))
        else:
            warnings.add(DEFIS, f"défi '{title}': unknown skill code '{code}'")
    eigs = text_list(entry.get("eigs"))
    links = parts.challenge_links(entry)
    host = text(entry.get("administration"))
    town = text(entry.get("ville"))
    return ChallengeRecord(
        file=file,
        slug=make_slug(slug or title, 255),
        title=title,
        cohort=cohort,
        names=[str(key), text(entry.get("title"))],
        tagline=text(entry.get("description")),
        body=body,
        image=text(entry.get("image")),
        town=town,
        host=OrganisationRecord(host, text(entry.get("administration_website")), town)
        if host
        else None,
        expertises=expertises,
        seats=len(eigs) or None,
        duration_months=parts.integer(entry.get("duration_months")),
        key_figures=parts.key_figures(entry.get("key_figures"), DEFIS, title, warnings),
        achievements=parts.achievements(entry.get("projects")),
        links=links,
        startup_url=parts.startup_url(links),
        year=year,
    )


def category_name(tag: str) -> str:
    """A post tag as a category name: "méthode" -> "Méthode"."""
    tag = tag.strip()
    return tag[:1].upper() + tag[1:]


def tags(value) -> list[str]:
    """Jekyll tags: a list or a space-separated string."""
    if isinstance(value, str):
        return value.split()
    return text_list(value)


def posts(root: Path, folder: str, language: str, warnings: Warnings) -> list:
    """Posts of a Jekyll `_posts` folder: date from the name, `_` drafts kept unpublished."""
    posts = []
    for name, path, document in documents(root / folder, root, warnings):
        meta = document.meta
        day, stem, draft = parts.dated_name(path.stem)
        title = text(meta.get("title"))
        if not title:
            warnings.add(name, "no title: not imported")
            continue
        published_at = parts.moment(meta.get("date")) or parts.moment(day)
        if published_at is None:
            warnings.add(name, "no date in the file name or the front matter: imported unpublished")
        slug = make_slug(text(meta.get("slug")) or stem, 240) + ("-en" if language == "en" else "")
        categories = [
            category_name(t) for t in tags(meta.get("tags")) + tags(meta.get("categories"))
        ]
        kind = parts.post_kind(slug, title, categories)
        title, filled = parts.filled_offer(title)
        posts.append(
            PostRecord(
                file=name,
                slug=slug,
                title=title,
                published_at=published_at,
                kind=kind,
                filled=filled,
                open_until=parts.offer_last_day(document.body, published_at)
                if kind == Post.Kind.JOB and not filled
                else None,
                author=text(meta.get("author")),
                is_published=not draft
                and meta.get("published") is not False
                and bool(published_at),
                categories=categories,
                description=text(meta.get("description")),
                image=text(meta.get("image")),
                body=document.body,
                language=language,
            )
        )
    parts.disambiguate_slugs(posts, lambda p: p.published_at.year if p.published_at else None)
    return posts


def faq(yml: dict, warnings: Warnings) -> list:
    """Questions of the four FAQ data files, in their order."""
    entries = []
    for stem, (audience, language) in FAQ_FILES.items():
        if stem in yml:
            entries += parts.faq_items(
                yml[stem], f"_data/{stem}.yml", audience, language, warnings,
                question_keys=("question",), answer_keys=("reponse", "answer"),
            )  # fmt: skip
    return entries


def other_entries(root: Path, warnings: Warnings) -> None:
    """Warn about what sits beside the content folders (pages, unknown folders)."""
    for path in sorted(root.iterdir()):
        if path.name.startswith(".") or path.name in SITE_MACHINERY or path.name in FOLDERS:
            continue
        kind = "folder" if path.is_dir() else "file"
        warnings.add(path.name, f"{kind} outside the Jekyll content folders: not imported")
    english = root / "en"
    if english.is_dir():
        for path in sorted(english.iterdir()):
            if not path.name.startswith(".") and path.name != "_posts":
                warnings.add(relative(path, root), "outside en/_posts: not imported")
