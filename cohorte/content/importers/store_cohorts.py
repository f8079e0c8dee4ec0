"""Promotions: found by number, special name or alias, created when first named.

Status rule (documented in docs/import-mapping.md): dates set on a cohort decide;
otherwise every promotion of the Jekyll archive is finished, and on the live Hugo site
the highest-numbered promotion is running and the others are finished. An import only
moves an existing cohort forward (planned -> running -> finished), never back.
"""

from collections import Counter

from cohorte.programmes.models import Cohort
from cohorte.text import make_slug, normalise_name

from .cohorts import (
    CohortKey,
    canonical,
    known_year,
    merge_aliases,
    parse_reference,
    parse_year,
)
from .records import SiteData
from .store import Context, record_outcome, unique_slug

Status = Cohort.Status


class Cohorts:
    """The programme's cohorts, and the ones this import touches."""

    def __init__(self, ctx: Context):
        self.ctx = ctx
        self.by_key, self.by_alias, self.touched, self.warned = {}, {}, {}, set()
        self.slugs = set(Cohort.objects.values_list("slug", flat=True))
        for cohort in Cohort.objects.filter(programme=ctx.programme):
            self._index(cohort)

    def _index(self, cohort: Cohort) -> None:
        """Make a cohort findable by its key and by each of its names."""
        key = CohortKey(number=cohort.number) if cohort.number else None
        key = key or parse_reference(cohort.name) or parse_reference(cohort.slug)
        if key:
            self.by_key.setdefault(key, cohort)
        for alias in [cohort.name, cohort.slug, *cohort.aliases]:
            self.by_alias.setdefault(normalise_name(str(alias)), cohort)

    def resolve(self, raw, file: str, year_hint=None, declared=None) -> Cohort | None:
        """The cohort a reference names; created when its form or a declaration says which."""
        if raw is None or str(raw).strip() == "":
            return None
        key = parse_reference(raw)
        cohort = self.by_key.get(key) if key else self.by_alias.get(normalise_name(str(raw)))
        if cohort is None and key is None and parse_year(raw) and str(raw).strip().isdigit():
            cohort = self._by_year(parse_year(raw))
        if cohort is None and key:
            name, slug, aliases = canonical(key)
            cohort = self._create(name, slug, aliases, key.number)
        elif cohort is None and declared is not None:
            cohort = self._create(declared.name[:120], make_slug(declared.name, 120), [], None)
        if cohort is None:
            if (file, str(raw)) not in self.warned:
                self.warned.add((file, str(raw)))
                self.ctx.warnings.add(file, f"unknown promotion '{raw}'")
            return None
        state = self.touched.setdefault(id(cohort), {"cohort": cohort, "created": False})
        if key:
            state.setdefault("known", known_year(key))
        if year_hint:
            state.setdefault("hints", []).append(int(year_hint))
        if declared is not None:
            state.setdefault("aliases", []).extend(declared.aliases)
            state["year"] = state.get("year") or declared.year
        return cohort

    def _by_year(self, year: int) -> Cohort | None:
        """The one numbered promotion of that year (DIG shares 2019 with EIG 3: not it)."""
        found = {
            id(c): c
            for k, c in self.by_key.items()
            if k.number and (c.year or known_year(k)) == year
        }
        return next(iter(found.values())) if len(found) == 1 else None

    def _create(self, name, slug, aliases, number) -> Cohort:
        """A new cohort (saved when finalised), indexed at once."""
        cohort = Cohort(
            programme=self.ctx.programme,
            name=name,
            slug=unique_slug(slug, self.slugs, 120),
            number=number,
            aliases=aliases,
        )
        self._index(cohort)
        self.touched[id(cohort)] = {"cohort": cohort, "created": True}
        return cohort

    def finalise(self) -> None:
        """Complete years, aliases and statuses of the touched cohorts, then save them."""
        states = list(self.touched.values())
        for state in states:
            cohort = state["cohort"]
            # The site's own year first, then the programme's calendar, then défi dates.
            year = state.get("year") or state.get("known") or min(state.get("hints") or [0])
            state["changed"] = cohort.year is None and bool(year)
            if state["changed"]:
                cohort.year = year
        all_cohorts = {id(c): c for c in [*self.by_key.values(), *self.by_alias.values()]}
        years = Counter(c.year for c in all_cohorts.values() if c.number and c.year)
        numbered = [s["cohort"].number for s in states if s["cohort"].number]
        latest = max(numbered) if numbered and self.ctx.data.latest_cohort_running else None
        for state in states:
            cohort, created, changed = state["cohort"], state["created"], state["changed"]
            extra = list(state.get("aliases", []))
            if cohort.number and cohort.year and years[cohort.year] == 1:
                extra.append(str(cohort.year))  # a year names a promotion only if unambiguous
            aliases = merge_aliases(cohort.aliases, extra)
            if aliases != cohort.aliases:
                cohort.aliases, changed = aliases, True
            status = self.status(cohort, latest)
            if created:
                cohort.status = status or Status.PLANNED
            elif status and _later(status, cohort.status):
                cohort.status, changed = status, True
            record_outcome(self.ctx, "cohorts", cohort, created, changed)
            self._index(cohort)

    def status(self, cohort: Cohort, latest) -> str | None:
        """The status the data implies for a cohort (None: the data says nothing)."""
        today = self.ctx.today
        if cohort.end_date and cohort.end_date < today:
            return Status.FINISHED
        if cohort.start_date:
            return Status.RUNNING if cohort.start_date <= today else None
        return Status.RUNNING if latest is not None and cohort.number == latest else Status.FINISHED


_ORDER = [
    Status.PLANNED,
    Status.CALL_FOR_PROJECTS,
    Status.RECRUITING,
    Status.RUNNING,
    Status.FINISHED,
]


def _later(new: str, current: str) -> bool:
    """Whether ``new`` is further along than ``current`` (an import never moves a cohort back)."""
    return _ORDER.index(new) > _ORDER.index(current)


def store_cohorts(ctx: Context, data: SiteData) -> tuple[Cohorts, dict]:
    """Resolve every promotion reference; return the cohorts and each record's cohort."""
    cohorts = Cohorts(ctx)
    for record in data.cohorts:
        cohorts.resolve(record.name, record.file, declared=record)
    found = {}
    for challenge in data.challenges:
        found[id(challenge)] = cohorts.resolve(challenge.cohort, challenge.file, challenge.year)
    for person in data.people:
        for role in person.roles:
            found[id(role)] = cohorts.resolve(role.cohort, role.file)
    cohorts.finalise()
    return cohorts, found
