"""Full-page cache of the public site for anonymous visitors, invalidated by content changes.

Design:

- A cached page is stored under a key made of the language, the host, the path and the
  query parameters the view declares (others, like ``utm_source``, neither split the cache
  nor change the page). The entry holds the *content version* that was current when the
  page started rendering.
- The content version is one token in the shared cache (the ``DatabaseCache`` by default,
  so every process sees it). Saving or deleting any content object replaces it once the
  transaction commits, which makes every cached page stale at once.
- A hit costs one cache read: the version and the page are fetched together with
  ``get_many`` and the page is served only when both versions match. A page rendered while
  a change was committing carries the old version and is therefore never served.
- Views whose content changes with time alone (a call opening, a scheduled post) cap
  their entry's lifetime with :func:`cache_until`.
"""

import datetime
import hashlib
import logging
import uuid
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.db import connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control

logger = logging.getLogger(__name__)

VERSION_KEY = "public:content-version"
# Bounded so that changes made without signals (bulk updates, raw SQL) show up eventually.
PAGE_TIMEOUT = getattr(settings, "PUBLIC_PAGE_CACHE_TIMEOUT", 600)
# What browsers and proxies may keep: short, since they are not told about changes.
CLIENT_MAX_AGE = getattr(settings, "PUBLIC_PAGE_CLIENT_MAX_AGE", 60)
_UNTIL_ATTRIBUTE = "_public_cache_until"
# Headers that the middleware recomputes on every response, or that must not be replayed.
_VOLATILE_HEADERS = {"vary", "cache-control", "content-length", "expires", "set-cookie"}


def content_models() -> list:
    """Every model whose rows appear on the public site."""
    from cohorte.calls.models import Call
    from cohorte.challenges.models import (
        Achievement,
        Challenge,
        ChallengeLink,
        Expertise,
        KeyFigure,
        Theme,
    )
    from cohorte.content.models import Category, FaqEntry, Page, Post, PostAttachment, Tag
    from cohorte.organisations.models import Organisation
    from cohorte.people.models import Person, Role
    from cohorte.programmes.models import Cohort, Programme

    return [
        Programme, Cohort, Organisation, Theme, Expertise, Challenge, KeyFigure, Achievement,
        ChallengeLink, Person, Role, Category, Tag, Post, PostAttachment, Page, FaqEntry, Call,
        *impact_models(),
    ]  # fmt: skip


def impact_models() -> list:
    """What the impact figures (/impact/, the home page's figures) are computed from."""
    from cohorte.alumni.models import AlumniProfile, CareerStep
    from cohorte.events.models import Attendance, Event
    from cohorte.outcomes.models import Sustainment
    from cohorte.recruitment.models import TransferDecree
    from cohorte.surveys.models import Invitation, Response, Survey

    return [
        Sustainment, CareerStep, AlumniProfile, Event, Attendance, TransferDecree, Survey,
        Invitation, Response,
    ]  # fmt: skip


def bump_content_version() -> str:
    """Make every cached page stale now; returns the new version."""
    version = uuid.uuid4().hex
    cache.set(VERSION_KEY, version, timeout=None)
    return version


def _schedule_bump(sender=None, using=None, action=None, **kwargs):
    # Bump after commit, once per transaction: an import of a thousand rows costs one write,
    # and a page rendered before the commit cannot be stored under the new version.
    if action is not None and action.startswith("pre_"):
        return  # m2m_changed: the post_ signal of the same change follows
    using = using or "default"
    connection = connections[using]
    # A bump already pending in this transaction covers this change too: if a rollback
    # discards it, it discards this change with it. Entries are (savepoint ids, func, robust).
    pending = getattr(connection, "run_on_commit", [])
    if connection.in_atomic_block and any(entry[1] is _bump for entry in pending):
        return
    transaction.on_commit(_bump, using=using)


def _bump():
    bump_content_version()


