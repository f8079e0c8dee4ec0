"""The pages of guarded steps say what is missing and who may make an exception; the director's
validation page shows what to read and sends a decision back; the call's journal."""

import datetime
import html
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Application, Call
from cohorte.notifications.models import OutboxMessage
from cohorte.public.formats import format_moment
from cohorte.reviews.models import Review
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision, RankingEntry
from tests.world import after_interviews

pytestmark = pytest.mark.django_db

FIELD = 'name="exception"'


def text(response) -> str:
    return html.unescape(response.content.decode())


def decisions_url(world, name="selection:decisions") -> str:
    return f"{reverse(name)}?appel={world.call.slug}"


def screen(world):
    Application.objects.filter(call=world.call).update(
        eligibility="eligible", completeness="complete"
    )
    world.application.refresh_from_db()


# Preconditions in the page -----------------------------------------------------------


@pytest.mark.parametrize(("role", "can_override"), [("team", False), ("director", True)])
def test_the_decisions_page_says_what_is_missing_and_who_may_make_an_exception(
    client, world, role, can_override
):
    client.force_login(getattr(world, role))
    page = text(client.get(decisions_url(world)))
    assert "Pas encore le moment de préparer, valider ou envoyer une décision" in page
    assert (
        f"L'appel est encore ouvert aux dépôts jusqu'au {format_moment(world.call.closes_at)} : "
        "les dossiers peuvent encore changer — "
    ) in page
    assert f'href="{world.call.get_absolute_url()}">Voir le calendrier de l\'appel</a>' in page
    assert (FIELD in page) is can_override
    assert ("Exception possible — action de : la direction du programme" in page) is (
        not can_override
    )


def test_after_the_interviews_the_page_shows_no_precondition(client, world):
    after_interviews(world)
    client.force_login(world.director)
    page = text(client.get(decisions_url(world)))
    assert "Pas encore le moment de préparer" not in page
    assert FIELD not in page.split("Publication des résultats")[0]


def _stage(client, world, **extra):
    prefix = f"d{world.application.pk}"
    return client.post(
        reverse("selection:decision_stage", args=[world.application.pk]),
        {f"{prefix}-outcome": "not_selected", **extra},
    )


def test_a_team_member_is_refused_in_the_page_and_nothing_is_staged(client, world):
    client.force_login(world.team)
    response = _stage(client, world, exception="Urgent.")
    assert response.status_code == 400
    assert "Seule la direction du programme peut faire une exception" in text(response)
    assert not Decision.objects.exists()
    assert not ActivityLog.objects.filter(action__in=["step.overridden", "decision.staged"])


def test_the_director_stages_with_a_reason_and_the_journal_shows_it(client, world):
    client.force_login(world.director)
    response = _stage(client, world, exception="Le candidat a une autre offre.")
    assert response.status_code == 302
    assert Decision.objects.get().outcome == "not_selected"
    journal = client.get(reverse("team:call_journal", args=[world.call.pk]))
    assert journal.status_code == 200
    page = text(journal)
    assert (
        "Exception de la direction du programme : préparer, valider ou envoyer une décision" in page
    )
    assert "motif : Le candidat a une autre offre." in page


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("candidate", 403),
        ("juror", 403),
        ("mentor", 403),
        ("team", 200),
        ("director", 200),
    ],
)
def test_the_call_journal_is_for_the_team(client, world, role, status):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    assert client.get(reverse("team:call_journal", args=[world.call.pk])).status_code == status


def test_publication_before_the_announcement_with_the_directors_reason(client, world):
    Call.objects.filter(pk=world.call.pk).update(
        announcement_at=timezone.now() + datetime.timedelta(days=5)
    )
    url = reverse("selection:decision_publish", args=[world.call.slug])
    client.force_login(world.team)
    page = text(client.post(url, {"exception": "Annonce avancée."}, follow=True))
    assert "Seule la direction du programme peut faire une exception" in page
    assert not ActivityLog.objects.filter(action="step.overridden").exists()
    client.force_login(world.director)
    page = text(client.get(decisions_url(world)))
    assert 'id="exception-publication"' in page
    client.post(url, {"exception": "Annonce avancée par le ministre."})
    [entry] = ActivityLog.objects.filter(action="step.overridden")
    assert (entry.data["step"], entry.data["reason"]) == (
        "publication",
        "Annonce avancée par le ministre.",
    )


# The director's validation page ------------------------------------------------------


@pytest.fixture
def staged(world):
    after_interviews(world)
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    RankingEntry.objects.create(
        call=world.call, challenge=world.challenge, application=world.application, position=2
    )
    for reviewer, total in ((world.juror, 14), (world.other_juror, 17)):
        Review.objects.create(
            application=world.application, reviewer=reviewer, stage="preselection", total=total
        )
    Review.objects.create(
        application=world.application,
        reviewer=world.juror,
        stage="interview",
        panel=world.application.interviews.first().panel,
        total=19,
    )
    return decision


