"""Composing the défi jury from the database: instance, run, French explanations, apply."""

import base64

import pytest
import vobject
from django.utils import timezone
from icalendar import Calendar

from cohorte.audit.models import ActivityLog
from cohorte.notifications.models import OutboxMessage
from cohorte.projects import jury_runs
from cohorte.projects.jury_report import explain_run
from cohorte.projects.jury_runs import (
    JuryError,
    apply_run,
    defi_ref,
    juror_ref,
    jury_inputs,
    organisation_ref,
    run_jury,
)
from cohorte.projects.models import Audition, JuryPoolMember, PanelVerdict, Proposal
from cohorte.selection.core.jury import JuryInstance, JurySolution, check_jury
from cohorte.selection.models import Panel, SolverRun, Unavailability
from tests.factories import InterviewSlotFactory, OrganisationMemberFactory, PanelFactory
from tests.projects.jury_world import DAY, at, build_jury_world, parameters

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _one_worker(settings):
    settings.COHORTE_SOLVER_WORKERS = 1


@pytest.fixture
def jw(project_world):
    return build_jury_world(project_world)


def test_the_instance_reads_defis_jurors_conflicts_and_busy_time(jw):
    OrganisationMemberFactory(organisation=jw.defis[2].organisation, user=jw.pool[5].user)
    Unavailability.objects.create(
        call=jw.call, user=jw.juror, starts_at=at(DAY, 9), ends_at=at(DAY, 10)
    )
    interview_panel = PanelFactory(name="Jury des candidatures")
    interview_panel.members.add(jw.other_juror)
    InterviewSlotFactory(panel=interview_panel, starts_at=at(DAY, 14), duration_minutes=30)
    instance = jury_inputs(jw.call, parameters()).instance
    assert [d.id for d in instance.defis] == sorted(
        (defi_ref(p.pk) for p in jw.defis), key=lambda r: int(r[1:])
    )
    assert len(instance.jurors) == 12
    alice = next(j for j in instance.jurors if j.id == juror_ref(jw.alice.pk))
    assert alice.organisation == organisation_ref(jw.organisation.pk)
    defis = {d.id: d for d in instance.defis}
    assert defis[defi_ref(jw.proposal.pk)].organisation == organisation_ref(jw.organisation.pk)
    assert defis[defi_ref(jw.other_proposal.pk)].conflicts == (juror_ref(jw.bruno.pk),)
    assert defis[defi_ref(jw.defis[2].pk)].conflicts == (juror_ref(jw.pool[5].user_id),)
    busy = {(u.person, u.start, u.end) for u in instance.unavailabilities}
    assert busy == {(juror_ref(jw.juror.pk), 540, 600), (juror_ref(jw.other_juror.pk), 840, 870)}
    assert instance.audition_length == 45
    assert [d.id for d in instance.days] == ["2031-03-12"]


def test_a_run_composes_panels_that_satisfy_every_constraint(jw):
    run = run_jury(jw.call, jw.team, parameters())
    assert run.kind == SolverRun.Kind.JURY
    assert run.status == "optimal"
    instance = JuryInstance.from_dict(run.instance)
    solution = JurySolution.from_dict(run.solution)
    assert check_jury(instance, solution) == []
    assert len(solution.panels) == 2
    assert all(5 <= len(p.members) <= 8 and 2 <= len(p.defis) <= 3 for p in solution.panels)
    assert len(solution.schedule.timetable) == 4
    panel_of = {m: p for p in solution.panels for m in p.members}
    fraud = defi_ref(jw.proposal.pk)
    assert fraud not in panel_of[juror_ref(jw.alice.pk)].defis  # her own ministry's défi
    archives = defi_ref(jw.other_proposal.pk)
    assert archives not in panel_of[juror_ref(jw.bruno.pk)].defis  # declared conflict
    entry = ActivityLog.objects.get(action="defi_jury.run")
    assert entry.data["run_id"] == run.pk and entry.data["status"] == "optimal"
    assert run.parameters["panel_names"] == ["Jury des défis 1", "Jury des défis 2"]


