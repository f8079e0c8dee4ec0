"""Défi jury panels, and the JSON command-line tools run as subprocesses."""

import json
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest

from cohorte.selection.core.generate import STANDARD_WINDOWS, generate_scheduling_instance
from cohorte.selection.core.jury import (
    DefiAudition,
    Juror,
    JuryInstance,
    JurySolution,
    check_jury,
    solve_jury,
)
from cohorte.selection.core.scheduling_instance import Day

ROOT = Path(__file__).resolve().parents[3]
TEXTBOOK = {
    "positions": [
        {"defi": "M", "profile": "dev", "capacity": 2, "jury": ["D", "L", "S", "J"]},
        {"defi": "C", "profile": "dev", "capacity": 2, "jury": ["D", "A", "S", "L", "J"]},
        {"defi": "G", "profile": "dev", "capacity": 2, "jury": ["D", "J", "L"]},
    ],
    "candidates": [
        {"id": "A", "choices": [["C", "dev"]]},
        {"id": "S", "choices": [["C", "dev"], ["M", "dev"]]},
        {"id": "D", "choices": [["C", "dev"], ["M", "dev"], ["G", "dev"]]},
        {"id": "J", "choices": [["C", "dev"], ["G", "dev"], ["M", "dev"]]},
        {"id": "L", "choices": [["M", "dev"], ["C", "dev"], ["G", "dev"]]},
    ],
}


def balanced_jury(**changes) -> JuryInstance:
    """16 jurors of 4 categories, 4 défis; juror J0 and défis D0, D1 are from the same house."""
    categories = ("administration", "tech", "alumni", "expert")
    jurors = tuple(
        Juror(f"J{k}", categories[k % 4], "dinum" if k == 0 else None) for k in range(16)
    )
    defis = tuple(DefiAudition(f"D{k}", "dinum" if k < 2 else f"org{k}") for k in range(4))
    instance = JuryInstance(
        jurors=jurors, defis=defis, n_panels=2, days=(Day("day1", STANDARD_WINDOWS),)
    )
    return replace(instance, **changes)


def test_jury_panels_are_balanced_and_free_of_conflicts():
    instance = balanced_jury()
    solution = solve_jury(instance, num_workers=1, time_limit=5)
    assert solution.status == "optimal"
    assert solution.imbalance == 0
    assert check_jury(instance, solution) == []
    for panel in solution.panels:
        assert dict(panel.categories) == {"administration": 2, "alumni": 2, "expert": 2, "tech": 2}
        if "J0" in panel.members:
            assert set(panel.defis) == {"D2", "D3"}
    assert solution.schedule is not None and solution.schedule.status == "optimal"
    assert len(solution.schedule.timetable) == 4
    assert solution.schedule.metrics.panel_idle_minutes == 0
    again = JurySolution.from_dict(solution.to_dict())
    assert again.panels == solution.panels
    assert again.schedule.timetable == solution.schedule.timetable
    assert JuryInstance.from_dict(instance.to_dict()) == instance


def test_jury_infeasible_sizes_are_explained():
    solution = solve_jury(balanced_jury(n_panels=3), num_workers=1)
    assert solution.status == "infeasible"
    assert solution.message == "4 défis cannot be split into 3 panels of 2-3 défis"


def test_jury_that_must_seat_every_juror_names_who_to_leave_out():
    # One panel can hold all 16 jurors, so all must sit; J0 is from the house of D0 and D1,
    # which that single panel auditions: enough jurors are free of conflict, yet none fits.
    instance = balanced_jury(n_panels=1, panel_size=(5, 16), defis_per_panel=(2, 4))
    solution = solve_jury(instance, num_workers=1, time_limit=4, schedule=False)
    assert solution.status == "infeasible"
    assert solution.left_out == ("J0",)
    assert solution.message == (
        "every juror of the pool must sit, but no composition seats them all: "
        "leave out J0 or add a panel"
    )
    assert JurySolution.from_dict(solution.to_dict()).left_out == ("J0",)
    fixed = solve_jury(replace(instance, n_panels=2), num_workers=1, time_limit=4, schedule=False)
    assert fixed.status == "optimal"


def run(module: str, *args: str, stdin: str = "") -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", f"cohorte.selection.core.{module}", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=False,
    )


def test_matching_cli_round_trip():
    result = run("matching", stdin=json.dumps(TEXTBOOK))
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assignment = {row["candidate"]: row["defi"] for row in solution["assignment"]}
    assert assignment == {"A": "C", "S": "M", "D": "C", "J": "G", "L": "M"}
    assert solution["status"] == "optimal"
    assert solution["blocking_pairs"] == []
    assert solution["explanations"][1]["reasons"][0]["code"] == "filled_by_higher_ranked"


def test_matching_cli_reads_a_path_and_modes(tmp_path):
    path = tmp_path / "instance.json"
    path.write_text(json.dumps(TEXTBOOK), encoding="utf-8")
    result = run("matching", str(path), "--mode", "optimal", "--workers", "1")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["mode"] == "optimal"


@pytest.mark.parametrize(
    ("stdin", "message"),
    [
        ("{not json", "is not valid JSON"),
        ('{"positions": []}', "instance.candidates: missing"),
        (
            '{"positions": [], "candidates": [{"id": "a", "choices": [["X", "dev"]]}]}',
            "choice 1 X/dev is not a position",
        ),
    ],
)
def test_matching_cli_rejects_malformed_input(stdin, message):
    result = run("matching", stdin=stdin)
    assert result.returncode == 2
    assert message in result.stderr
    assert result.stdout == ""


def test_scheduling_cli_round_trip_and_errors():
    instance = generate_scheduling_instance(12, 2, 2, n_defis=3, n_locks=1, seed=4)
    result = run(
        "scheduling", "--time-limit", "3", "--workers", "1", stdin=json.dumps(instance.to_dict())
    )
    assert result.returncode == 0, result.stderr
    solution = json.loads(result.stdout)
    assert solution["status"] in ("optimal", "feasible")
    assert len(solution["timetable"]) == 12
    bad = instance.to_dict()
    bad["interviews"][0]["defi"] = "nope"
    result = run("scheduling", stdin=json.dumps(bad))
    assert result.returncode == 2
    assert "unknown défi 'nope'" in result.stderr


def test_scheduling_cli_reports_infeasibility_with_exit_code_1():
    instance = generate_scheduling_instance(4, 1, 1, n_defis=1, n_locks=0, seed=1).to_dict()
    instance["days"][0]["windows"] = [["09:00", "10:00"]]  # two slots for four interviews
    result = run("scheduling", stdin=json.dumps(instance))
    assert result.returncode == 1
    report = json.loads(result.stdout)
    assert report["status"] == "infeasible"
    assert report["conflicts"]


def test_jury_cli_round_trip():
    result = run("jury", "--workers", "1", stdin=json.dumps(balanced_jury().to_dict()))
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)["panels"]) == 2
