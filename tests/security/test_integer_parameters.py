"""An out-of-range integer anywhere in an address or a form is never a server error
(security issue, item 11): every page, every role, every parameter the code reads.

Each page is first opened without parameters while the names it asks its query string and
form for are recorded; then each of those is sent alone, out of range. Sending the others
too would only repeat the page without them: that kept the crawl at thousands of requests.
"""

import re
from contextlib import contextmanager

import pytest
from django.http import QueryDict
from django.urls import URLPattern, URLResolver, get_resolver

from cohorte.accounts.roles import add_to_team

HUGE = "99999999999999999999999"
NEGATIVE = "-99999999999999999999999"
# Every name the views read from a query string or a form, as an integer where it may be one.
PARAMETERS = (  # noqa: SIM905 (words read better as one text)
    "application applications appel candidature categorie choices day decisions defi entry "
    "favourite ids jury page panel place position previous profil round round_id score_max "
    "score_min slot_minutes statements time time_limit version calcul n_panels panel_size "
    "defis_per_panel revision fellows fellows_count tri sort status etat"
).split()
CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")
EVERY_NAME = "*"
# How a view reads a query string or a form: by name, or all of it at once.
READ_BY_NAME = ("__getitem__", "get", "getlist", "__contains__")
READ_WHOLE = ("items", "lists", "values", "dict", "keys", "__iter__")


@contextmanager
def names_read():
    """The names a request's query string and form are asked for while the block runs
    (EVERY_NAME when something reads them whole)."""
    names: set[str] = set()
    replaced = {}

    def spy(attr, record):
        original = getattr(QueryDict, attr)
        replaced[attr] = QueryDict.__dict__.get(attr)

        def read(self, *args, **kwargs):
            record(args)
            return original(self, *args, **kwargs)

        setattr(QueryDict, attr, read)

    for attr in READ_BY_NAME:
        spy(attr, lambda args: names.add(args[0]) if args else None)
    for attr in READ_WHOLE:
        spy(attr, lambda args: names.add(EVERY_NAME))
    try:
        yield names
    finally:
        for attr, original in replaced.items():
            if original is None:
                delattr(QueryDict, attr)
            else:
                setattr(QueryDict, attr, original)


def patterns(resolvers=None, prefix=""):
    """Every URL pattern of the site, with its full route."""
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route


def concrete(route: str, slug: str, number: str) -> str | None:
    """An address for a route, its integers set to ``number``; None for regex routes."""
    if route.startswith("^") or "(?P" in route:
        return None

    def value(match):
        return number if match.group(1) == "int" else slug

    return "/" + CONVERTER.sub(value, route)


def addresses(slug: str, number: str) -> list[str]:
    return sorted({a for a in (concrete(r, slug, number) for r in patterns()) if a})


@pytest.mark.parametrize("number", [HUGE, NEGATIVE])
def test_no_address_or_parameter_makes_a_server_error(client, world, number):
    add_to_team(world.team)
    client.raise_request_exception = False
    query = dict.fromkeys(PARAMETERS, number)
    errors = []
    urls = addresses(world.call.slug, HUGE)
    assert len(urls) > 150
    for user in (None, world.candidate, world.team, world.juror):
        client.logout()
        if user is not None:
            client.force_login(user)
        for url in urls:
            for method in (client.get, client.post):
                response = method(url, query)
                if response.status_code >= 500:
                    errors.append(f"{method.__name__.upper()} {url} as {user}")
    assert errors == [], "\n".join(errors)


def crawl_each_parameter(client, user, ids: dict, slug: str) -> tuple[list, list]:
    """Open every page whose integers ``ids`` names, as ``user``; then each parameter alone."""
    opened, errors, tried = [], [], []
    for route in patterns():
        if route.startswith(("^", "admin/", "compte/logout", "mon-espace/mes-donnees/suppr")):
            continue  # the admin has its own checks; signing out would end the crawl
        names = re.findall(r"<int:(\w+)>", route)
        if "(?P" in route or any(name not in ids for name in names):
            continue
        url = "/" + re.sub(
            r"<(?:(\w+):)?(\w+)>",
            lambda m: ids[m.group(2)] if m.group(1) == "int" else slug,
            route,
        )
        client.force_login(user)
        with names_read() as read:
            page = client.get(url)
            if page.status_code != 200:
                continue
            # Forms are posted where the page has one: the others answer a POST with 405.
            has_form = not page.streaming and b'method="post"' in page.content
            methods = (client.get, client.post) if has_form else (client.get,)
            if has_form:
                client.post(url)
        opened.append(url)
        # The code takes the same path with a parameter alone as without it until it asks
        # for it: a parameter the page never asks for cannot change its answer.
        asked = PARAMETERS if EVERY_NAME in read else [n for n in PARAMETERS if n in read]
        tried.extend(f"{url}?{name}" for name in asked)
        for name in asked:
            for method in methods:
                if method(url, {name: HUGE}).status_code >= 500:
                    errors.append(f"{method.__name__.upper()} {url}?{name}={HUGE}")
    return opened, errors, tried


def test_each_parameter_alone_on_every_page_of_the_call_for_applications(client, world):
    from cohorte.selection.models import Panel

    add_to_team(world.team)
    client.raise_request_exception = False
    panel = Panel.objects.filter(members=world.juror).first()
    ids = {
        "call_id": str(world.call.pk),
        "panel_id": str(panel.pk),
        "pk": str(world.application.pk),
    }
    opened, errors, tried = crawl_each_parameter(client, world.team, ids, world.call.slug)
    assert len(opened) > 30, opened
    # The spy sees what the pages ask for: the preselection list reads its page and sort.
    assert {"/evaluation/?page", "/evaluation/?tri", "/blog/?page"} <= set(tried)
    assert errors == [], "\n".join(errors)


def test_each_parameter_alone_on_every_page_of_the_call_for_projects(client, project_world):
    client.raise_request_exception = False
    world = project_world
    ids = {
        "call_id": str(world.call.pk),
        "panel_id": str(world.panel.pk),
        "pk": str(world.proposal.pk),
        "proposal_id": str(world.proposal.pk),
    }
    opened, errors, tried = crawl_each_parameter(client, world.team, ids, world.call.slug or "x")
    assert len(opened) > 15, opened
    assert {"/blog/?page", "/personnes/?page"} <= set(tried)
    assert errors == [], "\n".join(errors)
