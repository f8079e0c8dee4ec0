"""The matching page and its actions, for every role, with bad input and an N+1 guard."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application
from cohorte.selection import matching_runs as domain
from cohorte.selection.models import Decision, PairConstraint, Seat, SolverRun
from tests.factories import ApplicationCallFactory, ApplicationFactory
from tests.selection.matching_world import build_matching_world, rank, shortlisted

pytestmark = pytest.mark.django_db

TEAM = {"team", "director"}
ROLES = [
    "anonymous",
    "candidate",
    "other_candidate",
    "mentor",
    "other_mentor",
    "juror",
    "other_juror",
    "team",
    "director",
]


@pytest.fixture
def mw(world):
    return build_matching_world(world)


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.roles()[role])


def text(response) -> str:
    return html.unescape(response.content.decode())


def page_url(call, run=None) -> str:
    url = f"{reverse('selection:matching')}?appel={call.slug}"
    return url + (f"&calcul={run.pk}" if run else "")


def snapshot():
    return (
        list(SolverRun.objects.values_list("pk", "applied_at")),
        list(PairConstraint.objects.values_list("pk", "kind")),
        list(Seat.objects.values_list("challenge", "profile", "count")),
        list(Decision.objects.values_list("pk", "outcome", "status")),
        ActivityLog.objects.count(),
    )


# Every view, every role ---------------------------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
def test_page_by_role(client, mw, role):
    run = domain.run_matching(mw.call, mw.world.team)
    login(client, mw.world, role)
    response = client.get(page_url(mw.call, run))
    if role == "anonymous":
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))
    else:
        assert response.status_code == (200 if role in TEAM else 403)


def post_actions(mw, run, constraint):
    slug = mw.call.slug
    return {
        "run": (
            reverse("selection:matching_run", args=[slug]),
            {"mode": "stable", "ties": "max_size", "time_limit": "5"},
        ),
        "seats": (
            reverse("selection:matching_seats", args=[slug]),
            {f"places-{mw.a.pk}-{mw.dev.pk}": "2", f"places-{mw.a.pk}-{mw.design.pk}": ""},
        ),
        "constraint_set": (
            reverse("selection:matching_constraint_set", args=[slug]),
            {"candidature": mw.a2.pk, "place": f"{mw.b.pk}:", "kind": "forbid"},
        ),
        "constraint_clear": (
            reverse("selection:matching_constraint_clear", args=[slug, constraint.pk]),
            {},
        ),
        "stage": (reverse("selection:matching_stage", args=[run.pk]), {"confirmer": "oui"}),
    }


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["run", "seats", "constraint_set", "constraint_clear", "stage"])
def test_actions_by_role(client, mw, role, action):
    run = domain.run_matching(mw.call, mw.world.team)
    constraint = domain.set_constraint(mw.call, mw.a1, mw.b, None, "lock", mw.world.team)
    url, data = post_actions(mw, run, constraint)[action]
    login(client, mw.world, role)
    before = snapshot()
    response = client.post(url, data)
    if role in TEAM:
        assert response.status_code == 302
        assert snapshot() != before
        return
    assert response.status_code == (302 if role == "anonymous" else 403)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("account_login"))
    assert snapshot() == before


def test_get_on_an_action_is_refused(client, mw):
    client.force_login(mw.world.team)
    response = client.get(reverse("selection:matching_run", args=[mw.call.slug]))
    assert response.status_code == 405


# The page ------------------------------------------------------------------------------------


def test_page_before_any_run(client, mw):
    client.force_login(mw.world.team)
    page = text(client.get(page_url(mw.call)))
    assert "4 candidat·es à répartir sur 3 place(s) de 3 poste(s)." in page
    assert "Aucun calcul pour le moment." in page
    assert "Lancer l’appariement" in page
    assert 'href="/jurys/appariement/"' in page  # the side menu entry


def test_run_then_read_the_result(client, mw):
    client.force_login(mw.world.team)
    response = client.post(
        reverse("selection:matching_run", args=[mw.call.slug]),
        {"mode": "stable", "ties": "max_size", "time_limit": "5"},
    )
    run = SolverRun.objects.get()
    assert response["Location"] == page_url(mw.call, run) + "#resultat"
    page = text(client.get(response["Location"]))
    assert "Appariement calculé : 3 candidat·e(s) placé·e(s)." in page
    assert "Paires bloquantes : 0." in page
    assert "Optimal prouvé" in page
    assert "Place obtenue : Défi choisi — Design, son 1er choix." in page
    assert "Sans place. Son 1er choix (Autre défi) : le jury ne l’a pas classé·e." in page
    assert 'role="img"' in page  # the chart of the ranks obtained
    assert "1er choix : 3 ; 2e choix : 0 ; Offre du jury : 0 ; Sans place : 1" in page
    assert "Préparer les décisions" in page
    assert "Relancer" in page


def test_time_limit_warning(client, mw):
    run = domain.run_matching(mw.call, mw.world.team)
    solution = dict(run.solution, status="feasible", time_limit_reached=True)
    SolverRun.objects.filter(pk=run.pk).update(solution=solution, status="feasible")
    client.force_login(mw.world.team)
    page = text(client.get(page_url(mw.call)))
    assert "Non prouvé optimal" in page
    assert "La limite de temps (10 s) a interrompu la recherche" in page


def test_a_past_run_is_shown_on_request(client, mw):
    first = domain.run_matching(mw.call, mw.world.team)
    domain.run_matching(mw.call, mw.world.team, ties="break")
    client.force_login(mw.world.team)
    page = text(client.get(page_url(mw.call, first)))
    assert f"Résultat du calcul n° {first.pk} du" in page
    assert "Ce n’est pas le dernier calcul" in page


def test_a_run_of_another_call_is_not_found(client, mw):
    other = ApplicationCallFactory()
    run = domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    assert client.get(page_url(other, run)).status_code == 404
    assert client.get(page_url(mw.call) + "&calcul=abc").status_code == 404
    assert client.get(f"{reverse('selection:matching')}?appel=nope").status_code == 404


def test_decisions_page_links_to_the_matching(client, mw):
    client.force_login(mw.world.team)
    page = text(client.get(f"{reverse('selection:decisions')}?appel={mw.call.slug}"))
    assert f'href="{page_url(mw.call)}"' in page


# Actions ------------------------------------------------------------------------------------


def test_lock_from_a_row_then_rerun(client, mw):
    run = domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    response = client.post(
        reverse("selection:matching_constraint_set", args=[mw.call.slug]),
        {"candidature": mw.a1.pk, "place": f"{mw.b.pk}:", "kind": "lock", "calcul": run.pk},
    )
    assert response["Location"] == page_url(mw.call, run) + "#contraintes"
    constraint = PairConstraint.objects.get()
    assert (constraint.application, constraint.challenge, constraint.kind) == (
        mw.a1,
        mw.b,
        "lock",
    )
    assert "Place imposée pour" in text(client.get(response["Location"]))
    client.post(
        reverse("selection:matching_run", args=[mw.call.slug]),
        {"mode": "stable", "ties": "max_size", "time_limit": "5"},
    )
    latest = SolverRun.objects.first()
    assert {"candidate": str(mw.a1.pk), "defi": str(mw.b.pk), "profile": ""} in latest.solution[
        "assignment"
    ]


def test_stage_from_the_page(client, mw):
    run = domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    response = client.post(reverse("selection:matching_stage", args=[run.pk]), {"confirmer": "oui"})
    assert response["Location"] == f"{reverse('selection:decisions')}?appel={mw.call.slug}"
    assert Decision.objects.count() == 4
    page = text(client.get(response["Location"]))
    assert (
        "4 décision(s) préparée(s) : 3 retenu·e(s), 1 en liste d’attente, 0 non retenu·e(s) ; "
        "0 inchangée(s)." in page
    )


# Bad input ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"mode": "magic", "ties": "max_size", "time_limit": "5"}, "Sélectionnez un choix valide"),
        ({"mode": "stable", "ties": "max_size", "time_limit": "-3"}, "supérieure ou égale à 1"),
        ({"mode": "stable", "ties": "max_size", "time_limit": "600"}, "inférieure ou égale à 60"),
        ({"mode": "stable", "ties": "dice", "time_limit": "5"}, "Sélectionnez un choix valide"),
    ],
)
def test_bad_run_parameters(client, mw, data, message):
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(reverse("selection:matching_run", args=[mw.call.slug]), data)
    assert response.status_code == 400
    page = text(response)
    assert "Rien n’est enregistré" in page
    assert message in page
    assert snapshot() == before


def test_a_run_without_candidates_explains_why(client, world):
    call = ApplicationCallFactory()
    call.challenges.add(world.challenge)
    client.force_login(world.team)
    response = client.post(
        reverse("selection:matching_run", args=[call.slug]),
        {"mode": "stable", "ties": "max_size", "time_limit": "5"},
        follow=True,
    )
    assert "Aucune candidature à répartir" in text(response)
    assert not SolverRun.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("candidature", "other-call", "n'appartient pas à cet appel"),
        ("candidature", "999999", "Cette candidature n'existe pas"),
        ("place", "nonsense", "Choisissez une place"),
        ("place", "999999:", "Cette place n'existe pas"),
        ("kind", "pin", "Choisissez « imposer » ou « interdire »"),
    ],
)
def test_bad_constraints(client, mw, field, value, message):
    stranger = ApplicationFactory(call=ApplicationCallFactory())
    data = {"candidature": mw.a1.pk, "place": f"{mw.b.pk}:", "kind": "lock"}
    data[field] = stranger.pk if value == "other-call" else value
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(
        reverse("selection:matching_constraint_set", args=[mw.call.slug]), data, follow=True
    )
    assert message in text(response)
    assert snapshot() == before


def test_clearing_another_calls_constraint_is_refused(client, mw):
    other_call = ApplicationCallFactory()
    other_call.challenges.add(mw.b)
    stranger = shortlisted(other_call, "Ailleurs", mw.b)
    rank(other_call, stranger, mw.b, 1)
    constraint = domain.set_constraint(other_call, stranger, mw.b, None, "forbid", mw.world.team)
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(
        reverse("selection:matching_constraint_clear", args=[mw.call.slug, constraint.pk]),
        follow=True,
    )
    assert "Cette contrainte n'existe plus" in text(response)
    assert snapshot() == before


def test_seats_over_the_defis_total_are_refused(client, mw):
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(
        reverse("selection:matching_seats", args=[mw.call.slug]),
        {f"places-{mw.a.pk}-{mw.dev.pk}": "2", f"places-{mw.a.pk}-{mw.design.pk}": "1"},
    )
    assert response.status_code == 400
    assert "« Défi choisi » compte 2 place(s) : la répartition par profil (3)" in text(response)
    assert snapshot() == before
    response = client.post(
        reverse("selection:matching_seats", args=[mw.call.slug]),
        {f"places-{mw.a.pk}-{mw.dev.pk}": "-1"},
    )
    assert response.status_code == 400
    assert snapshot() == before


def test_seats_inputs_keep_their_names_values_and_errors(client, mw):
    Seat.objects.update_or_create(challenge=mw.a, profile=mw.dev, defaults={"count": 1})
    client.force_login(mw.world.team)
    name = f"places-{mw.a.pk}-{mw.dev.pk}"
    page = client.get(f"{reverse('selection:matching')}?appel={mw.call.slug}").content.decode()
    assert f'<label class="fr-label" for="id_{name}">{mw.dev.name}</label>' in page
    assert f'name="{name}" value="1" min="0" max="99" class="fr-input" id="id_{name}">' in page
    response = client.post(reverse("selection:matching_seats", args=[mw.call.slug]), {name: "-1"})
    sent_back = response.content.decode()
    assert response.status_code == 400
    assert (
        f'name="{name}" value="-1" min="0" max="99" class="fr-input" aria-invalid="true" '
        f'aria-describedby="id_{name}-messages" id="id_{name}">'
    ) in sent_back
    assert f'<a href="#id_{name}">' in sent_back  # the summary links to the input
    assert "supérieure ou égale à 0" in text(response)


def test_staging_needs_the_confirmation(client, mw):
    run = domain.run_matching(mw.call, mw.world.team)
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(reverse("selection:matching_stage", args=[run.pk]), follow=True)
    assert "Cochez la case de confirmation" in text(response)
    assert snapshot() == before


def test_staging_after_a_withdrawal_is_refused_clearly(client, mw):
    run = domain.run_matching(mw.call, mw.world.team)
    Application.objects.filter(pk=mw.a3.pk).update(status=Application.Status.WITHDRAWN)
    client.force_login(mw.world.team)
    before = snapshot()
    response = client.post(
        reverse("selection:matching_stage", args=[run.pk]), {"confirmer": "oui"}, follow=True
    )
    assert (
        f"Rien n'a été préparé. Relancez l'appariement : {mw.a3.display_name} : candidature "
        "retirée depuis le calcul." in text(response)
    )
    assert snapshot() == before


# N+1 -----------------------------------------------------------------------------------------


def _grow(mw, count):
    for number in range(count):
        application = shortlisted(mw.call, f"Extra{number}", (mw.a, mw.dev), mw.b)
        rank(mw.call, application, mw.a, 3 + number, mw.dev)
        rank(mw.call, application, mw.b, 3 + number)
        domain.set_constraint(mw.call, application, mw.a, mw.design, "forbid", mw.world.team)


def _page_queries(client, mw) -> int:
    domain.run_matching(mw.call, mw.world.team, time_limit=5)
    domain.run_matching(mw.call, mw.world.team, ties="break")
    with CaptureQueriesContext(connection) as queries:
        response = client.get(page_url(mw.call))
    assert response.status_code == 200
    return len(queries)


def test_page_queries_do_not_grow_with_candidates(client, mw):
    client.force_login(mw.world.team)
    _grow(mw, 1)
    small = _page_queries(client, mw)
    _grow(mw, 6)
    large = _page_queries(client, mw)
    assert large == small
