"""The scheduling page and its actions: every role, bad input, the whole round trip, N+1."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.accounts.roles import add_to_team
from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.selection.models import InterviewSlot, SolverRun, Unavailability
from cohorte.selection.scheduling_runs import SchedulingParameters, run_scheduling
from tests.factories import (
    ApplicationCallFactory,
    ApplicationChoiceFactory,
    ApplicationFactory,
    UserFactory,
)
from tests.selection.scheduling_world import WINTER, WINTER_2, at, build_scheduling_world

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "candidate", "other_candidate", "team", "director", "mentor",
         "other_mentor", "juror", "other_juror"]  # fmt: skip
PARAMETERS = {
    "days": "12/03/2031\n2031-03-13",
    "windows": "9:00-12:30\n14h-18h",
    "breaks": "10:30-10:45",
    "slot_minutes": "30",
    "time_limit": "5",
}


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


@pytest.fixture
def sw(world):
    return build_scheduling_world(world)


def expect(default, **codes):
    table = dict.fromkeys(ROLES, default)
    table["anonymous"] = 302
    table.update(codes)
    return table


TEAM_PAGE = expect(403, team=200, director=200)
TEAM_ACTION = expect(403, team=302, director=302)


def make_run(sw):
    return run_scheduling(sw.call, sw.team, SchedulingParameters(days=(WINTER,), time_limit=5))


def unavailability(sw):
    return Unavailability.objects.create(
        call=sw.call, user=sw.juror, starts_at=at(WINTER, 9), ends_at=at(WINTER, 10)
    )


def with_call(sw):
    return f"?appel={sw.call.slug}"


UNAVAILABLE = {"start_day": "2031-03-12", "start_time": "14:00", "end_day": "2031-03-12"}

CASES = [
    ("get", "selection:scheduling", lambda sw: ([], with_call(sw)), {}, TEAM_PAGE),
    ("post", "selection:scheduling_run", lambda sw: ([], with_call(sw)), PARAMETERS, TEAM_ACTION),
    ("get", "selection:scheduling_apply", lambda sw: ([make_run(sw).pk], ""), {}, TEAM_PAGE),
    ("post", "selection:scheduling_apply", lambda sw: ([make_run(sw).pk], ""), {}, TEAM_ACTION),
    ("get", "selection:scheduling_invite", lambda sw: ([], with_call(sw)), {}, TEAM_PAGE),
    ("post", "selection:scheduling_invite", lambda sw: ([], with_call(sw)), {}, TEAM_ACTION),
    (
        "post",
        "selection:scheduling_unavailability_add",
        lambda sw: ([], with_call(sw)),
        "person",
        TEAM_ACTION,
    ),
    (
        "post",
        "selection:scheduling_unavailability_delete",
        lambda sw: ([unavailability(sw).pk], ""),
        {},
        TEAM_ACTION,
    ),
]


@pytest.mark.parametrize(("method", "name", "args", "data", "codes"), CASES,
                         ids=[f"{c[0]}-{c[1].split(':')[1]}" for c in CASES])  # fmt: skip
@pytest.mark.parametrize("role", ROLES)
def test_every_view_for_every_role(sw, as_user, method, name, args, data, codes, role):
    positional, query = args(sw)
    url = reverse(name, args=positional) + query
    if data == "person":
        data = {"person": f"u{sw.juror.pk}", **UNAVAILABLE}
    before = ActivityLog.objects.count()
    response = getattr(as_user(sw.roles()[role]), method)(url, data)
    assert response.status_code == codes[role], (url, response.content[:300])
    if role == "anonymous":
        assert response["Location"].startswith("/compte/login/")
    if codes[role] in (302, 403) and role not in ("team", "director"):
        assert ActivityLog.objects.count() == before  # refused: nothing changed
    if method == "post" and role in ("team", "director"):
        assert ActivityLog.objects.count() > before  # done, and audited


def test_unknown_call_or_run_is_404(sw, as_user):
    client = as_user(sw.team)
    assert client.get(reverse("selection:scheduling") + "?appel=nope").status_code == 404
    assert client.get(reverse("selection:scheduling_apply", args=[999])).status_code == 404
    url = reverse("selection:scheduling") + with_call(sw) + "&calcul=999"
    assert client.get(url).status_code == 404


def _text(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"windows": "12:30-9:00"}, "12:30-9:00 finit avant de commencer."),
        (
            {"windows": "9:00 jusqu'à midi"},
            "Ces plages ne sont pas comprises : « 9:00 jusqu'à midi »",
        ),
        ({"days": "31-02-2031"}, "Ces dates ne sont pas comprises : « 31-02-2031 »"),
        ({"days": "30/02/2031"}, "Ces dates ne sont pas comprises : « 30/02/2031 »"),
        ({"days": ""}, "Indiquez au moins un jour d'audition."),
        (
            {"slot_minutes": "0"},
            "La durée d'une audition doit être comprise entre 5 et 480 minutes.",
        ),
        ({"time_limit": "vite"}, "Indiquez un nombre de secondes."),
        ({"breaks": "9:00-19:00"}, "Les pauses couvrent toutes les plages horaires."),
    ],
    ids=[
        "window-reversed",
        "window-garbled",
        "date-format",
        "date-impossible",
        "no-day",
        "slot-zero",
        "time-limit",
        "all-break",
    ],
)
def test_bad_parameters_are_explained_and_nothing_runs(sw, as_user, changes, message):
    before = ActivityLog.objects.count()
    response = as_user(sw.team).post(
        reverse("selection:scheduling_run") + with_call(sw), {**PARAMETERS, **changes}
    )
    assert response.status_code == 200
    assert message in _text(response)
    assert "Rien n’est enregistré" in _text(response)
    assert not SolverRun.objects.exists()
    assert ActivityLog.objects.count() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"end_day": "2031-03-12", "end_time": "09:00"},
            "La fin de l'indisponibilité doit venir après son début.",
        ),
        ({"end_day": "2031-02-30"}, "Saisissez une date, par exemple 12/03/2031."),
        ({"person": "other-call"}, "Choisissez une personne de la liste"),
        ({"person": "u999999"}, "Choisissez une personne de la liste"),
        (
            {"start_day": "2020-03-12", "end_day": "2020-03-12"},
            "Cette indisponibilité est déjà passée.",
        ),
        ({"end_day": "2031-12-31"}, "Une indisponibilité dure 62 jours au plus : découpez-la."),
    ],
    ids=[
        "end-before-start",
        "bad-date",
        "other-call-application",
        "unknown-user",
        "past",
        "too-long",
    ],
)
def test_bad_unavailabilities_are_explained_and_nothing_changes(sw, as_user, data, message):
    other_call = ApplicationCallFactory()
    stranger = ApplicationFactory(call=other_call, status="shortlisted")
    if data.get("person") == "other-call":
        data = {**data, "person": f"a{stranger.pk}"}
    before = ActivityLog.objects.count()
    response = as_user(sw.team).post(
        reverse("selection:scheduling_unavailability_add") + with_call(sw),
        {"person": f"u{sw.mentor.pk}", "start_day": "2031-03-12", "start_time": "14:00", **data},
    )
    assert response.status_code == 200
    assert message in _text(response)
    assert not Unavailability.objects.exists()
    assert ActivityLog.objects.count() == before


def test_unavailability_add_and_delete_are_audited(sw, as_user):
    client = as_user(sw.team)
    response = client.post(
        reverse("selection:scheduling_unavailability_add") + with_call(sw),
        {"person": f"a{sw.zola.pk}", "start_day": "2031-03-12", "end_day": "2031-03-13",
         "reason": "Examen"},
    )  # fmt: skip
    assert response.status_code == 302
    item = Unavailability.objects.get()
    assert (item.application, item.user, item.reason) == (sw.zola, None, "Examen")
    # Whole days, Paris time: from Wednesday 0:00 to Friday 0:00.
    assert (item.starts_at, item.ends_at) == (at(WINTER, 0), at(WINTER_2.replace(day=14), 0))
    added = ActivityLog.objects.get(action="unavailability.added")
    assert added.data == {
        "unavailability_id": item.pk, "user_id": None, "application_id": sw.zola.pk,
        "starts_at": "2031-03-11T23:00:00+00:00", "ends_at": "2031-03-13T23:00:00+00:00",
    }  # fmt: skip
    page = client.get(reverse("selection:scheduling") + with_call(sw))
    assert "Alex Zola" in _text(page) and "Examen" in _text(page)
    client.post(reverse("selection:scheduling_unavailability_delete", args=[item.pk]))
    assert not Unavailability.objects.exists()
    deleted = ActivityLog.objects.get(action="unavailability.deleted")
    assert deleted.data["unavailability_id"] == item.pk


def test_round_trip_run_apply_invite(sw, as_user):
    client = as_user(sw.team)
    response = client.post(reverse("selection:scheduling_run") + with_call(sw), PARAMETERS)
    run = SolverRun.objects.get()
    page_url = reverse("selection:scheduling") + f"{with_call(sw)}&calcul={run.pk}#resultat"
    assert response["Location"] == page_url
    assert run.parameters["windows"] == [["9:00", "12:30"], ["14:00", "18:00"]]
    page = _text(client.get(page_url))
    assert "Mercredi 12 mars 2031" in page
    assert "1 jour utilisé (il en faut au moins 1)" in page
    assert "Appliquer ce planning" in page
    confirm = _text(client.get(reverse("selection:scheduling_apply", args=[run.pk])))
    assert "3 audition(s) seront créées et 1 déplacées" in confirm
    response = client.post(reverse("selection:scheduling_apply", args=[run.pk]))
    assert response.status_code == 302
    assert InterviewSlot.objects.filter(status="planned").count() == 4
    page = _text(client.get(response["Location"]))
    assert "Planning appliqué : 3 audition(s) créée(s), 1 déplacée(s)" in page
    assert "Envoyer les invitations des 4 auditions prévues" in page
    invite = reverse("selection:scheduling_invite") + with_call(sw)
    assert "Alex Zola" in _text(client.get(invite))
    response = client.post(invite)
    assert OutboxMessage.objects.count() == 4
    assert "4 invitations envoyées." in _text(client.get(response["Location"]))
    assert set(InterviewSlot.objects.values_list("status", flat=True)) == {"invited"}


def test_infeasible_run_shows_the_report(sw, as_user):
    Unavailability.objects.create(
        call=sw.call, user=sw.mentor, starts_at=at(WINTER, 0), ends_at=at(WINTER_2, 0)
    )
    client = as_user(sw.team)
    response = client.post(
        reverse("selection:scheduling_run") + with_call(sw), {**PARAMETERS, "days": "12/03/2031"}
    )
    page = _text(client.get(response["Location"]))
    assert "Pas de planning" in page
    assert f"{sw.mentor.get_full_name()} (mentor du défi « Défi choisi »)" in page
    assert "Appliquer ce planning" not in page


def grow(sw, n):
    for _ in range(n):
        application = ApplicationFactory(call=sw.call, status="shortlisted")
        ApplicationChoiceFactory(application=application, challenge=sw.challenge)
        ApplicationChoiceFactory(application=application, rank=2, challenge=sw.other_challenge)
        Unavailability.objects.create(
            call=sw.call, application=application, starts_at=at(WINTER, 9), ends_at=at(WINTER, 10)
        )
    run_scheduling(sw.call, sw.team, SchedulingParameters(days=(WINTER, WINTER_2), time_limit=2))


def count(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_no_n_plus_one(sw, as_user):
    client = as_user(sw.team)
    url = reverse("selection:scheduling") + with_call(sw)
    grow(sw, 1)
    small = count(client, url)
    grow(sw, 6)
    assert SolverRun.objects.filter(status__in=["optimal", "feasible"]).count() == 2
    assert count(client, url) == small
    invite = reverse("selection:scheduling_invite") + with_call(sw)
    assert count(client, invite) > 0


def test_linked_from_the_menu_and_the_jury_home_for_the_team_only(sw, as_user):
    url = reverse("selection:scheduling")
    team_home = _text(as_user(sw.team).get(reverse("selection:home") + with_call(sw)))
    assert f'href="{url}{with_call(sw)}"' in team_home  # the jury home's button
    assert f'href="{url}"' in team_home  # the side menu
    assert "Planification des auditions" in team_home
    juror_home = _text(as_user(sw.juror).get(reverse("selection:home")))
    assert url not in juror_home


def test_page_without_any_call(db, as_user):
    user = UserFactory()
    add_to_team(user)
    response = as_user(user).get(reverse("selection:scheduling"))
    assert response.status_code == 200
    assert "Aucun appel à candidatures pour le moment." in _text(response)
