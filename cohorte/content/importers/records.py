"""What a site says, in plain data classes: the parsers fill them, the store saves them.

References between records (a person's défi, a défi's promotion) stay as the raw text
the site used; the resolver turns them into objects.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from .report import Warnings

FILL = "fill"  # an older site: only fills empty fields of objects that already exist
UPDATE = "update"  # the current site: its non-empty values replace the stored ones


@dataclass
class CohortRecord:
    """A promotion declared by the site (promos.yml, promos/)."""

    file: str
    name: str
    year: int | None = None
    aliases: list[str] = field(default_factory=list)


@dataclass
class OrganisationRecord:
    """An administration as a défi names it."""

    name: str
    website: str = ""
    town: str = ""


@dataclass
class KeyFigureRecord:
    """A key figure of a défi."""

    amount: Decimal
    label: str


@dataclass
class AchievementRecord:
    """A réalisation of a défi."""

    title: str
    image: str = ""
    url: str = ""
    description: str = ""
    call_to_action: str = ""


@dataclass
class LinkRecord:
    """A link of a défi: code, data or other."""

    kind: str
    url: str
    label: str = ""


@dataclass
class ChallengeRecord:
    """A défi."""

    file: str
    slug: str
    title: str
    cohort: object  # raw promotion reference: 4, "dig", "Promotion 4"...
    names: list[str] = field(default_factory=list)  # other names people use for it
    tagline: str = ""
    body: str = ""
    image: str = ""
    town: str = ""
    host: OrganisationRecord | None = None
    partners: list[OrganisationRecord] = field(default_factory=list)
    themes: list[str] = field(default_factory=list)
    expertises: list[str] = field(default_factory=list)
    seats: int | None = None
    duration_months: int | None = None
    visible: bool = True
    startup_url: str = ""
    key_figures: list[KeyFigureRecord] = field(default_factory=list)
    achievements: list[AchievementRecord] = field(default_factory=list)
    links: list[LinkRecord] = field(default_factory=list)
    year: int | None = None  # the site's year for the défi, a hint for its promotion


@dataclass
class RoleRecord:
    """A role a person holds, as the site states it."""

    kind: str
    file: str
    challenge: str | None = None  # raw défi reference
    cohort: object = None  # raw promotion reference, used when there is no défi
    profile: str = ""  # expertise name, for a fellow


@dataclass
class PersonRecord:
    """A person."""

    file: str
    full_name: str
    job_title: str = ""
    bio: str = ""
    photo: str = ""
    expertises: list[str] = field(default_factory=list)
    github: str = ""
    gitlab: str = ""
    linkedin: str = ""
    twitter: str = ""
    mastodon: str = ""
    website: str = ""
    is_public: bool = True
    roles: list[RoleRecord] = field(default_factory=list)


@dataclass
class PostRecord:
    """A blog post."""

    file: str
    slug: str
    title: str
    published_at: datetime.datetime | None
    kind: str = "article"
    author: str = ""
    is_published: bool = True
    categories: list[str] = field(default_factory=list)
    description: str = ""
    image: str = ""
    body: str = ""
    language: str = "fr"
    filled: bool = False  # a job offer marked "[OFFRE POURVUE]"
    open_until: datetime.date | None = None  # a job offer's last day


@dataclass
class PageRecord:
    """A free page."""

    file: str
    slug: str
    title: str
    description: str = ""
    body: str = ""
    language: str = "fr"


@dataclass
class FaqRecord:
    """One question and its answer."""

    file: str
    audience: str
    question: str
    answer: str
    order: int
    section: str = ""
    language: str = "fr"


@dataclass
class TermRecord:
    """A taxonomy term declared by its own file (theme, expertise, category)."""

    file: str
    name: str


@dataclass
class SiteData:
    """Everything one site says, ready to be stored."""

    format: str
    policy: str
    cohorts: list[CohortRecord] = field(default_factory=list)
    themes: list[TermRecord] = field(default_factory=list)
    expertises: list[TermRecord] = field(default_factory=list)
    categories: list[TermRecord] = field(default_factory=list)
    challenges: list[ChallengeRecord] = field(default_factory=list)
    people: list[PersonRecord] = field(default_factory=list)
    posts: list[PostRecord] = field(default_factory=list)
    pages: list[PageRecord] = field(default_factory=list)
    faq: list[FaqRecord] = field(default_factory=list)
    warnings: Warnings = field(default_factory=Warnings)
    latest_cohort_running: bool = False  # the site is live: its newest promotion still runs
