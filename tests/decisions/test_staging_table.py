"""The staging table at the size of a national call: views, filters, pagination, bulk
staging of ticked rows, proposals computed over the ranked only, a page costing the same
whatever the number of applications."""

import random

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.reviews.domain import declare_conflict
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision, RankingEntry
from cohorte.selection.views import decisions as views
from tests.decisions.conftest import rank, staged
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, ChallengeFactory
from tests.scale import measure

pytestmark = pytest.mark.django_db
ROLES = ["anonymous", "candidate", "other_candidate", "mentor", "other_mentor", "juror",
         "other_juror", "team", "director"]  # fmt: skip


def page_url(world, **params):
    query = "&".join(f"{k}={v}" for k, v in {"appel": world.call.slug, **params}.items())
    return f"{reverse('selection:decisions')}?{query}"


def shown(client, world, **params):
    return [row["application"].pk for row in client.get(page_url(world, **params)).context["rows"]]


def applicant(world, name, challenge=None, **kwargs):
    application = ApplicationFactory(call=world.call, first_name="", last_name=name, **kwargs)
    ApplicationChoiceFactory(application=application, challenge=challenge or world.challenge)
    return application


def test_views_filters_and_counts(client, world, profile):
    client.force_login(world.team)
    ranked = applicant(world, "Classé", status="shortlisted")
    rank(world, ranked, world.challenge, 1)
    decided = applicant(world, "Décidé")
    staged(world, application=decided, outcome="not_selected")
    other = applicant(world, "Ailleurs", challenge=world.other_challenge)
    everyone = {world.application.pk, world.other_application.pk, ranked.pk, decided.pk, other.pk}
    assert set(shown(client, world)) == everyone
    assert shown(client, world, vue="classees") == [ranked.pk]
    assert shown(client, world, vue="preselectionnees") == [ranked.pk]
    assert set(shown(client, world, vue="sans-decision")) == everyone - {decided.pk}
    assert shown(client, world, vue="avec-decision") == [decided.pk]
    assert set(shown(client, world, vue="inconnue")) == everyone
    assert set(shown(client, world, defi=world.other_challenge.pk)) == {
        world.other_application.pk,
        other.pk,
    }
    assert shown(client, world, q="classe") == [ranked.pk]
    assert shown(client, world, vue="avec-decision", q="classe") == []
    views_ = client.get(page_url(world)).context["views"]
    assert {v["key"]: v["count"] for v in views_} == {
        "toutes": 5,
        "classees": 1,
        "preselectionnees": 1,
        "sans-decision": 4,
        "avec-decision": 1,
    }
    body = client.get(page_url(world, vue="classees")).content.decode()
    assert "Classées par un jury (1)" in body and 'aria-current="page">Classées' in body


def test_the_table_is_paginated_and_counts_stay_over_the_call(client, world, monkeypatch):
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(world.team)
    names = ["Bernard", "Éluard", "Martin"]  # "Éluard" sorts with E, as in the other lists
    made = [applicant(world, name) for name in names]
    staged(world, application=made[0], outcome="not_selected")
    first = client.get(page_url(world))
    assert first.context["page"].paginator.num_pages == 3
    assert len(first.context["rows"]) == 2
    pages = [shown(client, world, page=n) for n in (1, 2, 3)]
    assert sum(pages, []) == list(
        Application.objects.order_by("sort_name", "pk").values_list("pk", flat=True)
    )
    order = [pk for pk in sum(pages, []) if pk in {a.pk for a in made}]
    assert order == [a.pk for a in made]
    assert shown(client, world, page=99) == pages[-1]
    # The counts and seats are the whole call's, whatever the page.
    assert first.context["counts"]["none"] == 4 and first.context["counts"]["staged"] == 1
    assert "4 candidature(s) sans décision, 1 décision(s) préparée(s)" in first.content.decode()
    assert 'href="?appel=' in first.content.decode() and "page=2" in first.content.decode()


