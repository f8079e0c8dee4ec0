"""manage.py import_site: JSON report, readable summary, dry run, exit code 2."""

import json
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from cohorte.challenges.models import Challenge
from cohorte.content.importers import NotASite, import_site
from cohorte.content.importers.report import KINDS
from cohorte.people.models import Person
from cohorte.programmes.models import Cohort

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


def run(*args) -> str:
    """Call the command; return what it printed on stdout."""
    out = StringIO()
    call_command("import_site", *map(str, args), stdout=out)
    return out.getvalue()


def test_json_report_is_one_object_with_the_three_counts(jekyll_site):
    report = json.loads(run(jekyll_site, "--report", "json"))
    assert set(report) == {"format", "created", "updated", "unchanged", "warnings"}
    assert report["format"] == "jekyll"
    for state in ("created", "updated", "unchanged"):
        assert list(report[state]) == list(KINDS)
    assert (report["created"]["challenges"], report["created"]["people"]) == (71, 268)
    assert report["created"]["posts"] == 66
    assert report["warnings"][0] == {
        "file": "_data/nav-en.yml",
        "reason": "site navigation menu, not content: not imported",
    }
    second = json.loads(run(jekyll_site, "--report", "json"))
    assert sum(second["created"].values()) == sum(second["updated"].values()) == 0
    assert second["unchanged"]["challenges"] == 71


def test_summary_is_readable(hugo_site):
    summary = run(hugo_site)
    assert summary.startswith("Import du site hugo / hugo site import:")
    assert "défis / challenges                 22         0          0" in summary
    assert "50 avertissement(s) / warning(s)" in summary
    assert "  blog/_index.md: section index (title of the list page): nothing to import" in summary


def test_dry_run_leaves_the_database_empty(hugo_site):
    report = json.loads(run(hugo_site, "--dry-run", "--report", "json"))
    assert report["created"]["challenges"] == 22
    assert Challenge.objects.count() == Person.objects.count() == Cohort.objects.count() == 0


@pytest.mark.parametrize("layout", ["missing", "empty", "other"])
def test_a_folder_that_is_not_a_site_exits_with_code_2(tmp_path, layout):
    path = tmp_path / "folder"
    if layout != "missing":
        path.mkdir()
    if layout == "other":
        (path / "notes.txt").write_text("rien", encoding="utf-8")
        (path / "blog").mkdir()  # a blog alone is not one of the programme's sites
    with pytest.raises(CommandError) as raised:
        run(path)
    assert raised.value.returncode == 2
    assert "not a site this command knows" in str(raised.value)
    with pytest.raises(NotASite):
        import_site(path)
    assert Cohort.objects.count() == 0


def test_the_process_exit_code_is_2_with_a_message_on_stderr(tmp_path):
    env = {**os.environ, "COHORTE_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": ""}
    env.pop("DJANGO_SETTINGS_MODULE")
    result = subprocess.run(
        [sys.executable, "manage.py", "import_site", str(tmp_path / "nowhere")],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=60,
    )  # fmt: skip
    assert result.returncode == 2
    assert result.stdout == ""
    assert "nowhere: not a site this command knows" in result.stderr