def connect_invalidation() -> None:
    """Bump the content version whenever content is saved, deleted or re-linked."""
    for model in content_models():
        uid = f"public-cache-{model._meta.label_lower}"
        post_save.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-save")
        post_delete.connect(_schedule_bump, sender=model, dispatch_uid=f"{uid}-delete")
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _schedule_bump, sender=through, dispatch_uid=f"{uid}-{field.name}-m2m"
            )


def cache_until(response, moment: datetime.datetime | None):
    """Mark a response as true only until ``moment`` (e.g. a call's opening); returns it."""
    if moment is not None:
        current = getattr(response, _UNTIL_ATTRIBUTE, None)
        if current is None or moment < current:
            setattr(response, _UNTIL_ATTRIBUTE, moment)
    return response


def _page_key(request, params: tuple[str, ...]) -> str:
    query = urlencode(sorted((name, request.GET.get(name, "")) for name in params))
    parts = [
        translation.get_language() or "",
        request.scheme,
        request.get_host(),
        request.path,
        query,
    ]
    digest = hashlib.sha256("\n".join(parts).encode()).hexdigest()
    return f"public:page:{digest}"


def _is_cacheable_request(request) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return False
    # A page shown with a flash message must not be stored, nor hide a pending one.
    return not len(get_messages(request))


def _is_cacheable_response(request, response) -> bool:
    # Anything personal (a cookie, a CSRF token in a form, a session change) is not shared.
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE"):
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def _timeout(response) -> int:
    until = getattr(response, _UNTIL_ATTRIBUTE, None)
    if until is None:
        return PAGE_TIMEOUT
    return min(PAGE_TIMEOUT, int((until - timezone.now()).total_seconds()))


def _replay(entry) -> HttpResponse:
    _version, status, content, headers, timeout_at = entry
    response = HttpResponse(content, status=status)
    for name, value in headers:
        response.headers[name] = value
    remaining = int((timeout_at - timezone.now()).total_seconds())
    patch_cache_control(response, public=True, max_age=max(0, min(CLIENT_MAX_AGE, remaining)))
    return response


def _lookup(key: str) -> tuple[str | None, tuple | None]:
    # The cache is an optimisation: if it fails, pages are rendered, never refused.
    try:
        found = cache.get_many([VERSION_KEY, key])
    except Exception:
        logger.warning("Public page cache unreadable; rendering without it.", exc_info=True)
        return None, None
    return found.get(VERSION_KEY), found.get(key)


def _store(key: str, version: str | None, response, timeout: int) -> None:
    headers = [
        (name, value)
        for name, value in response.headers.items()
        if name.lower() not in _VOLATILE_HEADERS
    ]
    expires_at = timezone.now() + datetime.timedelta(seconds=timeout)
    try:
        if version is None:
            version = uuid.uuid4().hex
            cache.add(VERSION_KEY, version, timeout=None)
        entry = (version, response.status_code, response.content, headers, expires_at)
        cache.set(key, entry, timeout=timeout)
    except Exception:
        logger.warning("Public page cache unwritable; page not stored.", exc_info=True)


def cache_public_page(view=None, *, params: tuple[str, ...] = ()):
    """Serve anonymous GET/HEAD requests of a view from the shared cache (see module doc)."""

    def decorator(view_func):
        @wraps(view_func)
        def wrapper(request, *args, **kwargs):
            if not _is_cacheable_request(request):
                response = view_func(request, *args, **kwargs)
                if getattr(request, "user", None) and request.user.is_authenticated:
                    patch_cache_control(response, private=True)
                return response
            key = _page_key(request, params)
            # The version is read before rendering: a page rendered while a change commits
            # is stored under the old version, so it is never served afterwards.
            version, entry = _lookup(key)
            if version is not None and entry is not None and entry[0] == version:
                return _replay(entry)
            response = view_func(request, *args, **kwargs)
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            if not _is_cacheable_response(request, response):
                return response
            timeout = _timeout(response)
            if timeout > 0:
                _store(key, version, response, timeout)
            patch_cache_control(response, public=True, max_age=max(0, min(CLIENT_MAX_AGE, timeout)))
            return response

        return wrapper

    if view is not None:
        return decorator(view)
    return decorator
