"""Saving what a site says: idempotent upserts that count what they did.

Merge policy (see docs/import-mapping.md): a site never blanks a stored value. The
current Hugo site (policy UPDATE) replaces stored values with its non-empty ones; the
older Jekyll site (policy FILL) only fills empty fields, so importing it after Hugo
never brings back outdated text. Many-to-many links and roles are only ever added.
"""

import datetime
from dataclasses import dataclass, field

from django.utils import timezone

from cohorte.challenges.models import Expertise, Theme
from cohorte.content.models import Category
from cohorte.organisations.models import Organisation
from cohorte.programmes.call_defaults import EIG_CALL_DEFAULTS
from cohorte.programmes.identity import EIG_IDENTITY
from cohorte.programmes.models import Programme
from cohorte.text import make_slug, normalise_name

from .records import FILL, UPDATE, OrganisationRecord, SiteData
from .report import Tally, Warnings
from .vocabulary import absolute_url, organisation_kind, organisation_name


@dataclass
class Context:
    """What every stage of one import shares."""

    data: SiteData
    programme: Programme
    tally: Tally = field(default_factory=Tally)
    today: datetime.date = field(default_factory=timezone.localdate)

    @property
    def policy(self) -> str:
        """FILL (older site) or UPDATE (current site)."""
        return self.data.policy

    def policy_for(self, created: bool) -> str:
        """A new object takes every value the site gives, whatever the site's policy."""
        return UPDATE if created else self.data.policy

    @property
    def warnings(self) -> Warnings:
        """Where stages report what they could not resolve."""
        return self.data.warnings


def programme() -> Programme:
    """The programme the sites belong to: EIG, created on the first import."""
    found, _created = Programme.objects.get_or_create(
        slug="eig",
        defaults={
            "name": "Entrepreneurs d'intérêt général",
            "short_name": "EIG",
            **EIG_IDENTITY,
            **EIG_CALL_DEFAULTS,
        },
    )
    return found


def empty(value) -> bool:
    """Whether a value counts as missing (None or blank text)."""
    return value is None or (isinstance(value, str) and not value.strip())


def assign(obj, values: dict, policy: str, warn=None) -> bool:
    """Apply source values under the policy; never blank a field; say whether anything changed."""
    changed = False
    for name, value in values.items():
        if empty(value):
            continue
        model_field = obj._meta.get_field(name.removesuffix("_id"))
        limit = getattr(model_field, "max_length", None)
        if limit and isinstance(value, str) and len(value) > limit:
            if warn:
                warn(f"{model_field.name} longer than {limit} characters: cut")
            value = value[:limit]
        current = getattr(obj, name)
        if current == value or (policy == FILL and not empty(current)):
            continue
        setattr(obj, name, value)
        changed = True
    return changed


def unique_slug(base: str, taken: set, max_length: int = 255) -> str:
    """``base`` or ``base-2``, ``base-3``... whichever is free; reserves it in ``taken``."""
    base = base[:max_length].strip("-") or "sans-titre"
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug, number = base[: max_length - len(suffix)] + suffix, number + 1
    taken.add(slug)
    return slug


def record_outcome(ctx: Context, kind: str, obj, created: bool, changed: bool) -> None:
    """Save a new or changed object and count it once."""
    if created or changed:
        obj.save()
    ctx.tally.note(kind, obj.pk, "created" if created else "updated" if changed else "unchanged")


class Terms:
    """Themes, expertises and categories by folded name, created when first named."""

    MODELS = {"themes": Theme, "expertises": Expertise, "categories": Category}

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.index = {kind: {} for kind in self.MODELS}
        self.slugs = {kind: set() for kind in self.MODELS}
        for kind, model in self.MODELS.items():
            for term in model.objects.all():
                self.index[kind].setdefault(normalise_name(term.name), term)
                self.slugs[kind].add(term.slug)

    def declare(self, kind: str, name: str) -> None:
        """A term with its own file: the current site's spelling of its name wins."""
        term = self.get(kind, name)
        if term and self.ctx.policy == UPDATE and term.name != name.strip():
            term.name = name.strip()
            record_outcome(self.ctx, kind, term, created=False, changed=True)

    def get(self, kind: str, name: str):
        """The term of that name, created if new; None for a blank name."""
        name = (name or "").strip()
        folded = normalise_name(name)
        if not folded:
            return None
        term = self.index[kind].get(folded)
        created = term is None
        if created:
            model = self.MODELS[kind]
            term = model(
                name=name[:120], slug=unique_slug(make_slug(name, 120), self.slugs[kind], 120)
            )
            self.index[kind][folded] = term
        record_outcome(self.ctx, kind, term, created=created, changed=False)
        return term


class Organisations:
    """Organisations by folded name, and stored ones also by acronym ("DINUM").

    Acronyms only match organisations stored before this run: matching the ones this run
    creates would depend on the order of the défis, and a second run would differ.
    """

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.by_name, self.by_acronym, self.slugs = {}, {}, set()
        for organisation in Organisation.objects.all():
            self.by_name.setdefault(normalise_name(organisation.name), organisation)
            if organisation.acronym:
                self.by_acronym.setdefault(normalise_name(organisation.acronym), organisation)
            self.slugs.add(organisation.slug)

    def get(self, record: OrganisationRecord | None) -> Organisation | None:
        """The organisation a défi names, created or completed; None when unnamed."""
        if record is None:
            return None
        name, acronym = organisation_name(record.name)
        folded = normalise_name(name)
        if not folded:
            return None
        found = (
            self.by_name.get(folded)
            or (acronym and self.by_acronym.get(normalise_name(acronym)))
            or self.by_acronym.get(folded)
        )
        created = found is None
        if created:
            found = Organisation(
                name=name[:255],
                slug=unique_slug(make_slug(name, 255), self.slugs),
                kind=organisation_kind(name),
            )
        # Several défis describe one organisation: the first value found is kept (FILL), so
        # a run never flips a field back and forth between two défis' towns.
        values = {"acronym": acronym, "website": absolute_url(record.website), "town": record.town}
        changed = assign(found, values, FILL)
        if not created and found.kind == Organisation.Kind.OTHER:
            guessed = organisation_kind(found.name)
            changed = changed or guessed != found.kind
            found.kind = guessed
        if created:
            self.by_name[folded] = found
        record_outcome(self.ctx, "organisations", found, created, changed)
        return found
