"""The jury pages at the size of a national call: interviews and candidates to schedule
paginated, filtered and searched by the database, figures exact over the whole call,
conflicts and score visibility unchanged, and a page costing the same at two sizes."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.calls.models import Application
from cohorte.reviews import domain as reviews
from cohorte.reviews.models import Conflict, Review
from cohorte.selection import rankings
from cohorte.selection.interviews import PARIS
from cohorte.selection.models import InterviewSlot, RankingEntry
from cohorte.selection.views import rankings as ranking_views
from cohorte.selection.views import slot_lists
from tests.factories import ApplicationChoiceFactory, ApplicationFactory, InterviewSlotFactory
from tests.scale import measure

pytestmark = pytest.mark.django_db

HOME = reverse("selection:home")
# Nine in the morning, Paris time, in twenty days: a day's interviews stay on that day.
START = (
    (timezone.now() + datetime.timedelta(days=20))
    .astimezone(PARIS)
    .replace(hour=9, minute=0, second=0, microsecond=0)
)


def interview(world, panel, index, *, name=None, status="planned", challenge=None):
    """A shortlisted application interviewed by ``panel``, ``index`` half-hours after START."""
    application = ApplicationFactory(
        call=world.call, status="shortlisted", last_name=name or f"Auditionne{index:03d}"
    )
    challenge = challenge or world.challenge
    ApplicationChoiceFactory(application=application, challenge=challenge)
    return InterviewSlotFactory(
        panel=panel,
        application=application,
        challenge=challenge,
        status=status,
        starts_at=START + datetime.timedelta(minutes=30 * index),
    )


def grade(world, slot, user):
    """``user``'s interview grid of ``slot``'s défi."""
    scores = {str(c.pk): 3 for c in world.call.grid.criteria.all()}
    reviews.submit_review(
        slot.application, user, scores, "", "yes", stage="interview", challenge=slot.challenge
    )


def names(response, key="slots"):
    """Candidates' names of a page's list, in order."""
    items = response.context[key]
    items = getattr(items, "object_list", items)
    return [getattr(item, "application", item).last_name for item in items]


@pytest.fixture
def small_pages(monkeypatch):
    monkeypatch.setattr(slot_lists, "PER_PAGE", 2)


def test_team_home_pages_interviews_and_counts_the_whole_call(
    world, as_user, panel, other_panel, small_pages
):
    InterviewSlot.objects.update(starts_at=START - datetime.timedelta(days=1))
    made = [interview(world, panel if i % 2 else other_panel, i) for i in range(5)]
    interview(world, panel, 9, status="cancelled")
    client = as_user(world.team)
    second = client.get(HOME, {"appel": world.call.slug, "page": 2})
    # Time order over the whole call: the world's own interview comes first.
    assert names(second) == [made[1].application.last_name, made[2].application.last_name]
    assert second.context["page_obj"].paginator.count == 7
    figures = second.context["figures"]
    assert (figures["total"], figures["active"], figures["waiting"]) == (7, 6, 6)
    assert figures["confirmed"] == figures["moves"] == figures["graded"] == 0
    page = second.content.decode()
    assert "page 2 sur 4" in page
    assert f"?appel={world.call.slug}&amp;page=3" in page
    assert made[3].application.display_name not in page


def test_interview_filters_and_search_are_asked_of_the_database(
    world, as_user, panel, other_panel, small_pages
):
    first = interview(world, panel, 1, name="Éluard")
    second = interview(world, other_panel, 2, name="Bernard", status="confirmed")
    third = interview(world, panel, 3, name="Moreau", challenge=world.other_challenge)
    grade(world, first, world.juror)
    client = as_user(world.team)

    def listed(**params):
        response = client.get(HOME, {"appel": world.call.slug, **params})
        return sorted(names(response)), response.context["page_obj"].paginator.count

    assert listed(q="eluard") == (["Éluard"], 1)
    assert listed(jury=other_panel.pk) == (["Bernard"], 1)
    assert listed(defi=world.other_challenge.pk) == (["Moreau"], 1)
    assert listed(statut="confirmed") == (["Bernard"], 1)
    assert listed(grilles="avec") == (["Éluard"], 1)
    assert listed(grilles="sans", jury=panel.pk)[1] == 2  # the world's and Moreau's
    # A grid of another défi is not this interview's grid.
    Review.objects.create(
        application=third.application, reviewer=world.team, stage="interview",
        challenge=world.challenge, scores={}, total=3,
    )  # fmt: skip
    assert "Moreau" not in listed(grilles="avec")[0]
    # The filters stay in the pagination links, and an invalid one shows nothing.
    page = client.get(HOME, {"appel": world.call.slug, "jury": panel.pk}).content.decode()
    assert f"jury={panel.pk}&amp;page=2" in page
    assert listed(jury="abc") == ([], 0)
    assert second.status == "confirmed"
    # The figures still count every interview of the call, whatever the filters.
    figures = client.get(HOME, {"appel": world.call.slug, "q": "eluard"}).context["figures"]
    assert (figures["active"], figures["confirmed"], figures["graded"]) == (4, 1, 1)


def test_candidates_to_schedule_page_on_their_own_parameter(world, as_user, panel, small_pages):
    waiting = [
        ApplicationFactory(call=world.call, status="shortlisted", last_name=f"Attente{i}")
        for i in range(5)
    ]
    for index in range(3):
        interview(world, panel, index)
    client = as_user(world.team)
    response = client.get(HOME, {"appel": world.call.slug, "page": 2, "page_a_programmer": 3})
    assert [a.last_name for a in response.context["to_schedule"].object_list] == ["Attente4"]
    assert response.context["to_schedule"].paginator.count == 5
    assert response.context["page_obj"].number == 2
    page = response.content.decode()
    # Each pagination keeps the other list's page.
    assert f"?appel={world.call.slug}&amp;page=2&amp;page_a_programmer=2" in page
    assert f"?appel={world.call.slug}&amp;page_a_programmer=3" in page  # interviews, page 1
    assert f"?candidature={waiting[4].pk}" in page
    assert "5 candidatures présélectionnées attendent leur audition." in page


def test_a_conflict_stays_hidden_on_every_page_and_out_of_the_counts(
    world, as_user, panel, small_pages
):
    slots = [interview(world, panel, i) for i in range(4)]
    hidden = slots[2].application
    Conflict.objects.create(application=hidden, reviewer=world.team)
    Conflict.objects.create(application=hidden, reviewer=world.juror)
    for user, url, params in [
        (world.team, HOME, {"appel": world.call.slug}),
        (world.team, reverse("selection:panel_detail", args=[panel.pk]), {}),
        (world.juror, reverse("selection:panel_detail", args=[panel.pk]), {}),
    ]:
        client = as_user(user)
        first = client.get(url, params)
        seen = []
        for number in range(1, first.context["page_obj"].paginator.num_pages + 1):
            seen += names(client.get(url, {**params, "page": number}))
        assert hidden.last_name not in seen and len(seen) == 4
        assert first.context["page_obj"].paginator.count == 4
        assert first.context["figures"]["active"] == 4
        assert first.context["hidden"] == 1
        assert names(client.get(url, {**params, "q": hidden.last_name})) == []


def test_panel_page_pages_and_filters_for_its_members(world, as_user, panel, small_pages):
    slots = [interview(world, panel, i) for i in range(1, 5)]
    grade(world, slots[0], world.juror)
    url = reverse("selection:panel_detail", args=[panel.pk])
    client = as_user(world.juror)
    second = client.get(url, {"page": 2})
    assert names(second) == [slots[2].application.last_name, slots[3].application.last_name]
    assert second.context["page_obj"].paginator.count == 5
    assert "jury" not in second.context["form"].fields  # one panel's page
    mine = client.get(url, {"grilles": "sans-la-votre"})
    assert slots[0].application.last_name not in names(mine)
    assert mine.context["page_obj"].paginator.count == 4
    assert second.context["figures"]["graded"] == 1
    # The juror's own grid shows on its line; the collective total follows the call's rule.
    first = client.get(url, {"grilles": "avec"})
    [row] = first.context["slots"]
    assert row.grids["mine"] is not None and row.grids["count"] == 1


def test_the_juror_home_keeps_every_interview_of_their_panel(world, as_user, panel, other_panel):
    own = [interview(world, panel, i) for i in range(60)]
    others = [interview(world, other_panel, i) for i in range(3)]
    response = as_user(world.juror).get(HOME)
    [shown] = response.context["panels"]
    listed = {s.application_id for s in shown.visible_slots}
    assert {s.application_id for s in own} <= listed
    assert not listed & {s.application_id for s in others}


def test_unsent_invitations_are_counted_per_day(world, as_user, panel):
    InterviewSlot.objects.update(starts_at=START - datetime.timedelta(days=3))
    for index in range(3):
        interview(world, panel, index)
    interview(world, panel, 48 * 2)  # two days later
    interview(world, panel, 4, status="invited")
    response = as_user(world.team).get(HOME, {"appel": world.call.slug})
    days = response.context["unsent_days"]
    # The world's interview is not counted: its application is not shortlisted.
    assert days == [(START.date(), 3), ((START + datetime.timedelta(days=2)).date(), 1)]


def test_rankings_index_lists_each_list_once_with_exact_counts(world, as_user, panel):
    item = rankings.RankingList(world.challenge, None)
    for index in range(3):
        slot = interview(world, panel, index)
        rankings.add_entry(world.call, item, slot.application, world.team)
    # A list outside the call's default ones (a profile the call does not seek).
    from tests.factories import ExpertiseFactory

    extra = ExpertiseFactory(name="Profil hors appel")
    for entry in RankingEntry.objects.filter(call=world.call)[:2]:
        RankingEntry.objects.create(
            call=world.call, challenge=world.challenge, profile=extra,
            application=entry.application, position=1,
        )  # fmt: skip
    rows = as_user(world.team).get(reverse("selection:rankings", args=[world.call.slug]))
    counts = {row["list"].label: row["count"] for row in rows.context["rows"]}
    assert counts[str(world.challenge)] == 3
    assert counts[f"{world.challenge} — {extra}"] == 2
    assert len(counts) == len(rows.context["rows"])
    # The juror of the panel examining the défi sees its lists; another juror none of them.
    juror_rows = as_user(world.juror).get(reverse("selection:rankings", args=[world.call.slug]))
    labels = {r["list"].label for r in juror_rows.context["rows"]}
    assert {str(world.challenge), f"{world.challenge} — {extra}"} <= labels
    assert all(label.startswith(str(world.challenge)) for label in labels)
    other = as_user(world.other_juror).get(reverse("selection:rankings", args=[world.call.slug]))
    assert other.context["rows"] == []


def test_the_ranking_offers_the_first_people_and_searches_the_others(
    world, as_user, panel, monkeypatch
):
    monkeypatch.setattr(ranking_views, "ADDABLE_SHOWN", 2)
    for index, name in enumerate(["Dubois", "Éluard", "Martin", "Petit"]):
        interview(world, panel, index, name=name, challenge=world.other_challenge)
    url = reverse("selection:ranking", args=[world.call.slug])
    client = as_user(world.team)
    response = client.get(url, {"defi": world.challenge.pk})
    shown = [a.last_name for a in response.context["addable"]]
    # The world's own candidate is interviewed too: five people, two offered.
    assert len(shown) == 2 and response.context["addable_count"] == 5
    assert "précisez la recherche" in response.content.decode()
    found = client.get(url, {"defi": world.challenge.pk, "ajout": "eluard"})
    assert [a.last_name for a in found.context["addable"]] == ["Éluard"]
    none = client.get(url, {"defi": world.challenge.pk, "ajout": "zzz"}).content.decode()
    assert "Aucune personne auditionnée à ajouter ne correspond" in none
    # Adding still accepts anyone interviewed, offered on this page or not.
    petit = Application.objects.get(last_name="Petit")
    client.post(url + f"?defi={world.challenge.pk}", {"action": "add", "application": petit.pk})
    assert RankingEntry.objects.filter(application=petit, challenge=world.challenge).exists()


@pytest.mark.parametrize("role", ["anonymous", "candidate", "mentor", "other_juror"])
def test_filters_open_no_page_to_those_kept_out(world, as_user, panel, role):
    client = as_user(world.roles()[role])
    detail = client.get(reverse("selection:panel_detail", args=[panel.pk]), {"page": 2, "q": "a"})
    assert detail.status_code == (302 if role == "anonymous" else 404)
    home = client.get(HOME, {"appel": world.call.slug, "jury": panel.pk, "page": 2})
    if role == "other_juror":  # their own panels only, whatever the filters
        assert home.status_code == 200
        assert [p.name for p in home.context["panels"]] == ["Jury B"]
    else:
        assert home.status_code == (302 if role == "anonymous" else 403)


# --- Cost at two sizes --------------------------------------------------------------------


def grow(world, panel, other_panel, count, offset):
    """``count`` more interviews (half of them before the juror's panel, graded and ranked)
    and as many shortlisted candidates still to schedule."""
    item = rankings.RankingList(world.challenge, None)
    for index in range(offset, offset + count):
        slot = interview(world, panel if index % 2 else other_panel, index)
        if index % 2:
            grade(world, slot, world.juror)
            rankings.add_entry(world.call, item, slot.application, world.team)
        ApplicationFactory(call=world.call, status="shortlisted")


PAGES = {
    "team-home": ("team", lambda w, p: (HOME, {"appel": w.call.slug})),
    "team-home-filtered": (
        "team",
        lambda w, p: (HOME, {"appel": w.call.slug, "grilles": "avec", "q": "auditionne"}),
    ),
    "team-panel": ("team", lambda w, p: (reverse("selection:panel_detail", args=[p.pk]), {})),
    "juror-panel": ("juror", lambda w, p: (reverse("selection:panel_detail", args=[p.pk]), {})),
    "team-rankings": ("team", lambda w, p: (reverse("selection:rankings", args=[w.call.slug]), {})),
    "juror-rankings": (
        "juror",
        lambda w, p: (reverse("selection:rankings", args=[w.call.slug]), {}),
    ),
    "team-ranking": (
        "team",
        lambda w, p: (
            reverse("selection:ranking", args=[w.call.slug]),
            {"defi": w.other_challenge.pk},
        ),
    ),
}


@pytest.mark.parametrize("page", PAGES)
def test_a_page_costs_the_same_at_two_sizes(world, as_user, panel, other_panel, monkeypatch, page):
    monkeypatch.setattr(slot_lists, "PER_PAGE", 3)
    monkeypatch.setattr(ranking_views, "ADDABLE_SHOWN", 3)
    role, where = PAGES[page]
    client = as_user(world.roles()[role])
    url, params = where(world, panel)
    grow(world, panel, other_panel, 8, 0)
    small = measure(client, url, params)
    grow(world, panel, other_panel, 16, 8)
    large = measure(client, url, params)
    assert large.queries == small.queries
    # A page of interviews (and one of candidates to schedule) is read, never the call.
    assert large.rows(Application) == small.rows(Application) <= 2 * 3 + 1
    # (the team's steps also read the call's last interview, to say when they end)
    assert large.rows(InterviewSlot) == small.rows(InterviewSlot) <= 3 + 1
    assert large.rows(Review) <= 3 and large.rows(RankingEntry) <= 1
    # The same rows; only figures and the elided pagination (a few more page links, at most
    # seven whatever the number of pages) differ.
    assert abs(large.html - small.html) < 1000


def test_the_juror_home_costs_the_same_as_the_call_grows_around_their_panel(
    world, as_user, panel, other_panel
):
    client = as_user(world.juror)
    for index in range(3):
        grade(world, interview(world, panel, index), world.juror)
    grow(world, other_panel, other_panel, 4, 10)
    small = measure(client, HOME)
    grow(world, other_panel, other_panel, 20, 20)
    large = measure(client, HOME)
    assert large.queries == small.queries
    # Their panel's interviews, all of them, nothing of the others' (but the call's last
    # one, whose end the steps announce).
    assert large.rows(InterviewSlot) == small.rows(InterviewSlot) == 4 + 1
    assert large.rows(Application) == small.rows(Application)
    assert abs(large.html - small.html) < 50
