"""The pre-instruction lists: calls with counts, a call's proposals filtered, searched, sorted,
paginated, with aggregates only where the call's visibility rule allows; the bulk shortlist;
the export; no N+1."""

import csv
import datetime
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects.models import Proposal
from cohorte.public.formats import PARIS
from cohorte.reviews.models import Conflict, Review
from tests.factories import (
    OrganisationFactory,
    ProjectCallFactory,
    ProposalFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _review(proposal, reviewer, total):
    return Review.objects.create(
        proposal=proposal, reviewer=reviewer, stage="preselection", total=total
    )


@pytest.fixture
def listing(project_world):
    """Four submitted proposals with known properties (and a draft), reviews by two people."""
    call = project_world.call
    second = call.rounds.create(name="Session 2", opens_at=call.opens_at, closes_at=call.closes_at)
    fraud, archives = project_world.proposal, project_world.other_proposal
    fraud.eligibility = "eligible"
    fraud.save()
    santé = ProposalFactory(
        call=call, round=second, title="Éclairer la santé",
        organisation=OrganisationFactory(name="Agence régionale de santé", acronym="ARS"),
        completeness="incomplete", status="shortlisted",
    )  # fmt: skip
    ProposalFactory(call=call, title="Brouillon", status="draft", submitted_at=None)
    other_reviewer = UserFactory(username="relecteur")
    _review(fraud, project_world.team, 16)
    _review(fraud, other_reviewer, 12)
    _review(archives, other_reviewer, 10)
    _review(santé, project_world.preinstructor, 18)
    project_world.extra = {"second": second, "sante": santé, "other_reviewer": other_reviewer}
    return project_world


def titles(client, call, **params):
    response = client.get(reverse("instruction:call", args=[call.pk]), params)
    assert response.status_code == 200
    return [row["proposal"].title for row in response.context["rows"]]


def test_home_counts_by_status_and_my_todo(listing, client):
    client.force_login(listing.preinstructor)
    response = client.get(reverse("instruction:home"))
    [call] = response.context["calls"]
    assert call.listed_counts == [2, 1, 0, 0]  # submitted, shortlisted, selected, not selected
    assert call.todo == 2  # the preinstructor reviewed the shortlisted one only
    assert "Brouillon" not in response.content.decode()


def test_default_list_is_newest_first_without_drafts(listing, client):
    client.force_login(listing.team)
    assert titles(client, listing.call) == [
        "Éclairer la santé", "Numériser les archives", "Détecter les fraudes",
    ]  # fmt: skip


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"status": "shortlisted"}, ["Éclairer la santé"]),
        ({"status": "submitted"}, ["Numériser les archives", "Détecter les fraudes"]),
        ({"eligibility": "eligible"}, ["Détecter les fraudes"]),
        ({"completeness": "incomplete"}, ["Éclairer la santé"]),
        ({"mine": "done"}, ["Détecter les fraudes"]),
        ({"mine": "todo"}, ["Éclairer la santé", "Numériser les archives"]),
        ({"score_min": "13"}, ["Éclairer la santé", "Détecter les fraudes"]),
        (
            {"score_min": "10", "score_max": "14"},
            ["Numériser les archives", "Détecter les fraudes"],
        ),
        ({"q": "archives"}, ["Numériser les archives"]),
        ({"q": "culture"}, ["Numériser les archives"]),
        ({"q": "ARS"}, ["Éclairer la santé"]),
        ({"q": "eclairer"}, ["Éclairer la santé"]),
        ({"q": "agence regionale sante"}, ["Éclairer la santé"]),
        ({"q": "ÉCLAIRER ARCHIVES"}, []),
        (
            {"sort": "title"},
            ["Détecter les fraudes", "Éclairer la santé", "Numériser les archives"],
        ),
        (
            {"sort": "-score"},
            ["Éclairer la santé", "Détecter les fraudes", "Numériser les archives"],
        ),
        (
            {"sort": "score"},
            ["Numériser les archives", "Détecter les fraudes", "Éclairer la santé"],
        ),
        ({"sort": "date"}, ["Détecter les fraudes", "Numériser les archives", "Éclairer la santé"]),
    ],
)
def test_each_filter_search_and_sort(listing, client, params, expected):
    client.force_login(listing.team)
    assert titles(client, listing.call, **params) == expected


def test_the_round_filter_appears_with_two_sessions(listing, client):
    client.force_login(listing.team)
    second = listing.extra["second"]
    assert titles(client, listing.call, round=second.pk) == ["Éclairer la santé"]


@pytest.mark.parametrize(
    "params", [{"score_min": "abc"}, {"score_min": "15", "score_max": "12"}, {"status": "draft"},
               {"sort": "drop table"}, {"mine": "someone"}, {"round": "999999"}],
)  # fmt: skip
def test_a_bad_filter_lists_nothing_and_says_so(listing, client, params):
    client.force_login(listing.team)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]), params)
    assert response.status_code == 200
    assert response.context["rows"] == []
    assert "Un filtre n’est pas valide" in response.content.decode()


