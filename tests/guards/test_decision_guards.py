"""Decisions wait for the end of the interviews, "retenue" for a screened file; the director
may make an exception with a reason, recorded in the call's journal (calls.guards)."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls import guards
from cohorte.calls.models import Application, Call, Round
from cohorte.notifications.models import OutboxMessage
from cohorte.public.formats import format_date, format_moment
from cohorte.selection import decisions as domain
from cohorte.selection.models import Decision, InterviewSlot
from tests.world import after_interviews

pytestmark = pytest.mark.django_db

EXCEPTION_HINT = "La direction du programme peut faire une exception en indiquant son motif."


def snapshot():
    """What a refused action must leave untouched."""
    return (
        list(Decision.objects.values_list("pk", "outcome", "status")),
        list(Application.objects.values_list("pk", "status", "decided_at")),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )


def open_refusal(world, name="") -> str:
    who = f" pour {name}" if name else ""
    return (
        f"Impossible de préparer, valider ou envoyer une décision{who} : l'appel est encore "
        f"ouvert aux dépôts jusqu'au {format_moment(world.call.closes_at)} : les dossiers "
        f"peuvent encore changer ; la dernière audition se termine le "
        f"{format_moment(_last_interview_end(world))}. {EXCEPTION_HINT}"
    )


def _last_interview_end(world):
    slot = InterviewSlot.objects.get(application=world.application)
    return slot.starts_at + datetime.timedelta(minutes=slot.duration_minutes)


def screen(*applications):
    Application.objects.filter(pk__in=[a.pk for a in applications]).update(
        eligibility="eligible", completeness="complete"
    )
    for application in applications:
        application.refresh_from_db()


def overrides():
    return list(ActivityLog.objects.filter(action="step.overridden").order_by("id"))


# Staging ------------------------------------------------------------------------------


def test_staging_during_the_open_call_is_refused_and_changes_nothing(world):
    screen(world.application)
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(world.application, "not_selected", actor=world.team)
    assert str(error.value) == open_refusal(world, world.application.display_name)
    assert snapshot() == before


def test_staging_waits_for_the_end_of_the_rounds_interview_days(world):
    after_interviews(world)
    end = timezone.localdate() + datetime.timedelta(days=1)
    Round.objects.filter(call=world.call).update(interviews_end=end)
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(world.application, "not_selected", actor=world.team)
    assert str(error.value) == (
        f"Impossible de préparer, valider ou envoyer une décision pour "
        f"{world.application.display_name} : les auditions de la session « Session 1 » durent "
        f"jusqu'au {format_date(end)} inclus. {EXCEPTION_HINT}"
    )
    assert snapshot() == before


def test_the_calls_pages_name_the_rounds_interview_days_too(world, client):
    """The decisions page states the same precondition as the refusal: the round's interview
    days, not only the last interview scheduled."""
    after_interviews(world)
    end = timezone.localdate() + datetime.timedelta(days=1)
    Round.objects.filter(call=world.call).update(interviews_end=end)
    expected = (
        f"les auditions de la session « Session 1 » durent jusqu'au {format_date(end)} inclus"
    )
    assert [m.text for m in guards.decision_missing(world.call)] == [expected]
    client.force_login(world.team)
    page = html.unescape(
        client.get(reverse("selection:decisions") + f"?appel={world.call.slug}").content.decode()
    )
    assert expected[0].upper() + expected[1:] in page


def test_staging_is_allowed_once_the_interviews_are_over(world):
    after_interviews(world)
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    assert decision.status == "staged"
    assert overrides() == []


def test_the_director_stages_early_with_a_reason_recorded_in_the_calls_journal(world):
    screen(world.application)
    decision = domain.stage_decision(
        world.application,
        "selected",
        world.challenge,
        actor=world.director,
        exception="Candidate recrutée ailleurs si nous attendons.",
    )
    assert decision.status == "staged"
    [entry] = overrides()
    assert entry.subject == world.call
    assert entry.actor == world.director
    assert entry.data == {
        "step": "decisions",
        "reason": "Candidate recrutée ailleurs si nous attendons.",
        "missing": [
            f"l'appel est encore ouvert aux dépôts jusqu'au "
            f"{format_moment(world.call.closes_at)} : les dossiers peuvent encore changer",
            f"la dernière audition se termine le {format_moment(_last_interview_end(world))}",
        ],
        "about": f"application:{world.application.pk}",
    }


def test_a_team_member_cannot_make_an_exception(world):
    screen(world.application)
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(
            world.application, "not_selected", actor=world.team, exception="Urgent."
        )
    assert str(error.value) == (
        "Seule la direction du programme peut faire une exception : "
        + open_refusal(world, world.application.display_name)
    )
    assert snapshot() == before


@pytest.mark.parametrize("reason", ["", "   "])
def test_an_exception_needs_a_reason(world, reason):
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_decision(
            world.application, "not_selected", actor=world.director, exception=reason
        )
    assert str(error.value) == (
        "Motif de l'exception : indiquez pourquoi cette étape passe avant son heure ; il est "
        "inscrit au journal de l'appel. Rien n'a changé."
    )
    assert snapshot() == before


# "Retenue" needs an eligible and complete file ---------------------------------------


@pytest.mark.parametrize(
    ("eligibility", "completeness", "missing"),
    [
        (
            "pending",
            "pending",
            "son éligibilité n'est pas vérifiée (à vérifier) ; sa complétude n'est pas "
            "vérifiée (à vérifier)",
        ),
        ("eligible", "incomplete", "sa complétude n'est pas vérifiée (incomplète)"),
        ("ineligible", "complete", "son éligibilité n'est pas vérifiée (non éligible)"),
    ],
)
def test_selected_needs_an_eligible_and_complete_application(
    world, eligibility, completeness, missing
):
    after_interviews(world, screened=False)
    Application.objects.filter(pk=world.application.pk).update(
        eligibility=eligibility, completeness=completeness
    )
    before = snapshot()
    for actor, exception in ((world.team, None), (world.director, "Urgent.")):
        with pytest.raises(domain.DecisionError) as error:
            domain.stage_decision(
                world.application, "selected", world.challenge, actor=actor, exception=exception
            )
        assert str(error.value) == (
            f"Impossible de retenir {world.application.display_name} : {missing}."
        )
    assert snapshot() == before
    # Waiting list and "not selected" need no screening.
    assert domain.stage_decision(
        world.application, "waiting_list", world.challenge, actor=world.team
    )


def test_validation_rechecks_the_screening(world):
    after_interviews(world)
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    Application.objects.filter(pk=world.application.pk).update(eligibility="ineligible")
    with pytest.raises(domain.DecisionError) as error:
        domain.validate_decisions([decision], world.director)
    assert str(error.value) == (
        f"Impossible de retenir {world.application.display_name} : son éligibilité n'est pas "
        "vérifiée (non éligible)."
    )
    decision.refresh_from_db()
    assert decision.status == "staged"


# Validation and sending --------------------------------------------------------------


def _staged_then_reopened(world):
    after_interviews(world)
    decision = domain.stage_decision(
        world.application, "selected", world.challenge, actor=world.team
    )
    # The interviews are moved later (a late interview): decisions wait again.
    InterviewSlot.objects.filter(application=world.application).update(
        starts_at=timezone.now() + datetime.timedelta(days=3)
    )
    return decision


def test_validation_waits_for_the_interviews_unless_the_director_says_why(world):
    decision = _staged_then_reopened(world)
    end = format_moment(_last_interview_end(world))
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.validate_decisions([decision], world.director)
    assert str(error.value) == (
        f"Impossible de préparer, valider ou envoyer une décision pour "
        f"{world.application.display_name} : la dernière audition se termine le {end}. "
        f"{EXCEPTION_HINT}"
    )
    assert snapshot() == before

    domain.validate_decisions([decision], world.director, exception="Jury exceptionnel.")
    decision.refresh_from_db()
    assert decision.status == "validated"
    [entry] = overrides()
    assert (entry.data["step"], entry.data["reason"]) == ("decisions", "Jury exceptionnel.")


def test_sending_waits_for_the_interviews_unless_the_director_says_why(world):
    decision = _staged_then_reopened(world)
    domain.validate_decisions([decision], world.director, exception="Jury exceptionnel.")
    before = snapshot()
    with pytest.raises(domain.DecisionError, match="la dernière audition se termine"):
        domain.send_decisions([decision], world.team)
    with pytest.raises(domain.DecisionError, match="^Seule la direction du programme"):
        domain.send_decisions([decision], world.team, exception="Vite.")
    assert snapshot() == before

    [message] = domain.send_decisions([decision], world.director, exception="Offre ailleurs.")
    decision.refresh_from_db()
    assert decision.status == "sent"
    assert message.to == [world.candidate.email]
    assert [e.data["reason"] for e in overrides()] == ["Jury exceptionnel.", "Offre ailleurs."]


def test_bulk_staging_is_refused_during_the_open_call_with_one_exception(world):
    Application.objects.filter(call=world.call).update(
        eligibility="eligible", completeness="complete"
    )
    before = snapshot()
    with pytest.raises(domain.DecisionError) as error:
        domain.stage_rest_not_selected(world.call, world.team)
    assert str(error.value).startswith(
        "Impossible de préparer, valider ou envoyer une décision : l'appel est encore ouvert"
    )
    assert snapshot() == before

    staged = domain.stage_rest_not_selected(world.call, world.director, exception="Clôture.")
    assert len(staged) == 2
    [entry] = overrides()
    assert entry.data["about"] is None
    assert entry.data["reason"] == "Clôture."


def test_a_call_without_rounds_uses_its_own_window(world):
    Application.objects.filter(call=world.call).update(round=None)
    Round.objects.filter(call=world.call).delete()
    Call.objects.filter(pk=world.call.pk).update(
        opens_at=timezone.now() - datetime.timedelta(days=30),
        closes_at=timezone.now() - datetime.timedelta(days=5),
    )
    InterviewSlot.objects.update(starts_at=timezone.now() - datetime.timedelta(days=1))
    world.application.refresh_from_db()
    assert domain.stage_decision(world.application, "not_selected", actor=world.team)


def test_the_last_interview_is_found_through_the_calls_panels_not_its_applications(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as queries:
        missing = guards.decision_missing(world.call)
    assert [m.text for m in missing if "dernière audition" in m.text] == [
        f"la dernière audition se termine le {format_moment(_last_interview_end(world))}"
    ]
    slot_queries = [q["sql"] for q in queries if "selection_interviewslot" in q["sql"]]
    assert slot_queries and not any("calls_application" in sql for sql in slot_queries)
