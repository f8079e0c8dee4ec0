"""The same guards on the call for projects (decisions after the défi jury, "retenue" on a
screened proposal, publication from the announcement) and on the interviews' convocations."""

import datetime

import pytest
from django.utils import timezone

from cohorte.audit.models import ActivityLog
from cohorte.calls.models import Call
from cohorte.challenges.models import Challenge
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import decisions as project_domain
from cohorte.projects.models import Audition, Proposal
from cohorte.projects.publication import publish_projects
from cohorte.public.formats import format_moment
from cohorte.selection import interviews, scheduling_runs
from cohorte.selection.decisions import DecisionError
from cohorte.selection.models import Decision, InterviewSlot
from tests.project_world import after_auditions
from tests.projects.decisions_helpers import profile, send, verdicts
from tests.world import after_interviews

pytestmark = pytest.mark.django_db

HINT = "La direction du programme peut faire une exception en indiquant son motif."


def overrides():
    return list(ActivityLog.objects.filter(action="step.overridden").order_by("id"))


def state():
    return (
        list(Decision.objects.values_list("pk", "outcome", "status")),
        list(Challenge.objects.values_list("pk", "status")),
        list(InterviewSlot.objects.values_list("pk", "status")),
        OutboxMessage.objects.count(),
        ActivityLog.objects.count(),
    )


# The call for projects -----------------------------------------------------------------


@pytest.fixture
def projects(project_world):
    profile()
    verdicts(project_world)
    Proposal.objects.filter(call=project_world.call).update(
        eligibility="eligible", completeness="complete"
    )
    return project_world


def test_selecting_defis_during_the_open_call_is_refused(projects):
    before = state()
    with pytest.raises(DecisionError) as error:
        project_domain.stage_selection(projects.call, [projects.proposal.pk], projects.team)
    assert str(error.value) == (
        "Impossible de préparer, valider ou envoyer une décision : l'appel est encore ouvert "
        f"aux dépôts jusqu'au {format_moment(projects.call.closes_at)} : les dossiers peuvent "
        f"encore changer. {HINT}"
    )
    assert state() == before


def test_selection_waits_for_the_defi_jurys_auditions(projects):
    after_auditions(projects)
    audition = Audition.objects.create(
        panel=projects.panel,
        proposal=projects.proposal,
        starts_at=timezone.now() + datetime.timedelta(days=1),
    )
    before = state()
    with pytest.raises(DecisionError) as error:
        project_domain.stage_selection(projects.call, [projects.proposal.pk], projects.team)
    assert str(error.value) == (
        "Impossible de préparer, valider ou envoyer une décision : les auditions du jury des "
        f"défis se terminent le {format_moment(audition.ends_at)}. {HINT}"
    )
    assert state() == before
    staged = project_domain.stage_selection(
        projects.call, [projects.proposal.pk], projects.director, exception="Jury reporté."
    )
    assert len(staged) == 2
    [entry] = overrides()
    assert (entry.subject, entry.data["step"], entry.data["reason"]) == (
        projects.call,
        "decisions",
        "Jury reporté.",
    )


def test_a_defi_is_retained_only_from_an_eligible_and_complete_proposal(projects):
    after_auditions(projects, screened=False)
    Proposal.objects.filter(pk=projects.proposal.pk).update(completeness="incomplete")
    before = state()
    with pytest.raises(DecisionError) as error:
        project_domain.stage_selection(
            projects.call, [projects.proposal.pk], projects.director, exception="Vite."
        )
    assert str(error.value) == (
        "Impossible de retenir la proposition « Détecter les fraudes » : sa complétude n'est "
        "pas vérifiée (incomplète)."
    )
    assert state() == before
    # Not retained, it needs no screening.
    assert len(project_domain.stage_selection(projects.call, [], projects.team)) == 2


def test_defis_are_published_early_only_on_the_directors_exception(projects):
    after_auditions(projects)
    send(projects, projects.proposal)
    Call.objects.filter(pk=projects.call.pk).update(
        announcement_at=timezone.now() + datetime.timedelta(days=3)
    )
    projects.call.refresh_from_db()
    before = state()
    with pytest.raises(DecisionError, match="^Impossible de publier les résultats : les"):
        publish_projects(projects.call, actor=projects.team)
    with pytest.raises(DecisionError, match="^Seule la direction du programme"):
        publish_projects(projects.call, actor=projects.team, exception="Salon.")
    assert state() == before
    assert publish_projects(projects.call, actor=projects.director, exception="Salon.") == 1
    [entry] = overrides()
    assert (entry.data["step"], entry.data["reason"]) == ("publication", "Salon.")


