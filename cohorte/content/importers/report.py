"""What an import did: counts per kind of object, and warnings naming the file and the reason."""

from dataclasses import dataclass, field

KINDS = (
    "cohorts", "organisations", "themes", "expertises", "categories", "challenges",
    "people", "roles", "posts", "pages", "faq",
)  # fmt: skip

LABELS = {
    "cohorts": "promotions / cohorts",
    "organisations": "organisations",
    "themes": "thèmes / themes",
    "expertises": "expertises",
    "categories": "catégories / categories",
    "challenges": "défis / challenges",
    "people": "personnes / people",
    "roles": "rôles / roles",
    "posts": "articles / posts",
    "pages": "pages",
    "faq": "FAQ",
}

_RANK = {"unchanged": 0, "updated": 1, "created": 2}


@dataclass(frozen=True)
class SiteWarning:
    """Something that could not be imported as is: the file (relative to the site) and why."""

    file: str
    reason: str


class Warnings(list):
    """The warnings of one import, in the order they were found."""

    def add(self, file: str, reason: str) -> None:
        """Note one warning about ``file``."""
        self.append(SiteWarning(str(file), reason))


class Tally:
    """Counts each object once per import: created beats updated beats unchanged."""

    def __init__(self):
        self._states: dict[str, dict] = {kind: {} for kind in KINDS}

    def note(self, kind: str, key, state: str) -> None:
        """Record that object ``key`` of ``kind`` was created, updated or left unchanged."""
        states = self._states[kind]
        if _RANK[state] >= _RANK.get(states.get(key), -1):
            states[key] = state

    def counts(self, state: str) -> dict[str, int]:
        """Number of objects per kind in this state."""
        return {k: sum(1 for s in v.values() if s == state) for k, v in self._states.items()}


@dataclass
class ImportReport:
    """The outcome of one import run."""

    format: str
    path: str
    dry_run: bool = False
    created: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    updated: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    unchanged: dict = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    warnings: list = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict:
        """The report as the JSON object printed by ``import_site --report json``."""
        return {
            "format": self.format,
            "created": dict(self.created),
            "updated": dict(self.updated),
            "unchanged": dict(self.unchanged),
            "warnings": [{"file": w.file, "reason": w.reason} for w in self.warnings],
        }

    def summary(self) -> str:
        """A readable bilingual summary for the terminal."""
        mode = " (simulation / dry run: nothing saved)" if self.dry_run else ""
        lines = [
            f"Import du site {self.format} / {self.format} site import: {self.path}{mode}",
            f"{'':28}{'créés':>9}{'modifiés':>10}{'inchangés':>11}",
            f"{'':28}{'created':>9}{'updated':>10}{'unchanged':>11}",
        ]
        for kind in KINDS:
            lines.append(
                f"{LABELS[kind]:28}{self.created[kind]:>9}{self.updated[kind]:>10}"
                f"{self.unchanged[kind]:>11}"
            )
        lines.append(f"{len(self.warnings)} avertissement(s) / warning(s)")
        lines.extend(f"  {w.file}: {w.reason}" for w in self.warnings)
        lines.append(f"Durée / time: {self.seconds:.2f} s")
        return "\n".join(lines)