def test_the_validation_page_shows_screening_scores_and_ranking(client, world, staged):
    client.force_login(world.director)
    page = text(client.get(decisions_url(world, "selection:validation")))
    facts = page.split(f'id="decision-faits-{staged.pk}">')[1].split("</ul>")[0]
    assert [re.sub(r"<[^>]+>", "", line).strip() for line in facts.split("</li>")[:-1]] == [
        "Éligibilité : éligible",
        "Complétude : complète",
        "Moyenne des avis : 15,5",
        "Note d’audition : 19",
        "Classement : n° 2 (Défi choisi)",
    ]
    assert f'aria-describedby="decision-faits-{staged.pk}"' in page


@pytest.mark.parametrize(("role", "status"), [("anonymous", 302), ("team", 403), ("juror", 403)])
def test_only_the_director_sends_a_decision_back(client, world, staged, role, status):
    if role != "anonymous":
        client.force_login(getattr(world, role))
    url = reverse("selection:decision_return", args=[staged.pk])
    response = client.post(url, {f"commentaire-{staged.pk}": "Non."})
    assert response.status_code == status
    staged.refresh_from_db()
    assert staged.status == "staged"
    assert not ActivityLog.objects.filter(action="decision.returned").exists()


def test_the_director_sends_a_decision_back_with_a_comment(client, world, staged):
    client.force_login(world.director)
    url = reverse("selection:decision_return", args=[staged.pk])
    empty = client.post(url, {f"commentaire-{staged.pk}": "  "}, follow=True)
    assert (
        "Commentaire pour l'équipe : dites ce qui doit changer avant de renvoyer la décision. "
        "Rien n'a changé." in text(empty)
    )
    assert OutboxMessage.objects.count() == 0

    client.post(url, {f"commentaire-{staged.pk}": "Vérifions d'abord le CV."})
    staged.refresh_from_db()
    assert (staged.status, staged.returned_comment, staged.returned_by) == (
        "returned",
        "Vérifions d'abord le CV.",
        world.director,
    )
    [entry] = ActivityLog.objects.filter(action="decision.returned")
    assert entry.subject == world.application
    assert entry.data == {
        "decision": staged.pk,
        "outcome": "selected",
        "previous": "staged",
        "comment": "Vérifions d'abord le CV.",
    }
    [message] = OutboxMessage.objects.all()
    assert message.to == [world.team.email]
    assert message.subject == (
        f"Décision renvoyée par la direction : {world.application.display_name}"
    )
    assert "Vérifions d'abord le CV." in message.body
    # The team reads the comment beside the decision, which the director no longer validates.
    client.force_login(world.team)
    page = text(client.get(decisions_url(world)))
    assert "renvoyée à l’équipe par la direction : à reprendre" in page
    assert "« Vérifions d'abord le CV. »" in page
    with pytest.raises(domain.DecisionError, match="n'est pas à valider"):
        domain.validate_decisions([staged], world.director)
    # Staged again, it goes back to the director without the comment.
    again = domain.stage_decision(world.application, "selected", world.challenge, actor=world.team)
    assert (again.status, again.returned_comment, again.returned_by) == ("staged", "", None)


def test_the_timetable_page_states_the_open_round_and_refuses(world, client, settings):
    """The confirmation of a timetable says the round is open, offers the director the
    exception, and the team's apply is refused with the guard's words; nothing changes."""
    from cohorte.selection import scheduling_runs
    from cohorte.selection.models import InterviewSlot
    from tests.selection.scheduling_world import WINTER, build_scheduling_world

    settings.COHORTE_SOLVER_WORKERS = 1
    sw = build_scheduling_world(world)
    run = scheduling_runs.run_scheduling(
        sw.call, sw.team, scheduling_runs.SchedulingParameters(days=(WINTER,), time_limit=5)
    )
    url = reverse("selection:scheduling_apply", args=[run.pk])
    open_until = f"L'appel est encore ouvert aux dépôts jusqu'au {format_moment(sw.call.closes_at)}"
    client.force_login(sw.team)
    page = html.unescape(client.get(url).content.decode())
    assert "Pas encore le moment de planifier une audition ou envoyer une convocation" in page
    assert open_until in page
    assert 'name="exception"' not in page  # the team may not make an exception
    slots = list(InterviewSlot.objects.values_list("pk", "starts_at", "panel_id"))
    response = client.post(url, follow=True)
    shown = html.unescape(response.content.decode())
    assert "Impossible de planifier une audition ou envoyer une convocation : l'appel" in shown
    assert list(InterviewSlot.objects.values_list("pk", "starts_at", "panel_id")) == slots

    client.force_login(sw.director)
    page = html.unescape(client.get(url).content.decode())
    assert 'name="exception"' in page and "Vous pouvez faire une exception" in page
    client.post(url, {"exception": "Jury avancé."})
    assert InterviewSlot.objects.count() == len(slots) + 3
    assert ActivityLog.objects.get(action="step.overridden").data["reason"] == "Jury avancé."