# Interviews of the call for applications ------------------------------------------------


def _open_refusal(world) -> str:
    return (
        "Impossible de planifier une audition ou envoyer une convocation pour "
        f"{world.application.display_name} : l'appel est encore ouvert aux dépôts jusqu'au "
        f"{format_moment(world.call.closes_at)} : les dossiers peuvent encore changer. {HINT}"
    )


@pytest.fixture
def shortlisted(world):
    world.application.status = "shortlisted"
    world.application.save(update_fields=["status"])
    return world


def test_no_convocation_while_the_round_is_open(shortlisted):
    world = shortlisted
    slot = InterviewSlot.objects.get(application=world.application)
    before = state()
    with pytest.raises(interviews.InterviewError) as error:
        interviews.send_invitation(slot, world.team)
    assert str(error.value) == _open_refusal(world)
    with pytest.raises(scheduling_runs.SchedulingError, match="^Impossible de planifier"):
        scheduling_runs.invite_planned(world.call, world.team)
    with pytest.raises(interviews.InterviewError) as error:
        interviews.schedule_interview(
            world.juror.panels.first(),
            world.application,
            timezone.now() + datetime.timedelta(days=40),
            30,
            world.team,
        )
    assert str(error.value) == _open_refusal(world)
    assert state() == before


def test_a_late_convocation_on_the_directors_exception(shortlisted):
    world = shortlisted
    slot = InterviewSlot.objects.get(application=world.application)
    message = interviews.send_invitation(slot, world.director, "Candidate à l'étranger ensuite.")
    assert message.to == [world.candidate.email]
    slot.refresh_from_db()
    assert slot.status == "invited"
    [entry] = overrides()
    assert entry.data["step"] == "convocations"
    assert entry.data["reason"] == "Candidate à l'étranger ensuite."
    assert entry.data["about"] == f"application:{world.application.pk}"


def test_convocations_once_the_round_closed(shortlisted):
    world = shortlisted
    after_interviews(world)
    InterviewSlot.objects.update(starts_at=timezone.now() + datetime.timedelta(days=2))
    [message] = scheduling_runs.invite_planned(world.call, world.team)
    assert message.to == [world.candidate.email]
    assert overrides() == []


# The scheduler's timetable, applied -------------------------------------------------------


def _scheduled_run(world):
    """A solved timetable of the world's shortlisted candidates, their round still open."""
    from tests.selection.scheduling_world import WINTER, build_scheduling_world

    sw = build_scheduling_world(world)
    run = scheduling_runs.run_scheduling(
        sw.call, sw.team, scheduling_runs.SchedulingParameters(days=(WINTER,), time_limit=5)
    )
    assert run.status == "optimal"
    return sw, run


def test_a_timetable_is_not_applied_while_the_round_is_open(world, settings):
    settings.COHORTE_SOLVER_WORKERS = 1
    sw, run = _scheduled_run(world)
    before = state()
    with pytest.raises(scheduling_runs.SchedulingError) as error:
        scheduling_runs.apply_run(run, sw.team)
    assert str(error.value) == (
        "Impossible de planifier une audition ou envoyer une convocation : l'appel est encore "
        f"ouvert aux dépôts jusqu'au {format_moment(sw.call.closes_at)} : les dossiers peuvent "
        f"encore changer. {HINT}"
    )
    with pytest.raises(scheduling_runs.SchedulingError, match="^Seule la direction du programme"):
        scheduling_runs.apply_run(run, sw.team, exception="Jury avancé.")
    assert state() == before
    run.refresh_from_db()
    assert run.applied_at is None


def test_a_timetable_applied_early_on_the_directors_exception(world, settings):
    settings.COHORTE_SOLVER_WORKERS = 1
    sw, run = _scheduled_run(world)
    plan = scheduling_runs.apply_run(run, sw.director, exception="Jury avancé d'une semaine.")
    assert (len(plan.create), len(plan.move)) == (3, 1)
    [entry] = overrides()
    assert (entry.subject, entry.actor) == (sw.call, sw.director)
    assert (entry.data["step"], entry.data["reason"]) == (
        "convocations",
        "Jury avancé d'une semaine.",
    )
    assert entry.data["missing"] == [
        f"l'appel est encore ouvert aux dépôts jusqu'au {format_moment(sw.call.closes_at)} : "
        "les dossiers peuvent encore changer"
    ]
    assert ActivityLog.objects.filter(action="scheduling.applied").count() == 1
