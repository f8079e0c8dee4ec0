"""What every public page needs: the site's name, its navigation (no query)."""

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from cohorte.accounts.menu import work_menu
from cohorte.programmes import identity, setup

from .accessibility_audit import current_audit

# Who hosts this instance: only its operator knows (LCEN art. 6 requires it in the legal notice).
HOSTING = getattr(settings, "COHORTE_HOSTING", "")

NAVIGATION = [
    ("public:home", _("Accueil")),
    ("public:challenge_list", _("Défis")),
    ("public:person_list", _("Personnes")),
    ("public:cohort_list", _("Promotions")),
    ("impact:public", _("Impact")),
    ("public:post_list", _("Blog")),
    ("calls:call_list", _("Appels")),
    # The call open now (or the next, or the FAQ): see public/views/participate.py.
    ("public:apply", _("Candidater")),
    ("public:propose", _("Proposer un défi")),
]


@lru_cache
def _urls(names: tuple[str, ...]) -> tuple[str, ...]:
    # URLs never change while the process runs: reverse them once.
    return tuple(reverse(name) for name in names)


@lru_cache
def _has_catalogue(language: str) -> bool:
    # Msgids are French: another language is only really shown when the project translates it.
    return any(
        (Path(folder) / language / "LC_MESSAGES" / "django.mo").exists()
        for folder in settings.LOCALE_PATHS
    )


def page_language() -> str:
    """The language the page is actually written in (for <html lang>): French by default."""
    language = (translation.get_language() or "fr").split("-")[0]
    return language if language == "fr" or _has_catalogue(language) else "fr"


def _navigation(path: str) -> list[dict]:
    items = []
    urls = _urls(tuple(name for name, _label in NAVIGATION))
    for url, (_name, label) in zip(urls, NAVIGATION, strict=True):
        if path == url:
            current = "page"
        elif url != "/" and path.startswith(url):
            current = "true"
        else:
            current = ""
        items.append({"url": url, "label": label, "current": current})
    return items


def _signed_in(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated)


def site(request):
    """The programme's name, brand and contacts, accessibility status, navigation."""
    programme = identity.current()
    if programme.pk is None and setup.setup_needed():
        programme = identity.NEW_INSTANCE
    return {
        "site_name": programme.name,
        "site_short_name": programme.short_name or programme.name,
        "site_network": programme.network,
        "site_tagline": programme.tagline,
        "site_brand": programme.brand,
        "site_operator": programme.operator,
        "site_fellow": programme.fellow_singular,
        "site_fellows": programme.fellow_plural,
        # The state the last RGAA audit measured (its grid ships in the package).
        "accessibility_status": current_audit().state,
        "contact_email": programme.contact_email,
        "hosting": HOSTING,
        "navigation": _navigation(request.path),
        "page_language": page_language(),
        "work_menu": work_menu(request) if _signed_in(request) else [],
    }
