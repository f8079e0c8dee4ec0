"""The jury's grids at interviews."""

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.reviews import domain
from cohorte.reviews.models import Conflict, Review
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def grid_post(call, value="4", **extra):
    data = {f"score-{c.pk}": value for c in call.grid.criteria.all()}
    data.update({"recommendation": "yes", "comment": "Très convaincant."}, **extra)
    return data


def test_a_member_fills_their_grid(world, as_user, slot):
    client = as_user(world.juror)
    url = reverse("selection:interview_grid", args=[slot.pk])
    page = client.get(url).content.decode()
    assert "Total sur 20." in page and world.application.display_name in page
    response = client.post(url, grid_post(world.call))
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.stage, review.total, review.panel, review.reviewer) == (
        "interview",
        20,
        None,
        world.juror,
    )
    assert ActivityLog.objects.get(action="review.submitted").data["stage"] == "interview"
    assert "Votre grille : 20 sur 20." in client.get(url).content.decode()


def test_grid_errors_save_nothing(world, as_user, slot):
    data = grid_post(world.call)
    first = world.call.grid.criteria.first()
    data[f"score-{first.pk}"] = "0"
    response = as_user(world.juror).post(reverse("selection:interview_grid", args=[slot.pk]), data)
    assert response.status_code == 200
    assert "doit être comprise entre 1 et 4." in response.content.decode()
    assert not Review.objects.exists()


def test_the_team_reads_every_grid_but_does_not_score(world, as_user, slot):
    domain.submit_review(world.application, world.juror, {str(c.pk): 2 for c in
                         world.call.grid.criteria.all()}, "Avis du juré", "maybe",
                         stage="interview", challenge=world.challenge)  # fmt: skip
    client = as_user(world.team)
    url = reverse("selection:interview_grid", args=[slot.pk])
    assert "Avis du juré" in client.get(url).content.decode()
    assert client.post(url, grid_post(world.call)).status_code == 403
    assert Review.objects.count() == 1


def test_the_referee_fills_the_collective_grid(world, as_user, slot, panel):
    panel.referee = world.juror
    panel.save()
    member = UserFactory()
    panel.members.add(member)
    url = reverse("selection:interview_grid", args=[slot.pk])
    as_user(member).post(url, grid_post(world.call, "2", collective="1"))
    assert Review.objects.get(reviewer=member).panel is None  # only the referee's counts
    as_user(world.juror).post(url, grid_post(world.call, "3", collective="1"))
    collective = Review.objects.get(reviewer=world.juror)
    assert collective.panel == panel and collective.total == 15
    assert (
        ActivityLog.objects.filter(action="review.submitted")
        .order_by("id")
        .last()
        .data["collective"]
    )


@pytest.mark.parametrize(
    ("visibility", "before", "after"),
    [("never", False, False), ("after_own", False, True), ("always", True, True)],
)
def test_members_see_others_grids_as_the_phase_allows(world, as_user, slot, panel, visibility,
                                                     before, after):  # fmt: skip
    world.call.review_visibility = visibility
    world.call.save()
    member = UserFactory()
    panel.members.add(member)
    domain.submit_review(world.application, world.juror, {str(c.pk): 2 for c in
                         world.call.grid.criteria.all()}, "Commentaire du juré", "maybe",
                         stage="interview", challenge=world.challenge)  # fmt: skip
    client = as_user(member)
    url = reverse("selection:interview_grid", args=[slot.pk])
    assert ("Commentaire du juré" in client.get(url).content.decode()) is before
    client.post(url, grid_post(world.call))
    assert ("Commentaire du juré" in client.get(url).content.decode()) is after


def test_a_conflicted_member_neither_sees_nor_scores(world, as_user, slot):
    Conflict.objects.create(application=world.application, reviewer=world.juror)
    client = as_user(world.juror)
    url = reverse("selection:interview_grid", args=[slot.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, grid_post(world.call)).status_code == 404
    assert not Review.objects.exists()


def test_a_cancelled_interview_has_no_grid(world, as_user, slot):
    slot.status = "cancelled"
    slot.save()
    assert (
        as_user(world.juror).get(reverse("selection:interview_grid", args=[slot.pk])).status_code
        == 404
    )
