"""The figures, cached: keyed by the public site's content version and the day.

Saving anything the figures are computed from (défis, people, sustainment states, career
steps, consents, events, decrees, surveys: see ``public.caching.content_models``) replaces
the content version, so the next request computes them again. The timeout is bounded, for
what changes with time alone (an event ending) or without signals (bulk updates).
"""

from django.core.cache import cache
from django.utils import timezone

from cohorte.public.caching import VERSION_KEY

from . import figures as computed

TIMEOUT = 600


def _version() -> str:
    # Only read: the public page cache writes the first version (writing it here too would
    # make the page being rendered stored under another version than the one kept).
    return cache.get(VERSION_KEY) or "initial"


def _cached(name: str, compute, **params):
    today = timezone.localdate()
    parts = [name, _version(), today.isoformat()]
    parts += [f"{key}={value}" for key, value in sorted(params.items()) if value]
    key = "impact:" + ":".join(parts)
    found = cache.get(key)
    if found is None:
        found = compute(today)
        cache.set(key, found, timeout=TIMEOUT)
    return found


def figures(cohort=None, *, theme=None, organisation=None):
    """``figures.figures``, cached."""
    cohort_id = getattr(cohort, "pk", cohort)
    return _cached(
        "figures",
        lambda today: computed.figures(
            cohort_id, theme=theme, organisation=organisation, today=today
        ),
        theme=theme,
        organisation=organisation,
        cohort=cohort_id,
    )


def per_cohort(*, theme=None, organisation=None):
    """``figures.per_cohort``, cached."""
    return _cached(
        "per-cohort",
        lambda today: computed.per_cohort(theme=theme, organisation=organisation, today=today),
        theme=theme,
        organisation=organisation,
    )