@pytest.mark.parametrize(
    ("changes", "expected"),
    [
        ({"n_panels": 3}, "Trop peu de jurés : 12 juré(s) pour 3 jury(s) d'au moins 5 membres"),
        ({"n_panels": 1}, "Trop de défis : 4 défis pour 1 jury(s) de 3 défis au plus"),
        ({"n_panels": 1, "panel_size": (12, 12), "defis_per_panel": (4, 4)}, "sans conflit"),
    ],
)
def test_an_impossible_jury_is_explained_in_french(jw, changes, expected):
    run = run_jury(jw.call, jw.team, parameters(**changes))
    assert run.status == "infeasible"
    report = explain_run(run)
    assert report["intro"].startswith("Aucun jury n'est possible")
    assert any(expected in item for item in report["items"]), report
    if "sans conflit" in expected:
        item = next(i for i in report["items"] if "sans conflit" in i)
        assert "Détecter les fraudes" in item and "Alice Admin" in item


def test_a_pool_that_must_all_sit_names_that_cause_and_its_fixes(jw):
    # One panel of up to 12 holds the whole pool of 12, so every juror must sit on it; it
    # auditions all four défis, Alice's ministry's and the one Bruno declared a conflict on.
    # Eleven jurors are free of conflict for each défi: conflicts are not the cause.
    run = run_jury(
        jw.call, jw.team, parameters(n_panels=1, panel_size=(5, 12), defis_per_panel=(2, 4))
    )
    assert run.status == "infeasible"
    assert run.solution["left_out"] == [juror_ref(jw.alice.pk), juror_ref(jw.bruno.pk)]
    report = explain_run(run)
    assert report["intro"] == (
        "Tous les jurés du vivier doivent siéger (le jury peut tous les accueillir), mais "
        "aucune composition ne le permet : certains jurés sont en conflit d'intérêts avec des "
        "défis de chaque jury possible. Les jurés sans conflit suffisent ; c'est l'obligation "
        "de faire siéger tout le vivier qui bloque."
    )
    assert "libres de tout conflit" not in report["intro"]
    assert report["items"] == [
        "Laissez hors du jury Alice Admin, Bruno Expert : retirez ces 2 jurés du vivier (page "
        "« Vivier de jurés ») puis relancez la composition.",
        "Ou composez 2 jurys au lieu de 1 : chaque juré pourra siéger dans un jury qui "
        "n'auditionne aucun défi qui le concerne.",
    ]
    assert run_jury(jw.call, jw.team, parameters(n_panels=2)).status == "optimal"


def test_auditions_that_do_not_fit_the_day_are_explained(jw):
    for member in jw.pool:
        Unavailability.objects.create(
            call=jw.call, user=member.user, starts_at=at(DAY, 0), ends_at=at(DAY, 23)
        )
    run = run_jury(jw.call, jw.team, parameters())
    assert run.status == "infeasible"
    report = explain_run(run)
    assert report["intro"].startswith("Les jurys sont composés, mais leurs auditions")
    assert report["items"]
    assert any("Jury des défis" in item or "« " in item for item in report["items"])


def test_bad_parameters_or_nothing_to_compose_are_refused(jw):
    with pytest.raises(JuryError) as error:
        run_jury(jw.call, jw.team, parameters(n_panels=0, panel_size=(6, 5)))
    assert "Composez de 1 à 30 jurys." in error.value.messages
    assert any("membres par jury" in m for m in error.value.messages)
    JuryPoolMember.objects.filter(call=jw.call).delete()
    with pytest.raises(JuryError, match="vivier de jurés est vide"):
        run_jury(jw.call, jw.team, parameters())
    assert not SolverRun.objects.exists()
    assert not ActivityLog.objects.filter(action="defi_jury.run").exists()


