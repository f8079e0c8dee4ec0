"""Production settings pass Django's deployment checks; bad ones fail loudly."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# The settings are read by subprocesses that inherit DATABASE_URL: they are checked against
# each database's address, in each lane of CI.
pytestmark = pytest.mark.every_database


def manage(*args, **env):
    environment = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DEBUG", "SECRET_KEY", "SITE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_reports_nothing_with_production_settings(tmp_path):
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        DEBUG="0",
        SECRET_KEY="x" * 20 + "production-secret-key-of-sufficient-length-and-entropy-9f3k2",
        ALLOWED_HOSTS="cohorte.example.org",
        SITE_URL="https://cohorte.example.org",
        COHORTE_VAR_DIR=str(tmp_path),
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_without_secret_key_refuses_to_start(tmp_path):
    result = manage("check", DEBUG="0", COHORTE_VAR_DIR=str(tmp_path))
    assert result.returncode != 0
    assert "SECRET_KEY must be set when DEBUG is off." in result.stderr


PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x" * 20 + "production-secret-key-of-sufficient-length-and-entropy-9f3k2",
    "ALLOWED_HOSTS": "cohorte.example.org",
}


def test_production_without_site_url_refuses_to_start(tmp_path):
    result = manage("check", COHORTE_VAR_DIR=str(tmp_path), **PRODUCTION)
    assert result.returncode != 0
    assert "SITE_URL must be set when DEBUG is off" in result.stderr


def test_check_deploy_warns_of_a_site_address_in_plain_http_or_not_served(tmp_path):
    result = manage(
        "check",
        "--deploy",
        SITE_URL="http://autre.example.org",
        COHORTE_VAR_DIR=str(tmp_path),
        **PRODUCTION,
    )
    assert "(cohorte.W001) SITE_URL « http://autre.example.org » n'est pas en https" in (
        result.stderr + result.stdout
    )
    assert "(cohorte.W002) SITE_URL nomme « autre.example.org »" in result.stderr + result.stdout


def test_make_run_derives_the_site_address_from_host_and_port(tmp_path):
    result = manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        HOST="0.0.0.0",
        PORT="9000",
        COHORTE_VAR_DIR=str(tmp_path),
    )
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:9000", result.stderr
