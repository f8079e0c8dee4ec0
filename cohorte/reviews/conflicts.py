"""Suggested conflicts of interest: the matching rules. Pure Python.

A reviewer is warned, never blocked: the rule only suggests, the reviewer declares.
Two signs are looked for:

- the candidate writes from the same e-mail domain as the reviewer (webmail
  providers shared by millions of people are ignored), or from the domain of an
  organisation the reviewer belongs to;
- an organisation the reviewer belongs to is named in the candidate's answers
  (its full name, or its acronym as a whole word).
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

# Addresses anybody can open: the same provider says nothing about a relationship.
WEBMAIL_DOMAINS = frozenset(
    {
        "aol.com",
        "free.fr",
        "gmail.com",
        "gmx.fr",
        "gmx.com",
        "googlemail.com",
        "hotmail.com",
        "hotmail.fr",
        "icloud.com",
        "laposte.net",
        "live.com",
        "live.fr",
        "mac.com",
        "me.com",
        "msn.com",
        "neuf.fr",
        "orange.fr",
        "outlook.com",
        "outlook.fr",
        "proton.me",
        "protonmail.com",
        "sfr.fr",
        "tutanota.com",
        "wanadoo.fr",
        "yahoo.com",
        "yahoo.fr",
        "ymail.com",
    }
)
# An acronym shorter than this ("DI", "SG") matches too many ordinary words.
MIN_ACRONYM_LENGTH = 3

MAIL_DOMAIN = "mail_domain"
ORGANISATION_DOMAIN = "organisation_domain"
ORGANISATION_NAMED = "organisation_named"


@dataclass(frozen=True)
class OrganisationRef:
    """What the rules know of one organisation the reviewer belongs to."""

    name: str
    acronym: str = ""
    domain: str = ""  # of its website, e.g. "numerique.gouv.fr"


@dataclass(frozen=True)
class Suggestion:
    """One reason to suspect a conflict: its kind and what matched."""

    kind: str
    detail: str


def email_domain(address: str) -> str:
    """The lower-case domain of an e-mail address ("" when there is none)."""
    _, at, domain = (address or "").strip().rpartition("@")
    return domain.lower().rstrip(".") if at else ""


def website_domain(url: str) -> str:
    """The host of a website address without "www." ("" when there is none)."""
    url = (url or "").strip()
    if not url:
        return ""
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    host = host.lower().rstrip(".")
    return host.removeprefix("www.")


def same_domain(a: str, b: str) -> bool:
    """Whether two domains are the same or one is a subdomain of the other."""
    if not a or not b:
        return False
    return a == b or a.endswith("." + b) or b.endswith("." + a)


def normalise(text: str) -> str:
    """Lower case, no accents, words separated by single spaces, padded with spaces."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(c for c in decomposed if not unicodedata.combining(c)).lower()
    return " " + " ".join(re.findall(r"[a-z0-9]+", plain)) + " "


def _named(organisation: OrganisationRef, text: str) -> bool:
    for label in (organisation.name, organisation.acronym):
        words = normalise(label)
        if label == organisation.acronym and len(words.strip()) < MIN_ACRONYM_LENGTH:
            continue
        if words.strip() and words in text:
            return True
    return False


def suggest(
    reviewer_email: str,
    candidate_email: str,
    organisations: Iterable[OrganisationRef],
    answers_text: str,
    shared_domains: Iterable[str] = (),
) -> list[Suggestion]:
    """Every reason to suspect a conflict between this reviewer and this candidate.

    ``shared_domains`` are the programme's own mail domains (its sender, its demo): sharing
    one says nothing about a relationship, as with a webmail provider.
    """
    found: list[Suggestion] = []
    reviewer_domain = email_domain(reviewer_email)
    candidate_domain = email_domain(candidate_email)
    if candidate_domain in WEBMAIL_DOMAINS or any(
        same_domain(candidate_domain, shared) for shared in shared_domains
    ):
        candidate_domain = ""
    if reviewer_domain not in WEBMAIL_DOMAINS and same_domain(reviewer_domain, candidate_domain):
        found.append(Suggestion(MAIL_DOMAIN, candidate_domain))
    text = normalise(answers_text)
    seen = set()
    for organisation in organisations:
        if organisation.name in seen:
            continue
        if same_domain(organisation.domain, candidate_domain) and not found:
            found.append(Suggestion(ORGANISATION_DOMAIN, organisation.name))
            seen.add(organisation.name)
        elif _named(organisation, text):
            found.append(Suggestion(ORGANISATION_NAMED, organisation.name))
            seen.add(organisation.name)
    return found


def answers_text(answers: dict) -> str:
    """The candidate's answers flattened to one text to look names up in."""
    parts = []
    for value in (answers or {}).values():
        if isinstance(value, str):
            parts.append(value)
        elif isinstance(value, list | tuple):
            parts.extend(str(v) for v in value if isinstance(v, str | int))
    return "\n".join(parts)