def test_apply_creates_the_panels_and_their_auditions(jw):
    run = run_jury(jw.call, jw.team, parameters())
    old = {jw.panel.pk, jw.other_panel.pk}
    plan = apply_run(run, jw.team)
    panels = list(Panel.objects.filter(call=jw.call).order_by("name"))
    assert [p.name for p in panels] == ["Jury des défis 1", "Jury des défis 2"]
    assert {p.pk for p in panels} == old  # the world's two panels are reused
    solution = JurySolution.from_dict(run.solution)
    for panel, core in zip(panels, solution.panels, strict=True):
        assert {juror_ref(m.pk) for m in panel.members.all()} == set(core.members)
        assert {defi_ref(p.pk) for p in panel.proposals.all()} == set(core.defis)
        if panel.referee_id:
            assert panel.members.filter(pk=panel.referee_id).exists()
    auditions = list(Audition.objects.order_by("starts_at", "panel__name"))
    assert len(auditions) == 4 and len(plan.create) == 4
    assert auditions[0].starts_at == at(DAY, 9)
    assert {a.duration_minutes for a in auditions} == {45}
    assert {a.status for a in auditions} == {Audition.Status.PLANNED}
    run.refresh_from_db()
    assert run.applied_at is not None
    assert ActivityLog.objects.filter(action="defi_jury.applied").count() == 1
    assert ActivityLog.objects.filter(action="audition.scheduled").count() == 4
    assert ActivityLog.objects.filter(action="panel.composed").count() == 2
    with pytest.raises(JuryError, match="déjà appliquée"):
        apply_run(run, jw.team)


def test_a_second_run_moves_auditions_and_keeps_locked_panels(jw):
    apply_run(run_jury(jw.call, jw.team, parameters()), jw.team)
    locked = Audition.objects.order_by("starts_at", "pk").first()
    kept_panel = locked.panel
    kept_members = set(kept_panel.members.values_list("pk", flat=True))
    locked.locked = True
    locked.save()
    kept = jury_inputs(jw.call, parameters(n_panels=1)).instance
    assert len(kept.defis) == 2 and len(kept.jurors) == 12 - len(kept_members)
    run = run_jury(jw.call, jw.team, parameters(n_panels=1, panel_size=(5, 6)))
    assert run.status == "optimal", run.solution
    before = (locked.starts_at, locked.panel_id, locked.status)
    apply_run(run, jw.team)
    locked.refresh_from_db()
    assert (locked.starts_at, locked.panel_id, locked.status) == before
    assert set(kept_panel.members.values_list("pk", flat=True)) == kept_members
    names = sorted(Panel.objects.filter(call=jw.call).values_list("name", flat=True))
    assert names == ["Jury des défis 1", "Jury des défis 2"]


def test_apply_is_refused_when_the_data_changed(jw):
    run = run_jury(jw.call, jw.team, parameters())
    JuryPoolMember.objects.filter(user=jw.bruno).delete()
    with pytest.raises(JuryError, match="Les données ont changé depuis ce calcul") as error:
        apply_run(run, jw.team)
    assert "le vivier de jurés" in str(error.value)
    assert not Audition.objects.exists()
    assert not ActivityLog.objects.filter(action="defi_jury.applied").exists()


def test_apply_is_refused_once_a_replaced_panel_gave_verdicts(jw):
    run = run_jury(jw.call, jw.team, parameters())
    PanelVerdict.objects.create(
        panel=jw.panel, proposal=jw.proposal, favourable=True, position=1, justification="Oui"
    )
    with pytest.raises(JuryError, match="Jury des défis A"):
        apply_run(run, jw.team)
    assert not Audition.objects.exists()


def test_apply_refuses_a_timetable_already_past(jw, monkeypatch):
    run = run_jury(jw.call, jw.team, parameters())
    later = timezone.now().replace(year=2032)
    monkeypatch.setattr(jury_runs.timezone, "now", lambda: later)
    with pytest.raises(JuryError, match="déjà passé"):
        apply_run(run, jw.team)
    assert not Audition.objects.exists()


