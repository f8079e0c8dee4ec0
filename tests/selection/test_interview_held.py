"""An interview whose time came reads "en cours", then "tenue" (confirmed by the candidate or
graded by the jury) or "passée, ni confirmée ni notée": computed, never stored, on the team's,
the juror's and the candidate's pages."""

import datetime
import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cohorte.reviews.models import Review
from cohorte.selection.models import InterviewSlot
from cohorte.selection.views.home import slots_with_grids

pytestmark = pytest.mark.django_db

Status, Held = InterviewSlot.Status, InterviewSlot.Held


def _move(slot, minutes_ago, status=None):
    """The interview started ``minutes_ago`` (negative: still to come)."""
    slot.starts_at = timezone.now() - datetime.timedelta(minutes=minutes_ago)
    slot.status = status or slot.status
    slot.save()
    return slot


def _grid(world, slot, challenge=None):
    return Review.objects.create(
        application=slot.application,
        reviewer=world.juror,
        stage=Review.Stage.INTERVIEW,
        challenge=challenge if challenge is not None else slot.challenge,
        scores={},
    )


@pytest.mark.parametrize(
    ("minutes_ago", "status", "graded", "shown", "label"),
    [
        (-60, Status.INVITED, False, Status.INVITED, "invitation envoyée"),
        (-60, Status.PLANNED, True, Status.PLANNED, "prévue"),
        (10, Status.INVITED, False, Held.ONGOING, "en cours"),
        (10, Status.CONFIRMED, True, Held.ONGOING, "en cours"),
        (60, Status.CONFIRMED, False, Held.HELD, "tenue"),
        (60, Status.PLANNED, True, Held.HELD, "tenue"),
        (60, Status.INVITED, False, Held.MISSED, "passée, ni confirmée ni notée"),
        (60, Status.MOVE_REQUESTED, False, Held.MISSED, "passée, ni confirmée ni notée"),
        (60, Status.CANCELLED, True, Status.CANCELLED, "annulée"),
    ],
)
def test_what_an_interview_reads_once_its_time_came(world, slot, minutes_ago, status, graded,
                                                    shown, label):  # fmt: skip
    slot.duration_minutes = 30
    _move(slot, minutes_ago, status)
    if graded:
        _grid(world, slot)
    slot = InterviewSlot.objects.get(pk=slot.pk)
    assert (slot.shown_status(), slot.get_shown_status_display()) == (shown, label)
    assert slot.status == status  # nothing stored changes


def test_only_a_grid_of_the_interviews_own_defi_makes_it_held(world, slot):
    _move(slot, 120, Status.INVITED)
    _grid(world, slot, challenge=world.other_challenge)
    assert InterviewSlot.objects.get(pk=slot.pk).shown_status() == Held.MISSED
    _grid(world, slot)
    assert InterviewSlot.objects.get(pk=slot.pk).shown_status() == Held.HELD


def test_lists_read_the_grids_they_prefetched(world, slot):
    _move(slot, 120, Status.PLANNED)
    _grid(world, slot)
    [listed] = slots_with_grids(InterviewSlot.objects.filter(pk=slot.pk), world.team)
    with CaptureQueriesContext(connection) as queries:
        assert listed.shown_status() == Held.HELD
    assert len(queries) == 0


def test_the_teams_and_the_jurors_pages_show_the_interview_held(world, slot, client):
    _move(slot, 24 * 60, Status.PLANNED)
    _grid(world, slot)
    for user, url in (
        (world.team, reverse("selection:panel_detail", args=[slot.panel_id])),
        (world.team, reverse("selection:home") + f"?appel={world.call.slug}"),
        (world.juror, reverse("selection:home")),
    ):
        client.force_login(user)
        page = html.unescape(client.get(url).content.decode())
        assert ">tenue</p>" in page, (user, url)
        assert ">prévue</p>" not in page, (user, url)


def test_the_candidate_reads_the_interview_held_with_nothing_left_to_answer(world, slot, client):
    _move(slot, -24 * 60, Status.INVITED)
    client.force_login(world.candidate)
    space = reverse("calls:application", args=[world.call.slug])
    respond = reverse("selection:interview_respond", args=[slot.pk])
    before = html.unescape(client.get(space).content.decode())
    assert "Statut : invitation envoyée" in before
    assert "Confirmer ou demander un autre créneau" in before
    assert "Je confirme ma présence" in html.unescape(client.get(respond).content.decode())

    home = html.unescape(client.get(reverse("accounts:home")).content.decode())
    assert "Audition le " in home and "Audition tenue le" not in home

    _move(slot, 24 * 60, Status.CONFIRMED)
    home = html.unescape(client.get(reverse("accounts:home")).content.decode())
    assert "Audition tenue le " in home
    after = html.unescape(client.get(space).content.decode())
    assert "Statut : tenue" in after
    assert "Confirmer ou demander un autre créneau" not in after
    page = html.unescape(client.get(respond).content.decode())
    assert "État :</strong> Tenue." in page
    assert "il n’y a plus rien à confirmer ni à déplacer" in page
    for gone in ("Je confirme ma présence", "Demander un autre créneau", "demi-journées"):
        assert gone not in page
