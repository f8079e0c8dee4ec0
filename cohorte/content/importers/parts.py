"""Pieces both parsers read the same way: numbers, dates, links, key figures, posts, FAQ."""

import datetime
import re
from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from cohorte.challenges.models import ChallengeLink
from cohorte.content.models import Post
from cohorte.text import normalise_name

from .frontmatter import text, text_list
from .records import AchievementRecord, FaqRecord, KeyFigureRecord, LinkRecord
from .report import Warnings
from .vocabulary import absolute_url

PARIS = ZoneInfo("Europe/Paris")  # the sites' dates are French local dates
DATED_NAME = re.compile(r"(?P<draft>_?)(?P<y>\d{2,4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})-(?P<name>.+)")
VIDEO_URLS = {
    "dailymotion": "https://www.dailymotion.com/video/{}",
    "vimeo": "https://vimeo.com/{}",
    "youtube": "https://www.youtube.com/watch?v={}",
    "loom": "https://www.loom.com/share/{}",
}
_MAX_AMOUNT = Decimal(10) ** 18  # KeyFigure.amount: 20 digits, 2 of them decimals


def mapping(value, file: str, warnings: Warnings) -> dict:
    """A data file's top level as a mapping; a warning and {} when it is something else."""
    if value is None:
        return {}
    if not isinstance(value, dict):
        warnings.add(file, f"expected 'name: fields' entries, found a {type(value).__name__}")
        return {}
    return value


def integer(value) -> int | None:
    """An integer from a number or a numeric string, else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    match = re.fullmatch(r"\s*(\d+)\s*", str(value or ""))
    return int(match.group(1)) if match else None


def decimal(value) -> Decimal | None:
    """A key figure's amount ("1 288", "2,5", 30) as a Decimal, else None."""
    if isinstance(value, bool) or value is None:
        return None
    raw = re.sub(r"[\s\u00a0\u202f]", "", str(value)).replace(",", ".")
    try:
        amount = Decimal(raw)
    except InvalidOperation:
        return None
    return amount if amount.is_finite() and abs(amount) < _MAX_AMOUNT else None


def moment(value) -> datetime.datetime | None:
    """An aware datetime from a front matter date, datetime or year (local dates are Paris)."""
    if isinstance(value, datetime.datetime):
        return value if value.tzinfo else value.replace(tzinfo=PARIS)
    if isinstance(value, datetime.date):
        return datetime.datetime.combine(value, datetime.time(), tzinfo=PARIS)
    if isinstance(value, str):
        try:
            return moment(datetime.datetime.fromisoformat(value.strip().replace("Z", "+00:00")))
        except ValueError:
            return None
    return None


def dated_name(stem: str) -> tuple[datetime.date | None, str, bool]:
    """(date, name, is_draft) of a `[_]YYYY-MM-DD-name` stem; (None, stem, False) otherwise."""
    match = DATED_NAME.fullmatch(stem)
    if not match:
        return None, stem, False
    year = int(match["y"])
    try:
        day = datetime.date(year + 2000 if year < 100 else year, int(match["m"]), int(match["d"]))
    except ValueError:
        return None, stem, False
    return day, match["name"], bool(match["draft"])


def key_figures(value, file: str, title: str, warnings: Warnings) -> list[KeyFigureRecord]:
    """Key figures (amount + description); the unit after the number starts the label."""
    figures = []
    for item in value if isinstance(value, list) else []:
        item = item if isinstance(item, dict) else {}
        amount = decimal(item.get("amount"))
        label = text(item.get("description")) or text(item.get("label"))
        if amount is None or not label:
            warnings.add(file, f"défi '{title}': key figure without a number or a label: skipped")
            continue
        after = text(item.get("after"))
        figures.append(KeyFigureRecord(amount, f"{after} {label}" if after else label))
    return figures


def achievements(value) -> list[AchievementRecord]:
    """Réalisations (Jekyll `projects`) in their order."""
    found = []
    for item in value if isinstance(value, list) else []:
        if isinstance(item, dict) and text(item.get("title")):
            found.append(
                AchievementRecord(
                    title=text(item.get("title")),
                    image=text(item.get("image")),
                    url=absolute_url(text(item.get("url"))),
                    description=text(item.get("description")),
                    call_to_action=text(item.get("call_to_action")),
                )
            )
    return found


def challenge_links(entry: dict) -> list[LinkRecord]:
    """Source code, datasets, web site, poster and videos of a défi, once each."""
    Kind = ChallengeLink.Kind
    links = [
        LinkRecord(Kind.CODE, url, "Code source") for url in text_list(entry.get("source_code"))
    ]
    for item in entry.get("datasets") or []:
        if isinstance(item, dict):
            url = text(item.get("url"))
            links.append(LinkRecord(Kind.DATA, url, text(item.get("title") or item.get("name"))))
        else:
            links.append(LinkRecord(Kind.DATA, text(item), "Données"))
    links += [LinkRecord(Kind.OTHER, url, "Site web") for url in text_list(entry.get("website"))]
    links += [LinkRecord(Kind.OTHER, url, "Poster") for url in text_list(entry.get("poster"))]
    for key in ("intro_videos", "end_of_project_videos"):
        for video in entry.get(key) or []:
            # Videos marked `show: false` were hidden on the site: outdated or broken.
            if isinstance(video, dict) and video.get("show") is not False:
                pattern = VIDEO_URLS.get(text(video.get("platform")).lower())
                if pattern and text(video.get("id")):
                    url = pattern.format(text(video["id"]))
                    links.append(LinkRecord(Kind.OTHER, url, text(video.get("description"))))
    return unique_links(links)