def test_a_session_leaves_the_panels_of_other_sessions_alone(jw):
    from dataclasses import replace

    from cohorte.calls.models import Round
    from cohorte.projects.models import Proposal

    first = jw.call.rounds.get()
    second = Round.objects.create(
        call=jw.call, name="Session 2", opens_at=first.opens_at, closes_at=first.closes_at
    )
    Proposal.objects.filter(pk__in=[p.pk for p in jw.defis]).update(round=second)
    Proposal.objects.filter(pk=jw.other_proposal.pk).update(round=first)
    # Jury B auditioned session 1's défi on the same day, with the world's other_juror.
    Audition.objects.create(panel=jw.other_panel, proposal=jw.other_proposal, starts_at=at(DAY, 9))
    jw.panel.proposals.clear()
    params = parameters(n_panels=1, defis_per_panel=(2, 3))
    params = replace(params, schedule=replace(params.schedule, round_id=second.pk))
    inputs = jury_inputs(jw.call, params)
    assert [p.pk for p in inputs.replaced_panels] == [jw.panel.pk]
    assert juror_ref(jw.other_juror.pk) in {j.id for j in inputs.instance.jurors}
    assert defi_ref(jw.other_proposal.pk) not in {d.id for d in inputs.instance.defis}
    busy = {(u.person, u.start, u.end) for u in inputs.instance.unavailabilities}
    assert (juror_ref(jw.other_juror.pk), 540, 585) in busy
    run = run_jury(jw.call, jw.team, params)
    assert run.status == "optimal", run.solution
    assert run.parameters["panel_names"] == ["Jury des défis 1"]
    apply_run(run, jw.team)
    jw.other_panel.refresh_from_db()
    assert jw.other_panel.name == "Jury des défis B"
    assert list(jw.other_panel.proposals.all()) == [jw.other_proposal]
    assert Audition.objects.get(proposal=jw.other_proposal).panel == jw.other_panel
    assert Panel.objects.get(pk=jw.panel.pk).name == "Jury des défis 1"


def test_a_new_composition_updates_or_cancels_the_convocations_already_sent(jw, settings):
    settings.SITE_URL = "https://cohorte.example"
    apply_run(run_jury(jw.call, jw.team, parameters()), jw.team)
    Audition.objects.update(status=Audition.Status.INVITED)  # every convocation sent
    before = {a.pk: a.starts_at for a in Audition.objects.all()}
    # One défi leaves the shortlist: its audition is removed; the others are recomposed.
    Proposal.objects.filter(pk=jw.defis[3].pk).update(status=Proposal.Status.SUBMITTED)
    run = run_jury(jw.call, jw.team, parameters(n_panels=1, panel_size=(5, 8)))
    assert run.status in ("optimal", "feasible"), run.solution
    plan = apply_run(run, jw.team)
    removed = set(before) - set(Audition.objects.values_list("pk", flat=True))
    moved = {a.pk for a, _index, starts_at in plan.move if starts_at != before[a.pk]}
    assert removed and moved  # the case this test is about
    cancelled = ActivityLog.objects.filter(action="audition.cancellation_sent")
    assert sorted(e.data["audition_id"] for e in cancelled) == sorted(removed)
    for entry in cancelled:
        message = OutboxMessage.objects.get(pk=entry.data["outbox_message_id"])
        content = base64.b64decode(message.attachments[0]["content"])
        event = Calendar.from_ical(content).walk("VEVENT")[0]
        assert str(event["uid"]) == f"audition-defi-{entry.data['audition_id']}@cohorte.example"
        assert vobject.readOne(content.decode()).method.value == "CANCEL"
    updated = ActivityLog.objects.filter(action="audition.update_sent")
    assert sorted(e.data["audition_id"] for e in updated) == sorted(moved)
    for audition in Audition.objects.filter(pk__in=moved):
        assert (audition.status, audition.sequence) == ("invited", 1)
