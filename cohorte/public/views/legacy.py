"""Addresses of the programme's former sites (Jekyll 2017-2022, Hugo 2022-2026), redirected.

Links to them live on in other sites and in the imported content itself; a permanent
redirect keeps them working. Former slugs often differ only by hyphens
("signaux-faibles" for "signauxfaibles"), so défis and people are also found that way.
"""

from django.db.models import Value
from django.db.models.functions import Replace
from django.http import Http404
from django.shortcuts import redirect

from cohorte.challenges.models import Challenge
from cohorte.people.models import Person

# Former fixed pages and where their content lives now.
FORMER_PAGES = {
    "defis.html": "public:challenge_list",
    "communaute.html": "public:person_list",
    "faq-eig.html": "public:faq_candidates",
    "faq-administrations.html": "public:faq_administrations",
    "programme": "public:home",
    "participer/candidats/": "public:faq_candidates",
    "participer/administrations/": "public:faq_administrations",
}


def _by_compact_slug(queryset, slug: str):
    # Compare slugs without hyphens; Replace behaves alike on SQLite and PostgreSQL.
    compact = slug.replace("-", "").lower()
    if not compact:
        return None
    return (
        queryset.annotate(compact_slug=Replace("slug", Value("-"), Value("")))
        .filter(compact_slug=compact)
        .order_by("pk")
        .first()
    )


def moved_challenge(slug: str):
    """The public défi a former slug designates, or None."""
    return _by_compact_slug(Challenge.objects.public(), slug)


def moved_person(slug: str):
    """The public person a former slug designates, or None."""
    return _by_compact_slug(Person.objects.public(), slug)


def former_challenge(request, year, name):
    """/defis/<year>/<slug>.html of the Jekyll site -> the défi's page."""
    challenge = moved_challenge(name)
    if challenge is None:
        raise Http404
    return redirect(challenge, permanent=True)


def former_person(request, year, name):
    """/communaute/<year>/<slug>.html of the Jekyll site -> the person's page."""
    person = moved_person(name)
    if person is None:
        raise Http404
    return redirect(person, permanent=True)


def former_page(request, target):
    """A former fixed page -> the page that holds its content now."""
    return redirect(target, permanent=True)