def unique_links(links: list[LinkRecord]) -> list[LinkRecord]:
    """Absolute links only, the first of each URL."""
    seen, kept = set(), []
    for link in links:
        link.url = absolute_url(link.url)
        if link.url and link.url not in seen:
            seen.add(link.url)
            kept.append(link)
    return kept


def startup_url(links: list[LinkRecord]) -> str:
    """The défi's Startup d'État page among its links, if any."""
    return next((link.url for link in links if "beta.gouv.fr/startups/" in link.url), "")


def disambiguate_slugs(records: list, year_of) -> None:
    """Give records sharing a slug distinct ones: `-<year>` when years differ, else `-2`, `-3`."""
    groups: dict[str, list] = {}
    for record in records:
        groups.setdefault(record.slug, []).append(record)
    for slug, group in groups.items():
        if len(group) < 2:
            continue
        years = [year_of(record) for record in group]
        distinct = None not in years and len(set(years)) == len(years)
        for index, record in enumerate(group):
            if distinct:
                record.slug = f"{slug}-{years[index]}"
            elif index:
                record.slug = f"{slug}-{index + 1}"


_FILLED_MARK = re.compile(r"^\s*\[\s*offre\s+pourvue\s*\]\s*", re.IGNORECASE)
_EVENT_SLUG = re.compile(r"(^|-)(evenement|webinaire|table-ronde)(-|$)")
_EVENT_TITLE = re.compile(r"^\s*\[\s*(table-ronde|webinaire|événement|evenement)", re.IGNORECASE)


def filled_offer(title: str) -> tuple[str, bool]:
    """The title without its "[OFFRE POURVUE]" mark, and whether it had one."""
    # The old sites marked a filled offer in its title; here the state is a field.
    stripped = _FILLED_MARK.sub("", title)
    return (stripped or title), stripped != title


_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
           "septembre", "octobre", "novembre", "décembre")  # fmt: skip
_DEADLINE = re.compile(
    r"avant le (\d{1,2})(?:er)? (" + "|".join(_MONTHS) + r") (\d{4})", re.IGNORECASE
)
# An offer of the former sites that names no deadline is taken as open this long.
OFFER_DAYS_WITHOUT_DEADLINE = 60


def offer_last_day(body: str, published_at: datetime.datetime | None) -> datetime.date | None:
    """The last day of an imported offer: the eve of the date its text asks applications
    "avant le …", else two months after its publication (the sites had no such field)."""
    found = _DEADLINE.search(body or "")
    if found:
        day, month, year = found.groups()
        try:
            deadline = datetime.date(int(year), _MONTHS.index(month.lower()) + 1, int(day))
        except ValueError:
            deadline = None
        if deadline is not None:
            return deadline - datetime.timedelta(days=1)
    if published_at is None:
        return None
    return published_at.date() + datetime.timedelta(days=OFFER_DAYS_WITHOUT_DEADLINE)


def post_kind(slug: str, title: str = "", categories=()) -> str:
    """Job offers by their address (`offre-stage`...) or a filled mark, events by their
    address or a "[Table-ronde]" title, testimonials by their "témoignage" category."""
    if re.search(r"(^|-)offre(-|$)", slug) or _FILLED_MARK.match(title):
        return Post.Kind.JOB
    if _EVENT_SLUG.search(slug) or _EVENT_TITLE.match(title):
        return Post.Kind.EVENT
    if any(normalise_name(name) == "temoignage" for name in categories):
        return Post.Kind.TESTIMONIAL
    return Post.Kind.ARTICLE


def faq_items(items, file, audience, language, warnings, question_keys, answer_keys) -> list:
    """FAQ records of a list of question/answer mappings; the first of a repeated question wins."""
    if not isinstance(items, list):
        warnings.add(file, "expected a list of questions: not imported")
        return []
    found, seen = [], set()
    for index, item in enumerate(items, 1):
        item = item if isinstance(item, dict) else {}
        question = next((text(item[k]) for k in question_keys if text(item.get(k))), "")
        answer = next((text(item[k]) for k in answer_keys if text(item.get(k))), "")
        if not question or not answer:
            warnings.add(file, f"question {index}: no question or no answer: skipped")
            continue
        if normalise_name(question) in seen:
            warnings.add(file, f"question {index} ('{question}') repeated: the first one is kept")
            continue
        seen.add(normalise_name(question))
        found.append(FaqRecord(file, audience, question, answer, index, language=language))
    return found