def test_a_preinstructor_sees_means_only_after_their_own_review(listing, client):
    # The call's default rule: others' reviews become visible after one's own.
    client.force_login(listing.preinstructor)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]))
    rows = {row["proposal"].title: row for row in response.context["rows"]}
    assert rows["Éclairer la santé"]["score_mean"] == 18
    assert rows["Éclairer la santé"]["review_count"] == 1
    assert rows["Détecter les fraudes"]["aggregates"] is False
    assert rows["Détecter les fraudes"]["score_mean"] is None
    assert rows["Détecter les fraudes"]["review_count"] is None
    # Filtering or sorting by score never reveals a hidden mean.
    assert titles(client, listing.call, score_min="1") == ["Éclairer la santé"]


@pytest.mark.parametrize(("visibility", "visible"), [("always", True), ("never", False)])
def test_the_visibility_rule_applies_to_preinstructors_not_the_team(
    listing, client, visibility, visible
):
    listing.call.review_visibility = visibility
    listing.call.save()
    client.force_login(listing.preinstructor)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]))
    row = next(r for r in response.context["rows"] if r["proposal"] == listing.proposal)
    assert (row["score_mean"] == 14) is visible
    assert ("score_min" in response.context["form"].fields) is visible
    client.force_login(listing.team)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]))
    row = next(r for r in response.context["rows"] if r["proposal"] == listing.proposal)
    assert row["score_mean"] == 14


def test_columns_show_organisation_fellows_and_estimate(listing, client):
    client.force_login(listing.team)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]))
    row = next(r for r in response.context["rows"] if r["proposal"] == listing.proposal)
    assert row["fellows"] == 2
    assert str(row["estimate"].high) == "42600.00"
    page = response.content.decode()
    assert "Ministère de l&#x27;Intérieur" in page
    assert "42\u202f600 €" in page


def test_conflicted_proposals_are_never_listed(listing, client):
    Conflict.objects.create(proposal=listing.proposal, reviewer=listing.preinstructor)
    client.force_login(listing.preinstructor)
    response = client.get(reverse("instruction:call", args=[listing.call.pk]))
    assert listing.proposal.title not in [r["proposal"].title for r in response.context["rows"]]
    assert "1 proposition est masquée" in response.content.decode()
    assert reverse("instruction:proposal", args=[listing.proposal.pk]) not in (
        response.content.decode()
    )


def test_pages_keep_the_filters_and_past_the_end_is_the_last_page(listing, client, monkeypatch):
    from cohorte.projects.views import instruction as views

    monkeypatch.setattr(views, "PER_PAGE", 2)
    client.force_login(listing.team)
    url = reverse("instruction:call", args=[listing.call.pk])
    response = client.get(url, {"sort": "title"})
    assert [r["proposal"].title for r in response.context["rows"]] == [
        "Détecter les fraudes", "Éclairer la santé",
    ]  # fmt: skip
    assert "?sort=title&amp;page=2" in response.content.decode()
    response = client.get(url, {"sort": "title", "page": 2})
    assert [r["proposal"].title for r in response.context["rows"]] == ["Numériser les archives"]
    past_the_end = client.get(url, {"sort": "title", "page": 9})
    assert past_the_end.status_code == 200
    assert [r["proposal"].title for r in past_the_end.context["rows"]] == ["Numériser les archives"]


def _many(call, n):
    for i in range(n):
        proposal = ProposalFactory(call=call, title=f"Défi {i}")
        _review(proposal, UserFactory(), 10 + i % 5)


