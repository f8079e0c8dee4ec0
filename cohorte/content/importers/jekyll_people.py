"""Jekyll people: `_communaute/` files merged with `_data/personnes.yml`, and their roles.

Roles come first from the défis' own lists (`eigs` -> fellow, `mentors` -> operational
mentor), then from a person's `defis` list for défis whose lists omit them (kind from
their `profil`), then, for the programme team or people with no défi, from the
promotions of their `class` (`eig-3`, `dig`).
"""

import re
from pathlib import Path

from cohorte.people.models import Role
from cohorte.text import normalise_name

from .frontmatter import text, text_list
from .parts import dated_name
from .records import PersonRecord, RoleRecord
from .report import Warnings
from .vocabulary import handle, jekyll_role_kind, profile_expertise, real_bio, real_photo
from .walk import documents

PEOPLE = "_data/personnes.yml"
DEFIS = "_data/defis.yml"
COHORT_CLASS = re.compile(r"eig-(\d+|dig)|dig")


def people(root: Path, personnes: dict, defis: dict, warnings: Warnings) -> list[PersonRecord]:
    """Every person of the site: profiles, then names only listed on a défi."""
    members, defi_keys = memberships(defis)
    by_url, by_name = community_files(root, warnings)
    gathered: dict[str, dict] = {}
    for key, entry in personnes.items():
        if not isinstance(entry, dict):
            warnings.add(PEOPLE, f"entry '{key}' is not a set of fields: skipped")
            continue
        name, title = text(key), text(entry.get("title"))
        if title and normalise_name(title) != normalise_name(name):
            warnings.add(PEOPLE, f"entry '{key}' is titled '{title}': the entry's name is kept")
        elif title:
            name = title  # same person; the title is the displayed spelling
        found = by_url.pop(text(entry.get("link_to")), None) or by_name.get(normalise_name(name))
        person = gathered.setdefault(
            normalise_name(name), {"name": name, "entries": [], "file": None}
        )
        person["entries"].append(entry)
        if found and person["file"] is None:
            person["file"] = found
    used = {id(p["file"]) for p in gathered.values() if p["file"]}
    for found in list(by_url.values()):
        if id(found) in used:
            continue
        nom = text(found[1].meta.get("nom") or found[1].meta.get("title"))
        person = gathered.setdefault(normalise_name(nom), {"name": nom, "entries": []})
        if person.get("file"):
            warnings.add(found[0], f"same person as {person['file'][0]}: not imported")
        else:
            person["file"] = found
    records = [build(p, members, defi_keys) for p in gathered.values()]
    for folded, listed in members.items():
        if folded not in gathered:
            name = listed[0][2]
            person = {"name": name, "entries": [], "file": None, "public": False}
            records.append(build(person, members, defi_keys))
    return records


def memberships(defis: dict) -> tuple[dict, dict]:
    """(folded person name -> [(défi key, role kind, name as written)], folded défi name -> key)."""
    members: dict[str, list] = {}
    keys: dict[str, str] = {}
    for key, entry in defis.items():
        if not isinstance(entry, dict):
            continue
        keys[normalise_name(str(key))] = key
        keys.setdefault(normalise_name(text(entry.get("title"))), key)
        for field, kind in (("eigs", Role.Kind.FELLOW), ("mentors", Role.Kind.OPERATIONAL_MENTOR)):
            for name in text_list(entry.get(field)):
                members.setdefault(normalise_name(name), []).append((key, kind, name))
    return members, keys


def community_files(root: Path, warnings: Warnings) -> tuple[dict, dict]:
    """`_communaute/` files by their address (/communaute/2019/x.html) and by folded name."""
    by_url, by_name = {}, {}
    for name, path, document in documents(root / "_communaute", root, warnings):
        nom = text(document.meta.get("nom") or document.meta.get("title"))
        if not nom:
            warnings.add(name, "no `nom` (the person's name): not imported")
            continue
        day, slug, _draft = dated_name(path.stem)
        found = (name, document, slug)
        by_url[f"/communaute/{day.year if day else ''}/{slug}.html"] = found
        by_name.setdefault(normalise_name(nom), found)
    return by_url, by_name


def build(person: dict, members: dict, defi_keys: dict) -> PersonRecord:
    """One person record from their data entries (first non-empty value wins) and file."""
    entries, found = person["entries"], person.get("file")
    document = found[1] if found else None
    meta = document.meta if document else {}

    def first(*keys):
        """The first non-empty value of these keys, data entries before the file."""
        for source in [*entries, meta]:
            for key in keys:
                if text(source.get(key)):
                    return text(source.get(key))
        return ""

    classes = [c.lower() for e in entries for c in text_list(e.get("class"))]
    profil = first("profil")
    profile = profile_expertise(profil) or next(
        (profile_expertise(c) for c in classes if profile_expertise(c)), ""
    )
    images = text_list(meta.get("images"))
    record = PersonRecord(
        file=found[0] if found else (PEOPLE if entries else DEFIS),
        full_name=text(meta.get("nom")) or person["name"],
        job_title=profil,
        bio=real_bio(document.body) if document else "",
        photo=real_photo(first("image_url") or (images[0] if images else "")),
        expertises=[profile] if profile else [],
        github=handle(first("github")),
        gitlab=handle(first("gitlab")),
        linkedin=first("linkedin"),
        twitter=handle(first("twitter")),
        website=first("website"),
        is_public=person.get("public", True),
    )
    record.roles = roles(person, entries, meta, classes, profil, profile, members, defi_keys)
    return record


def roles(person, entries, meta, classes, profil, profile, members, defi_keys) -> list:
    """The person's roles: défi lists first, then their own `defis`, then their promotions."""
    folded = normalise_name(person["name"])
    found, covered = [], set()
    for key, kind, _name in members.get(folded, []):
        found.append(RoleRecord(kind, DEFIS, challenge=key, profile=_profile(kind, profile)))
        covered.add(key)
    cohorts = [c for c in dict.fromkeys(classes) if COHORT_CLASS.fullmatch(c)]
    kind = jekyll_role_kind(profil, classes)
    references = [r for e in entries for r in text_list(e.get("defis"))]
    references += [text(d.get("nom")) for d in meta.get("defis") or [] if isinstance(d, dict)]
    for reference in dict.fromkeys(references):
        key = defi_keys.get(normalise_name(reference))
        if key in covered:
            continue
        fallback = cohorts[0] if len(cohorts) == 1 else None
        found.append(
            RoleRecord(kind, PEOPLE, challenge=key or reference, cohort=fallback,
                       profile=_profile(kind, profile))
        )  # fmt: skip
        covered.add(key or reference)
    # The programme team has no défi of its own: its promotions say when it served.
    if kind == Role.Kind.TEAM or not found:
        found += [RoleRecord(kind, PEOPLE, cohort=cohort) for cohort in cohorts]
        if not cohorts and kind == Role.Kind.TEAM:
            found.append(RoleRecord(kind, PEOPLE))
    return found


def _profile(kind: str, profile: str) -> str:
    """A fellow's recruitment profile; other roles have none."""
    return profile if kind == Role.Kind.FELLOW else ""
