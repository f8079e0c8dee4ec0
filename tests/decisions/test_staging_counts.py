"""The staging page's counts of the whole call, read in one scan: the views leave out the
applications the reader is kept away from, the notice counts them, the "sans décision"
figure and the bulk button count them too, and the table's count is its view's."""

import pytest
from django.urls import reverse

from cohorte.reviews.domain import declare_conflict
from cohorte.reviews.exclusions import excluded, excluded_ids
from cohorte.selection import staging_list
from cohorte.selection.views import decisions as views
from tests.decisions.conftest import rank, staged
from tests.factories import ApplicationChoiceFactory, ApplicationFactory

pytestmark = pytest.mark.django_db


def page(client, world, **params):
    query = "&".join(f"{k}={v}" for k, v in {"appel": world.call.slug, **params}.items())
    return client.get(f"{reverse('selection:decisions')}?{query}")


def applicant(world, name, **kwargs):
    application = ApplicationFactory(call=world.call, first_name="", last_name=name, **kwargs)
    ApplicationChoiceFactory(application=application, challenge=world.challenge)
    return application


def test_a_hidden_application_leaves_the_views_but_counts_over_the_call(client, world):
    client.force_login(world.team)
    ranked = applicant(world, "Classé", status="shortlisted")
    rank(world, ranked, world.challenge, 1)
    decided = applicant(world, "Décidé")
    staged(world, application=decided, outcome="not_selected")
    declare_conflict(ranked, world.team, "Proche")
    response = page(client, world)
    assert {v["key"]: v["count"] for v in response.context["views"]} == {
        "toutes": 3,
        "classees": 0,
        "preselectionnees": 0,
        "sans-decision": 2,
        "avec-decision": 1,
    }
    assert response.context["hidden"] == 1
    assert response.context["counts"]["none"] == 3  # the hidden one waits for a decision too
    assert response.context["page"].paginator.count == 3
    assert ranked.pk not in [row["application"].pk for row in response.context["rows"]]
    narrowed = page(client, world, vue="sans-decision", q="decide")
    assert narrowed.context["page"].paginator.count == 0
    assert page(client, world, vue="sans-decision").context["page"].paginator.count == 2


def test_the_counts_are_those_of_one_view_at_a_time(world):
    ranked = applicant(world, "Classé", status="shortlisted")
    rank(world, ranked, world.challenge, 1)
    listed = views._listed(world.call)
    counts = staging_list.call_counts(listed, set())
    for view in staging_list.VIEWS:
        filters = staging_list.TableFilters(view=view)
        assert counts.views[view] == staging_list.filtered(listed, filters).count()
    assert counts.hidden == 0
    assert counts.undecided == 3


def test_excluded_ids_follow_the_rule_of_the_lists(world):
    own = ApplicationFactory(call=world.call, candidate=world.team)
    declare_conflict(world.other_application, world.team, "Proche")
    applications = world.call.applications.all()
    expected = set(
        applications.filter(pk__in=excluded(type(own), world.team)).values_list("pk", flat=True)
    )
    assert (
        excluded_ids(applications, world.team) == expected == {own.pk, world.other_application.pk}
    )
    assert excluded_ids(applications, world.mentor) == set()
