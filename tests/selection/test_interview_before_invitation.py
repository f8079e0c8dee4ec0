"""A planned interview stays unknown to the candidate until the invitation is sent: its
pages answer 404, exactly as for an interview that does not exist (issue #16, info)."""

import pytest
from django.urls import reverse

from cohorte.selection import interviews
from cohorte.selection.models import InterviewSlot, Unavailability

pytestmark = pytest.mark.django_db

PAGES = ["selection:interview_respond", "selection:interview_unavailability"]


def state(slot):
    slot.refresh_from_db()
    return (slot.status, slot.candidate_message, Unavailability.objects.count())


@pytest.mark.parametrize("name", PAGES)
def test_a_planned_interview_is_not_found_like_a_missing_one(world, slot, as_user, name):
    assert slot.status == InterviewSlot.Status.PLANNED
    client = as_user(world.candidate)
    missing = client.get(reverse(name, args=[slot.pk + 1000]))
    planned = client.get(reverse(name, args=[slot.pk]))
    assert (missing.status_code, planned.status_code) == (404, 404)
    assert planned.content == missing.content  # nothing tells that it exists
    before = state(slot)
    data = {"answer": "confirm", "halves": []}
    assert client.post(reverse(name, args=[slot.pk]), data).status_code == 404
    assert state(slot) == before


def test_the_candidates_pages_do_not_mention_it(world, slot, as_user):
    client = as_user(world.candidate)
    respond = reverse("selection:interview_respond", args=[slot.pk])
    for url in (reverse("accounts:home"), reverse("calls:application", args=[world.call.slug])):
        page = client.get(url).content.decode()
        assert respond not in page and "Invitation à une audition" not in page


@pytest.mark.parametrize("name", PAGES)
def test_once_invited_the_candidate_opens_it(world, slot, as_user, name):
    interviews.send_invitation(slot, world.team)
    client = as_user(world.candidate)
    assert client.get(reverse(name, args=[slot.pk])).status_code == 200
    assert as_user(world.other_candidate).get(reverse(name, args=[slot.pk])).status_code == 404
    slot.status = InterviewSlot.Status.CANCELLED
    slot.save(update_fields=["status"])
    assert as_user(world.candidate).get(reverse(name, args=[slot.pk])).status_code == 404
