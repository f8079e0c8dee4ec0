"""Finding défis and people by the names the sites use, whatever their case, accents or
punctuation ("Vigicr’UX" is "Vigicrux", "Pierre–Alain" is "Pierre-Alain")."""

import re
from collections import defaultdict

from cohorte.text import make_slug, normalise_name

_COPY_SUFFIX = re.compile(r"-\d+$")  # Hugo's CMS names a second file "x-1"


def folded(name: str) -> str:
    """The matching key of a name: no case, accents or punctuation."""
    return normalise_name(str(name or ""))


def compact(name: str) -> str:
    """A looser key: also without spaces ("vigicr ux" == "vigicrux")."""
    return folded(name).replace(" ", "")


class ChallengeIndex:
    """Défis by slug, folded title (and other names) and compact title."""

    def __init__(self, challenges=()):
        self.by_slug = {}
        self.by_base = defaultdict(list)  # slug without Hugo's "-1" copy suffix
        self.by_name = defaultdict(list)
        self.by_compact = defaultdict(list)
        for challenge in challenges:
            self.add(challenge)

    def add(self, challenge, names=()) -> None:
        """Index a défi under its slug, its title and the other names the site gives it."""
        self.by_slug[challenge.slug] = challenge
        if challenge not in self.by_base[_COPY_SUFFIX.sub("", challenge.slug)]:
            self.by_base[_COPY_SUFFIX.sub("", challenge.slug)].append(challenge)
        for name in (challenge.title, *names):
            for index, key in ((self.by_name, folded(name)), (self.by_compact, compact(name))):
                if key and challenge not in index[key]:
                    index[key].append(challenge)

    def match(self, slug: str, names: list[str], cohort_id) -> object | None:
        """The stored défi a site's défi is: same slug, or same name in the same promotion."""
        found = self.by_slug.get(slug)
        if found and (found.cohort_id == cohort_id or folded(found.title) in map(folded, names)):
            return found
        for index, key in ((self.by_name, folded), (self.by_compact, compact)):
            for name in names:
                same = [c for c in index.get(key(name), []) if c.cohort_id == cohort_id]
                if len(same) == 1:
                    return same[0]
        for base in dict.fromkeys([slug, _COPY_SUFFIX.sub("", slug)]):
            same = [c for c in self.by_base.get(base, []) if c.cohort_id == cohort_id]
            if len(same) == 1:
                return same[0]
        return None

    def find(self, reference: str, cohort_ids=()) -> tuple[object | None, bool]:
        """(défi, ambiguous) for a name used by a person; their promotions break ties."""
        for index, key in ((self.by_name, folded), (self.by_compact, compact)):
            candidates = index.get(key(reference), [])
            if len(candidates) > 1:
                candidates = [c for c in candidates if c.cohort_id in cohort_ids] or candidates
            if len(candidates) == 1:
                return candidates[0], False
            if candidates:
                return None, True
        return self.by_slug.get(make_slug(reference, 255)), False