def test_a_proposal_of_the_rankings_is_the_same_as_over_the_whole_call(world, profile):
    rng = random.Random(7)
    challenges = [world.challenge, world.other_challenge]
    challenges += [ChallengeFactory(cohort=world.call.cohort, seats=1) for _ in range(2)]
    world.call.challenges.add(*challenges[2:])
    positions = dict.fromkeys(c.pk for c in challenges)
    for index in range(30):
        application = ApplicationFactory(call=world.call)
        for order, challenge in enumerate(rng.sample(challenges, 2), start=1):
            ApplicationChoiceFactory(application=application, rank=order, challenge=challenge)
            if index % 3 == 0:
                positions[challenge.pk] = (positions[challenge.pk] or 0) + 1
                rank(world, application, challenge, positions[challenge.pk],
                     waiting_list=rng.random() < 0.3)  # fmt: skip
    staged(world, outcome="not_selected")
    whole = domain.propose_decisions(world.call)
    ranked = domain.propose_decisions(world.call, only_ranked=True)
    unranked = domain.unranked_proposal(world.call)
    assert ranked and set(ranked) < set(whole)
    for pk, proposal in whole.items():
        assert ranked.get(pk, unranked) == proposal
    assert set(ranked) == set(
        RankingEntry.objects.exclude(application__decision__isnull=False).values_list(
            "application", flat=True
        )
    )


def test_without_rankings_nothing_is_proposed_to_the_unranked(world):
    assert domain.unranked_proposal(world.call) is None
    assert domain.propose_decisions(world.call, only_ranked=True) == {}


def test_the_table_shows_each_rows_proposal(client, world, profile):
    client.force_login(world.team)
    rank(world, world.application, world.challenge, 1)
    rows = {r["application"].pk: r for r in client.get(page_url(world)).context["rows"]}
    assert rows[world.application.pk]["proposal"].outcome == "selected"
    assert rows[world.other_application.pk]["proposal"].outcome == "not_selected"
    assert client.get(page_url(world)).context["has_proposals"] is True


# Bulk staging of ticked rows ----------------------------------------------------------------


def bulk(client, world, ids, outcome, **extra):
    return client.post(
        reverse("selection:decision_stage_chosen", args=[world.call.slug]),
        {"applications": ids, "outcome": outcome, **extra},
    )


def test_ticked_rows_are_staged_not_selected_with_their_audit(client, world):
    client.force_login(world.team)
    third = applicant(world, "Troisième")
    response = bulk(client, world, [world.application.pk, third.pk], "not_selected",
                    back=f"appel={world.call.slug}&vue=sans-decision")  # fmt: skip
    assert response.status_code == 302
    assert response["Location"].endswith(f"?appel={world.call.slug}&vue=sans-decision")
    decisions = Decision.objects.order_by("application_id")
    assert [(d.application_id, d.outcome, d.status, d.staged_by) for d in decisions] == [
        (world.application.pk, "not_selected", "staged", world.team),
        (third.pk, "not_selected", "staged", world.team),
    ]
    entries = ActivityLog.objects.filter(action="decision.staged").order_by("object_id")
    assert [(e.object_id, e.actor, e.data["outcome"], e.data["source"]) for e in entries] == [
        (str(world.application.pk), world.team, "not_selected", "selection"),
        (str(third.pk), world.team, "not_selected", "selection"),
    ]
    assert not Decision.objects.filter(application=world.other_application).exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages == ["2 décision(s) préparée(s) pour les candidatures cochées."]


def test_ticked_rows_take_the_rankings_proposal(client, world, profile):
    client.force_login(world.team)
    rank(world, world.application, world.challenge, 1, profile=profile)
    bulk(client, world, [world.application.pk, world.other_application.pk], "proposed")
    decisions = {d.application_id: d for d in Decision.objects.all()}
    chosen = decisions[world.application.pk]
    assert (chosen.outcome, chosen.challenge, chosen.profile) == (
        "selected", world.challenge, profile,
    )  # fmt: skip
    assert decisions[world.other_application.pk].outcome == "not_selected"
    assert ActivityLog.objects.filter(action="decision.staged").count() == 2


