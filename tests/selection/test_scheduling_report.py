"""Each conflict code of the scheduler in French, naming people, défis and panels."""

import pytest

from cohorte.selection.models import SolverRun
from cohorte.selection.scheduling_report import Labels, conflict_report, conflict_sentence
from cohorte.selection.scheduling_runs import SchedulingParameters, scheduling_inputs
from tests.factories import InterviewSlotFactory
from tests.selection.scheduling_world import WINTER, at, build_scheduling_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(world):
    sw = build_scheduling_world(world)
    InterviewSlotFactory(
        panel=sw.other_panel,
        application=sw.zola,
        challenge=sw.other_challenge,
        starts_at=at(WINTER, 8),
        locked=True,
    )
    instance = scheduling_inputs(sw.call, SchedulingParameters(days=(WINTER,))).instance
    refs = {
        "A": f"p{sw.panel.pk}",
        "B": f"p{sw.other_panel.pk}",
        "chosen": f"d{sw.challenge.pk}",
        "mentor": f"u{sw.mentor.pk}",
        "juror": f"u{sw.juror.pk}",
        "arnaud": f"a{sw.arnaud.pk}-d{sw.challenge.pk}",
        "zola": f"a{sw.zola.pk}-d{sw.other_challenge.pk}",
        "zola_person": f"a{sw.zola.pk}",
    }
    return sw, instance.to_dict(), refs


MENTOR = "{mentor} (mentor du défi « Défi choisi »)"
CASES = [
    (
        "defi_without_panel",
        ["chosen"],
        "Le défi « Défi choisi » n'a aucun jury pour ses auditions.",
    ),
    (
        "interview_too_long",
        ["arnaud"],
        "L'audition de Alex Arnaud (défi « Défi choisi ») ne tient dans aucune plage horaire.",
    ),
    (
        "no_available_slot",
        ["arnaud"],
        "L'audition de Alex Arnaud (défi « Défi choisi ») n'a aucun créneau possible dans les "
        "plages horaires.",
    ),
    (
        "lock_outside_windows",
        ["zola"],
        "L'audition verrouillée de Alex Zola (défi « Autre défi ») le 12 mars 2031 à 8 h 00 est "
        "hors des plages horaires (pendant une pause ou hors horaires).",
    ),
    (
        "lock_panel_not_allowed",
        ["zola", "A"],
        "L'audition verrouillée de Alex Zola (défi « Autre défi ») est confiée au jury « Jury A », "
        "qui n'examine pas ce défi.",
    ),
    (
        "lock_in_unavailability",
        ["zola", "zola_person"],
        "L'audition verrouillée de Alex Zola (défi « Autre défi ») le 12 mars 2031 à 8 h 00 tombe "
        "pendant une indisponibilité de Alex Zola (candidat·e).",
    ),
    (
        "lock",
        ["zola"],
        "Le verrouillage de l'audition de Alex Zola (défi « Autre défi ») le 12 mars 2031 à 8 h 00 "
        "devant le jury « Jury B ».",
    ),
    ("unavailability", ["mentor"], "Les indisponibilités de " + MENTOR + "."),
    ("panel_capacity", ["A"], "Le jury « Jury A » ne tient qu'une audition à la fois."),
    (
        "person_overlap",
        ["juror"],
        "{juror} (membre du jury « Jury A ») ne peut pas assister à deux auditions à la fois.",
    ),
    (
        "time_windows",
        ["2031-03-12"],
        "Les jours d'audition (12 mars 2031) et leurs plages horaires.",
    ),
]


@pytest.mark.parametrize(("code", "subjects", "expected"), CASES, ids=[c[0] for c in CASES])
def test_each_conflict_reads_in_french(case, code, subjects, expected):
    sw, instance, refs = case
    conflict = {"code": code, "message": "", "subjects": [refs.get(s, s) for s in subjects]}
    names = {"mentor": sw.mentor.get_full_name(), "juror": sw.juror.get_full_name()}
    assert conflict_sentence(conflict, instance, Labels(instance)) == expected.format(**names)


def test_overloads_keep_their_figures(case):
    sw, instance, refs = case
    labels = Labels(instance)
    person = {
        "code": "person_overloaded",
        "message": "u1 (mentor of d1) must attend 300 min of interviews but is available 240 min",
        "subjects": [refs["mentor"]],
    }
    assert conflict_sentence(person, instance, labels) == (
        f"{sw.mentor.get_full_name()} (mentor du défi « Défi choisi ») doit assister à 300 min "
        "d'auditions mais n'est disponible que 240 min."
    )
    panels = {
        "code": "panels_overloaded",
        "message": "interviews on panels p1, p2 need 600 min but these panels have 420 min",
        "subjects": [refs["A"], refs["B"]],
    }
    assert conflict_sentence(panels, instance, labels) == (
        "Les auditions des jurys « Jury A », « Jury B » demandent 600 min mais ces jurys n'ont "
        "que 420 min disponibles."
    )


def test_unknown_status_and_undiagnosed_infeasibility(case):
    sw, instance, _refs = case
    unknown = SolverRun(instance=instance, solution={"status": "unknown"}, status="unknown")
    assert conflict_report(unknown)["intro"].startswith("Aucun planning trouvé dans le temps")
    bare = SolverRun(instance=instance, solution={"status": "infeasible", "conflicts": []})
    assert "pas eu le temps d'isoler" in conflict_report(bare)["intro"]