@pytest.mark.parametrize("role", ["team", "preinstructor"])
def test_the_list_has_no_n_plus_one(project_world, client, role):
    client.force_login(project_world.roles()[role])
    url = reverse("instruction:call", args=[project_world.call.pk])
    _many(project_world.call, 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    _many(project_world.call, 12)
    with CaptureQueriesContext(connection) as large:
        response = client.get(url)
    assert len(response.context["rows"]) == 16
    assert len(large) == len(small)


def test_home_has_no_n_plus_one(project_world, client):
    client.force_login(project_world.team)
    url = reverse("instruction:home")
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(4):
        call = ProjectCallFactory()
        ProposalFactory(call=call)
    with CaptureQueriesContext(connection) as large:
        assert len(client.get(url).context["calls"]) == 5
    assert len(large) == len(small)


def _csv(response):
    return list(csv.reader(io.StringIO(response.getvalue().decode("utf-8-sig"))))


def test_export_follows_the_filters_and_is_audited(listing, client):
    client.force_login(listing.team)
    url = reverse("instruction:export", args=[listing.call.pk, "csv"])
    response = client.get(url, {"status": "submitted", "sort": "title"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="propositions-{listing.call.slug}.csv"'
    )
    rows = _csv(response)
    assert rows[0][:3] == ["Proposition (n°)", "Nom du défi", "Administration"]
    assert [r[1] for r in rows[1:]] == ["Détecter les fraudes", "Numériser les archives"]
    fraud = rows[1]
    header = rows[0]
    assert fraud[header.index("Cofinancement estimé, haut (€)")] == "42600"
    assert fraud[header.index("Note moyenne")] == "14"
    assert fraud[header.index("Avis")] == "2"
    entry = ActivityLog.objects.get(action="proposals.exported")
    assert entry.data == {"count": 2, "format": "csv", "filters": ["status"]}
    for fmt in ("xlsx", "ods"):
        response = client.get(reverse("instruction:export", args=[listing.call.pk, fmt]))
        assert response.status_code == 200 and response.getvalue().startswith(b"PK")


def test_export_with_a_bad_filter_exports_nothing(listing, client):
    client.force_login(listing.team)
    url = reverse("instruction:export", args=[listing.call.pk, "csv"])
    response = client.get(url, {"score_min": "x"}, follow=True)
    assert "Un filtre de la liste n&#x27;est pas valide : rien n&#x27;est exporté." in (
        response.content.decode()
    )
    assert not ActivityLog.objects.filter(action="proposals.exported").exists()


def _bulk(client, world, action, ids, **extra):
    return client.post(
        reverse("instruction:bulk_action", args=[world.call.pk]),
        {"action": action, "ids": ids, **extra},
        follow=True,
    )


def test_bulk_shortlist_changes_the_eligible_and_explains_each_refusal(listing, client):
    fraud, archives = listing.proposal, listing.other_proposal
    fraud.completeness = "complete"
    fraud.save()
    client.force_login(listing.team)
    response = _bulk(client, listing, "shortlist", [fraud.pk, archives.pk])
    page = response.content.decode()
    assert "1 proposition modifiée." in page
    assert "Refusé — Numériser les archives : présélection impossible" in page
    statuses = dict(Proposal.objects.values_list("title", "status"))
    assert statuses["Détecter les fraudes"] == "shortlisted"
    assert statuses["Numériser les archives"] == "submitted"
    assert ActivityLog.objects.filter(action="proposal.shortlisted").count() == 1
    assert OutboxMessage.objects.get().to == ["admin.user@interieur.gouv.fr"]
    response = _bulk(client, listing, "unshortlist", [fraud.pk, listing.extra["sante"].pk])
    assert "2 propositions modifiées." in response.content.decode()
    assert Proposal.objects.filter(status="shortlisted").count() == 0


def test_bulk_with_another_calls_proposal_changes_nothing(listing, client):
    fraud = listing.proposal
    fraud.completeness = "complete"
    fraud.save()
    stranger = ProposalFactory(eligibility="eligible", completeness="complete")  # another call
    client.force_login(listing.team)
    response = _bulk(client, listing, "shortlist", [fraud.pk, stranger.pk])
    assert "aucune proposition n&#x27;a été modifiée" in response.content.decode()
    assert (
        not Proposal.objects.filter(status="shortlisted")
        .exclude(pk=listing.extra["sante"].pk)
        .exists()
    )
    assert not OutboxMessage.objects.exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"action": "shortlist"}, "Cochez au moins une proposition."),
        ({"action": "delete", "ids": ["1"]}, "Action inconnue."),
        ({"action": "shortlist", "ids": ["abc"]}, "n&#x27;est pas un numéro de proposition"),
    ],
)
def test_bad_bulk_input_says_why(listing, client, data, message):
    client.force_login(listing.team)
    response = client.post(
        reverse("instruction:bulk_action", args=[listing.call.pk]), data, follow=True
    )
    page = response.content.decode()
    assert message in page
    assert "Aucune proposition n&#x27;a été modifiée." in page
    assert not ActivityLog.objects.exists()


def test_bulk_of_a_conflicted_proposal_is_refused(listing, client):
    listing.proposal.completeness = "complete"
    listing.proposal.save()
    Conflict.objects.create(proposal=listing.proposal, reviewer=listing.team)
    client.force_login(listing.team)
    response = _bulk(client, listing, "shortlist", [listing.proposal.pk])
    assert "aucune proposition n&#x27;a été modifiée" in response.content.decode()
    listing.proposal.refresh_from_db()
    assert listing.proposal.status == "submitted"


def test_dates_are_written_as_on_every_other_page(listing, client):
    Proposal.objects.filter(pk=listing.proposal.pk).update(
        submitted_at=datetime.datetime(2026, 3, 1, 9, 5, tzinfo=PARIS)
    )
    client.force_login(listing.team)
    page = client.get(reverse("instruction:call", args=[listing.call.pk])).text
    assert "Déposée le 1er mars 2026 à 9 h 05" in page
    assert "01/03/2026" not in page