def test_a_bulk_staging_is_all_or_nothing(client, world, profile):
    client.force_login(world.team)
    rank(world, world.application, world.challenge, 1)
    staged(world, application=world.other_application, outcome="not_selected")
    log = ActivityLog.objects.count()
    # The other application has a decision already: nothing to propose for it.
    response = bulk(client, world, [world.application.pk, world.other_application.pk],
                    "proposed")  # fmt: skip
    assert response.status_code == 302
    assert not Decision.objects.filter(application=world.application).exists()
    assert ActivityLog.objects.count() == log
    [message] = [str(m) for m in response.wsgi_request._messages]
    assert message.startswith("Rien n'a été préparé.") and "aucune proposition" in message


@pytest.mark.parametrize(
    ("ids", "outcome", "message"),
    [
        ([], "not_selected", "Cochez au moins une candidature de cet appel."),
        (["x"], "not_selected", "Cochez au moins une candidature de cet appel."),
        (None, "selected", "Choisissez la décision à préparer."),
    ],
)
def test_a_bulk_staging_refused_changes_nothing(client, world, ids, outcome, message):
    client.force_login(world.team)
    response = bulk(client, world, [world.application.pk] if ids is None else ids, outcome)
    assert [str(m) for m in response.wsgi_request._messages] == [message]
    assert not Decision.objects.exists()


def test_a_hidden_or_foreign_application_is_refused(client, world):
    client.force_login(world.team)
    declare_conflict(world.other_application, world.team, "Proche")
    foreign = ApplicationFactory()
    for ids in ([world.application.pk, world.other_application.pk],
                [world.application.pk, foreign.pk]):  # fmt: skip
        response = bulk(client, world, ids, "not_selected")
        assert [str(m) for m in response.wsgi_request._messages][-1] == (
            "Une des candidatures cochées n'est plus dans la liste : rien n'a changé."
        )
    assert not Decision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_bulk_staging_by_role(client, world, role):
    user = world.roles()[role]
    if role != "anonymous":
        client.force_login(user)
    response = bulk(client, world, [world.application.pk], "not_selected")
    expected = {"anonymous": 302, "team": 302, "director": 302}.get(role, 403)
    assert response.status_code == expected
    assert Decision.objects.exists() == (role in ("team", "director"))
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))


def test_a_row_has_a_checkbox_for_the_bulk_form_only_when_editable(client, world):
    client.force_login(world.team)
    body = client.get(page_url(world)).content.decode()
    assert f'id="cocher-{world.application.pk}" name="applications"' in body
    assert 'form="decisions-cochees"' in body and 'id="decisions-cochees"' in body
    Application.objects.filter(pk=world.application.pk).update(status="withdrawn")
    staged_ = Decision.objects.create(application=world.application, outcome="not_selected")
    body = client.get(page_url(world)).content.decode()
    assert staged_ and f'id="cocher-{world.application.pk}"' not in body


# The same cost at two sizes -------------------------------------------------------------------


def grow(world, count, profile, ranked=0):
    """Add ``count`` applications, half of them staged, the first ``ranked`` ranked."""
    for index in range(count):
        application = applicant(world, f"Personne {index}", status="shortlisted")
        if index < ranked:
            rank(world, application, world.challenge, index + 3, profile=profile)
        if index % 2:
            staged(world, application=application, outcome="waiting_list")


@pytest.mark.parametrize("view", ["toutes", "classees", "sans-decision"])
def test_a_page_costs_the_same_at_two_sizes(client, world, profile, monkeypatch, view):
    monkeypatch.setattr(views, "PAGE_SIZE", 5)
    client.force_login(world.team)
    # The jury's lists (the proposals are computed over them) are as long at both sizes:
    # they follow the number of interviews, not of applications.
    grow(world, 8, profile, ranked=6)
    small = measure(client, page_url(world, vue=view))
    grow(world, 30, profile)
    large = measure(client, page_url(world, vue=view))
    assert large.queries == small.queries
    # A page of rows, and the ranked applications without a decision for the proposals.
    assert large.rows(Application) == small.rows(Application) <= 5 + 6
    assert large.rows(RankingEntry) <= 6 + 6 and large.rows(Decision) <= 5
    assert abs(large.html - small.html) < 0.02 * small.html
