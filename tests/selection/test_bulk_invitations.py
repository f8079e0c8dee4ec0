"""Sending every unsent invitation of a panel or of a day, after a confirmation; each send
says what was sent and stays on the page it was made from."""

import datetime

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.public.formats import format_moment
from cohorte.reviews.models import Conflict
from cohorte.selection import interviews
from cohorte.selection.models import InterviewSlot
from tests.factories import ApplicationFactory, InterviewSlotFactory

pytestmark = pytest.mark.django_db

DAY = datetime.date(2031, 3, 12)


def at(hour, day=DAY):
    return interviews.paris_datetime(day, datetime.time(hour))


def shortlisted_application(world, name):
    return ApplicationFactory(call=world.call, status="shortlisted", last_name=name)


@pytest.fixture
def plan(world, panel, other_panel, slot):
    """Jury A: the world's interview (9 h) and one the next day, one already invited and
    one of a candidate the team member is kept away from; Jury B: one at 10 h."""
    for application in (world.application, world.other_application):
        application.status = "shortlisted"
        application.save()
    InterviewSlot.objects.filter(pk=slot.pk).update(starts_at=at(9))
    next_day = InterviewSlotFactory(
        panel=panel, application=shortlisted_application(world, "Lendemain"),
        starts_at=at(9, DAY + datetime.timedelta(days=1)),
    )  # fmt: skip
    invited = InterviewSlotFactory(
        panel=panel, application=shortlisted_application(world, "Invitée"), starts_at=at(11),
        status="invited",
    )  # fmt: skip
    conflicted = InterviewSlotFactory(
        panel=panel, application=shortlisted_application(world, "Conflit"), starts_at=at(14)
    )
    Conflict.objects.create(application=conflicted.application, reviewer=world.team)
    other = InterviewSlotFactory(panel=other_panel, application=world.other_application,
                                 starts_at=at(10))  # fmt: skip
    slot.refresh_from_db()
    return {"slot": slot, "next_day": next_day, "invited": invited,
            "conflicted": conflicted, "other": other}  # fmt: skip


def summary(slot):
    return (
        f"{slot.application.display_name}, le {format_moment(slot.starts_at)} "
        f"(jury « {slot.panel.name} »)"
    )


def test_the_panels_confirmation_counts_and_lists_the_unsent(world, as_user, plan, panel):
    response = as_user(world.team).get(reverse("selection:panel_invitations", args=[panel.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Envoyer les invitations du jury « Jury A »" in page
    assert "2 invitations n’ont pas encore été envoyées." in page
    assert [s.pk for s in response.context["slots"]] == [plan["slot"].pk, plan["next_day"].pk]
    assert plan["next_day"].application.display_name in page
    assert plan["invited"].application.display_name not in page
    assert plan["conflicted"].application.display_name not in page
    assert "1 invitation concerne une candidature qui vous est masquée" in page
    assert not OutboxMessage.objects.exists()


def test_sending_a_panels_invitations(world, as_user, plan, panel):
    client = as_user(world.team)
    url = reverse("selection:panel_invitations", args=[panel.pk])
    shown = [plan["slot"].pk, plan["next_day"].pk]
    response = client.post(url, {"slot": shown})
    assert response.status_code == 302
    assert response["Location"] == reverse("selection:panel_detail", args=[panel.pk])
    messages = [str(m) for m in response.wsgi_request._messages]
    first, second = (InterviewSlot.objects.get(pk=pk) for pk in shown)
    assert messages == [f"2 invitations envoyées : {summary(first)} ; {summary(second)}."]
    sent = OutboxMessage.objects.order_by("pk")
    assert [m.to for m in sent] == [
        [first.application.candidate.email], [second.application.candidate.email]]  # fmt: skip
    assert all(m.subject == f"Invitation à une audition : {world.call.title}" for m in sent)
    logs = ActivityLog.objects.filter(action="interview.invited").order_by("pk")
    assert [(e.data["slot_id"], e.data["outbox_message_id"]) for e in logs] == [
        (first.pk, sent[0].pk), (second.pk, sent[1].pk)]  # fmt: skip
    assert (first.status, second.status) == ("invited", "invited")
    for key in ("invited", "conflicted", "other"):
        before = plan[key].status
        plan[key].refresh_from_db()
        assert plan[key].status == before
    assert "2 invitations envoyées" in client.get(response["Location"]).content.decode()
    # Sent again (a second click, another tab): nothing leaves twice.
    response = client.post(url, {"slot": shown})
    assert [str(m) for m in response.wsgi_request._messages] == [
        "Aucune invitation n'est partie : rien n'attendait d'envoi."
    ]
    assert OutboxMessage.objects.count() == 2


def test_only_the_confirmed_interviews_leave(world, as_user, plan, panel):
    """An interview planned after the confirmation page was shown waits for its own."""
    response = as_user(world.team).post(
        reverse("selection:panel_invitations", args=[panel.pk]),
        {"slot": [plan["slot"].pk, plan["conflicted"].pk, plan["other"].pk, "x"]},
    )
    assert response.status_code == 302
    assert list(OutboxMessage.objects.values_list("to", flat=True)) == [
        [plan["slot"].application.candidate.email]
    ]


def test_sending_a_days_invitations(world, as_user, plan):
    client = as_user(world.team)
    url = reverse("selection:day_invitations", args=[world.call.slug, DAY.isoformat()])
    response = client.get(url)
    assert "Envoyer les invitations du 12 mars 2031" in response.content.decode()
    assert [s.pk for s in response.context["slots"]] == [plan["slot"].pk, plan["other"].pk]
    response = client.post(url, {"slot": [plan["slot"].pk, plan["other"].pk]})
    assert response["Location"] == reverse("selection:home") + f"?appel={world.call.slug}#auditions"
    assert OutboxMessage.objects.count() == 2
    assert ActivityLog.objects.filter(action="interview.invited").count() == 2
    plan["next_day"].refresh_from_db()
    assert plan["next_day"].status == "planned"
    page = client.get(reverse("selection:home") + f"?appel={world.call.slug}").content.decode()
    assert "Envoyer l’invitation non envoyée du 13 mars 2031" in page
    assert "du 12 mars 2031" not in page


def test_an_unknown_day_is_not_found(world, as_user):
    url = reverse("selection:day_invitations", args=[world.call.slug, "2031-02-30"])
    assert as_user(world.team).get(url).status_code == 404


def test_the_panel_page_offers_the_panels_unsent_invitations(world, as_user, plan, panel):
    page = as_user(world.team).get(reverse("selection:panel_detail", args=[panel.pk]))
    assert "Envoyer les 2 invitations non envoyées de ce jury" in page.content.decode()
    juror_page = as_user(world.juror).get(reverse("selection:panel_detail", args=[panel.pk]))
    assert "invitations non envoyées" not in juror_page.content.decode()


def test_a_single_invitation_says_what_was_sent_and_stays_on_the_page(world, as_user, plan):
    slot = plan["slot"]
    here = reverse("selection:home") + f"?appel={world.call.slug}"
    client = as_user(world.team)
    response = client.post(reverse("selection:slot_invite", args=[slot.pk]), {"next": here})
    assert response["Location"] == here
    assert [str(m) for m in response.wsgi_request._messages] == [
        f"Invitation envoyée : {summary(slot)}."
    ]
    response = client.post(
        reverse("selection:slot_invite", args=[slot.pk]), {"next": "https://ailleurs.example/"}
    )
    assert response["Location"] == reverse("selection:panel_detail", args=[slot.panel_id])
