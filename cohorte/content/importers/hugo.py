"""The Hugo site (2022-2026): sections `defis/`, `personnes/`, `blog/`, `promos/`, `themes/`,
`expertises/`, `categories/`, `participer/` and root pages, at the root or in `site/content/`.

Unlike Jekyll, each défi or person is one Markdown file; people name their défis and
promotions, défis do not list their people.
"""

import re
from pathlib import Path

from cohorte.challenges.models import ChallengeLink
from cohorte.content.models import Post
from cohorte.people.models import Role
from cohorte.text import make_slug, normalise_name

from . import hugo_pages, parts
from .detect import Site
from .frontmatter import text, text_list
from .parts import filled_offer, moment, offer_last_day, post_kind, unique_links
from .records import (
    UPDATE,
    ChallengeRecord,
    CohortRecord,
    LinkRecord,
    OrganisationRecord,
    PersonRecord,
    PostRecord,
    RoleRecord,
    SiteData,
    TermRecord,
)
from .report import Warnings
from .vocabulary import (
    absolute_url,
    handle,
    hugo_role_kind,
    profile_expertise,
    real_bio,
    real_photo,
)
from .walk import documents, stem_of

SECTIONS = ("defis", "personnes", "blog", "promos", "themes", "expertises", "categories")
_ARROW_LINK = re.compile(r"{{<\s*arrow-link\s+(.*?)\s*>}}", re.DOTALL)
_ATTRIBUTE = re.compile(r'(\w+)\s*=\s*"([^"]*)"')


def parse(site: Site) -> SiteData:
    """Read a Hugo site into records."""
    # The current site is live: its newest promotion is still running.
    data = SiteData(format="hugo", policy=UPDATE, latest_cohort_running=True)
    content, warnings = site.content, data.warnings

    def section(name):
        """The files of one section of the content folder."""
        return sectioned(content / name, site.root, warnings)

    data.cohorts = [
        CohortRecord(n, t.name, aliases=[t.name]) for n, t in terms(section("promos"), warnings)
    ]
    data.themes = [t for _n, t in terms(section("themes"), warnings)]
    data.expertises = [t for _n, t in terms(section("expertises"), warnings)]
    data.categories = [t for _n, t in terms(section("categories"), warnings)]
    data.challenges = challenges(section("defis"), warnings)
    data.people = people(section("personnes"), warnings)
    data.posts = posts(section("blog"), warnings)
    data.pages, data.faq = hugo_pages.pages(site, SECTIONS, warnings)
    return data


def sectioned(folder: Path, root: Path, warnings: Warnings):
    """A section's files, its `_index.md` reported: it only sets the list page's title."""
    for name, path, document in documents(folder, root, warnings):
        if path.stem == "_index":
            warnings.add(name, "section index (title of the list page): nothing to import")
        else:
            yield name, path, document


def terms(files, warnings: Warnings) -> list[tuple[str, TermRecord]]:
    """Taxonomy terms (a title per file); a second file for the same name is reported."""
    found, seen = [], {}
    for name, path, document in files:
        term = text(document.meta.get("title")) or stem_of(path)
        if normalise_name(term) in seen:
            warnings.add(name, f"same name as {seen[normalise_name(term)]}: one term kept")
            continue
        seen[normalise_name(term)] = name
        found.append((name, TermRecord(name, term)))
    return found


def challenges(files, warnings: Warnings) -> list[ChallengeRecord]:
    """Défis; one per slug (file name without accents, as Hugo builds its addresses)."""
    records, seen = [], {}
    for name, path, document in files:
        meta = document.meta
        title, slug = text(meta.get("title")), make_slug(stem_of(path), 255)
        promos = text_list(meta.get("promos"))
        if not title or not promos:
            warnings.add(name, "no title or no promotion (`promos`): not imported")
            continue
        if slug in seen:
            warnings.add(name, f"duplicate slug '{slug}' (already {seen[slug]}): skipped")
            continue
        seen[slug] = name
        if len(promos) > 1:
            warnings.add(name, f"several promotions {promos}: the first one is used")
        town, place, who = text(meta.get("town")), text(meta.get("place")), text(meta.get("who"))
        date = moment(meta.get("date"))
        year = date.year if date else parts.integer(meta.get("date"))  # `date: 2022` happens
        is_startup = meta.get("isSET") is not False
        records.append(
            ChallengeRecord(
                file=name,
                slug=slug,
                title=title,
                cohort=promos[0],
                tagline=text(meta.get("description")),
                body=document.body,
                image=text(meta.get("image")),
                town=town,
                host=OrganisationRecord(who, town=town) if who else None,
                partners=[OrganisationRecord(place)] if place else [],
                themes=text_list(meta.get("themes")),
                expertises=text_list(meta.get("expertises")),
                visible=meta.get("visible") is not False,
                startup_url=absolute_url(text(meta.get("urlSET"))) if is_startup else "",
                links=body_links(document.body),
                year=year,
            )
        )
    return records


