"""The candidate marks the interview half-days they cannot come, from their interview page."""

import datetime
import html

import pytest
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.selection.models import Unavailability
from cohorte.selection.scheduling_runs import SchedulingParameters, scheduling_inputs
from cohorte.selection.unavailabilities import SchedulingError, set_candidate_half_days
from tests.selection.scheduling_world import WINTER, WINTER_2, at, build_scheduling_world

pytestmark = pytest.mark.django_db
UTC = datetime.UTC


def utc(month, day, hour):
    return datetime.datetime(2031, month, day, hour, tzinfo=UTC)


@pytest.fixture
def sw(world):
    sw = build_scheduling_world(world)
    sw.call.rounds.update(interviews_start=WINTER, interviews_end=WINTER_2)
    # The candidate reaches this page from their invitation (a planned interview is hidden).
    sw.slot.status = "invited"
    sw.slot.save(update_fields=["status"])
    return sw


@pytest.mark.parametrize(
    ("role", "get", "post"),
    [
        ("anonymous", 302, 302),
        ("candidate", 200, 302),
        ("other_candidate", 404, 404),
        ("team", 404, 404),
        ("director", 404, 404),
        ("mentor", 404, 404),
        ("other_mentor", 404, 404),
        ("juror", 404, 404),
        ("other_juror", 404, 404),
    ],
)
def test_only_the_candidate_opens_their_page(sw, as_user, role, get, post):
    client = as_user(sw.roles()[role])
    url = reverse("selection:interview_unavailability", args=[sw.slot.pk])
    assert client.get(url).status_code == get
    assert client.post(url, {"halves": ["2031-03-12:matin"]}).status_code == post
    expected = 1 if role == "candidate" else 0
    assert Unavailability.objects.count() == expected


def test_half_days_are_stored_in_utc_synced_and_audited(sw, as_user):
    team_row = Unavailability.objects.create(
        call=sw.call, application=sw.arnaud, starts_at=at(WINTER, 9), ends_at=at(WINTER, 10)
    )
    client = as_user(sw.candidate)
    url = reverse("selection:interview_unavailability", args=[sw.slot.pk])
    page = html.unescape(client.get(url).content.decode())
    assert "Mercredi 12 mars 2031" in page and "Jeudi 13 mars 2031" in page
    response = client.post(url, {"halves": ["2031-03-12:matin", "2031-03-13:apres-midi"]})
    assert response["Location"] == reverse("selection:interview_respond", args=[sw.slot.pk])
    spans = set(Unavailability.objects.exclude(pk=team_row.pk).values_list("starts_at", "ends_at"))
    assert spans == {(utc(3, 11, 23), utc(3, 12, 12)), (utc(3, 13, 12), utc(3, 13, 23))}
    entry = ActivityLog.objects.get(action="unavailability.declared")
    assert (entry.object_id, entry.actor) == (str(sw.arnaud.pk), sw.candidate)
    assert entry.data == {"added": ["2031-03-12 matin", "2031-03-13 apres-midi"], "removed": []}
    assert 'value="2031-03-12:matin" checked' in client.get(url).content.decode()
    instance = scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER,))).instance
    assert [(u.person, u.start, u.end) for u in instance.unavailabilities] == [
        (f"a{sw.arnaud.pk}", 0, 13 * 60)  # merged with the team's 9:00-10:00
    ]
    client.post(url, {"halves": ["2031-03-13:apres-midi"]})
    assert Unavailability.objects.count() == 2  # the team's row is left alone
    removed = ActivityLog.objects.filter(action="unavailability.declared").first()
    assert removed.data == {"added": [], "removed": ["2031-03-12 matin"]}


def test_a_day_that_is_no_interview_day_is_refused(sw, as_user):
    url = reverse("selection:interview_unavailability", args=[sw.slot.pk])
    response = as_user(sw.candidate).post(url, {"halves": ["2031-03-20:matin"]})
    assert response.status_code == 200
    assert "Cochez seulement des demi-journées de la liste" in html.unescape(
        response.content.decode()
    )
    assert not Unavailability.objects.exists()
    with pytest.raises(SchedulingError, match="ne sont pas des jours d'audition"):
        set_candidate_half_days(sw.arnaud, sw.candidate, {(datetime.date(2031, 3, 20), "matin")})
    with pytest.raises(SchedulingError, match="n'est pas la vôtre"):
        set_candidate_half_days(sw.arnaud, sw.other_candidate, set())
    assert not ActivityLog.objects.filter(action="unavailability.declared").exists()