def body_links(body: str) -> list[LinkRecord]:
    """Links of the `arrow-link` shortcodes of a défi's text ("Code source" -> code)."""
    links = []
    for match in _ARROW_LINK.finditer(body):
        attributes = dict(_ATTRIBUTE.findall(match.group(1)))
        title = attributes.get("title", "")
        folded = normalise_name(title)
        if "code source" in folded or "source code" in folded:
            kind = ChallengeLink.Kind.CODE
        elif "donnees" in folded or "dataset" in folded:
            kind = ChallengeLink.Kind.DATA
        else:
            kind = ChallengeLink.Kind.OTHER
        links.append(LinkRecord(kind, attributes.get("url", ""), title))
    return unique_links(links)


def role_kind(meta: dict, name: str, warnings: Warnings) -> str | None:
    """The kind of a person's roles from `role` (and `job`); guessed from the job when absent."""
    role, job = text(meta.get("role")), text(meta.get("job"))
    if role:
        kind = hugo_role_kind(role, job)
        if kind is None:
            warnings.add(name, f"unknown role '{role}': no role recorded")
        return kind
    folded = normalise_name(job)
    if "sponsor" in folded:
        return Role.Kind.SENIOR_MENTOR
    if "porteu" in folded or "mentor" in folded:
        return Role.Kind.OPERATIONAL_MENTOR
    if "accompagnement" in folded:
        return Role.Kind.TEAM
    return Role.Kind.FELLOW if meta.get("defis") else None


def people(files, warnings: Warnings) -> list[PersonRecord]:
    """People; two files for the same name are one person, both files' roles kept."""
    records: dict[str, PersonRecord] = {}
    for name, _path, document in files:
        meta = document.meta
        full_name = text(meta.get("title"))
        if not full_name:
            warnings.add(name, "no title (the person's name): not imported")
            continue
        kind = role_kind(meta, name, warnings)
        expertises = text_list(meta.get("expertises"))
        job = text(meta.get("job"))
        profile = profile_expertise(job) or (expertises[0] if len(expertises) == 1 else "")
        profile = profile if kind == Role.Kind.FELLOW else ""
        roles = person_roles(
            kind, name, text_list(meta.get("defis")), text_list(meta.get("promos"))
        )
        for role in roles:
            role.profile = profile
        folded = normalise_name(full_name)
        if folded in records:
            warnings.add(name, f"same person as {records[folded].file}: roles added to it")
            records[folded].roles += roles
            continue
        records[folded] = PersonRecord(
            file=name,
            full_name=full_name,
            job_title=job,
            bio=real_bio(document.body),
            photo=real_photo(text(meta.get("image"))),
            expertises=expertises + ([profile] if profile and profile not in expertises else []),
            github=handle(text(meta.get("github"))),
            gitlab=handle(text(meta.get("gitlab"))),
            linkedin=text(meta.get("linkedin")),
            twitter=handle(text(meta.get("twitter"))),
            mastodon=text(meta.get("mastodon")),
            website=text(meta.get("website")),
            roles=roles,
        )
    return list(records.values())


def person_roles(kind, name: str, defis: list[str], promos: list[str]) -> list[RoleRecord]:
    """One role per défi named (its promotion as fallback), else one per promotion."""
    if kind is None:
        return []
    fallback = promos[0] if len(promos) == 1 else None
    if defis:
        return [RoleRecord(kind, name, challenge=d, cohort=fallback) for d in defis]
    return [RoleRecord(kind, name, cohort=p) for p in promos] or [RoleRecord(kind, name)]


def posts(files, warnings: Warnings) -> list[PostRecord]:
    """Blog posts; `visible: false` ones are kept, unpublished."""
    records, seen = [], {}
    for name, path, document in files:
        meta = document.meta
        title, slug = text(meta.get("title")), make_slug(stem_of(path), 240)
        if not title:
            warnings.add(name, "no title: not imported")
            continue
        if slug in seen:
            warnings.add(name, f"duplicate slug '{slug}' (already {seen[slug]}): skipped")
            continue
        seen[slug] = name
        published_at = moment(meta.get("date"))
        if published_at is None:
            warnings.add(name, "no date: imported unpublished")
        hidden = meta.get("visible") is False or meta.get("draft") is True
        categories = text_list(meta.get("categories")) + text_list(meta.get("tags"))
        kind = post_kind(slug, title, categories)
        title, filled = filled_offer(title)
        records.append(
            PostRecord(
                file=name,
                slug=slug,
                title=title,
                published_at=published_at,
                kind=kind,
                filled=filled,
                open_until=offer_last_day(document.body, published_at)
                if kind == Post.Kind.JOB and not filled
                else None,
                author=text(meta.get("author")),
                is_published=bool(published_at)
                and not hidden
                and meta.get("published") is not False,
                categories=categories,
                description=text(meta.get("description")),
                image=text(meta.get("image")),
                body=document.body,
            )
        )
    return records
