"""Configuration comes from the environment and refuses unsafe or malformed values at start-up."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRINT_SETTINGS = (
    "import django; django.setup(); from django.conf import settings as s; "
    "print(s.DEBUG, s.DATABASES['default']['ENGINE'], s.CELERY_TASK_ALWAYS_EAGER, "
    "s.LANGUAGE_CODE, s.TIME_ZONE, s.USE_TZ, s.ALLOWED_HOSTS)"
)


def start(**env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    return subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=ROOT,
        env={**clean, "DJANGO_SETTINGS_MODULE": "tracker.settings", **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_secret_key_is_required_when_debug_is_off():
    result = start()
    assert result.returncode != 0
    assert (
        "DJANGO_SECRET_KEY (or DJANGO_SECRET_KEY_FILE) must be set when DJANGO_DEBUG is off" in result.stderr
    )


def test_secret_key_can_come_from_a_file(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("from-a-file\n")
    assert (
        start(DJANGO_SECRET_KEY_FILE=str(secret), DJANGO_ALLOWED_HOSTS="plans.example.gov.cn").returncode == 0
    )


def test_embedded_defaults_sqlite_and_eager_celery_in_chinese():
    result = start(DJANGO_DEBUG="true")
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[:6] == [
        "True",
        "django.db.backends.sqlite3",
        "True",
        "zh-hans",
        "Asia/Shanghai",
        "True",
    ]


def test_database_and_broker_from_the_environment():
    result = start(
        DJANGO_SECRET_KEY="s",
        DATABASE_URL="postgres://u@db:5432/plans",
        CELERY_BROKER_URL="redis://redis:6379/0",
        DJANGO_ALLOWED_HOSTS="a.example,b.example",
    )
    assert result.returncode == 0, result.stderr
    assert "django.db.backends.postgresql False" in result.stdout
    assert "['a.example', 'b.example']" in result.stdout


@pytest.mark.parametrize("value", ["maybe", "2"])
def test_a_malformed_boolean_stops_start_up(value):
    result = start(DJANGO_DEBUG=value)
    assert result.returncode != 0
    assert f"DJANGO_DEBUG must be one of true/false/1/0/yes/no, not '{value}'" in result.stderr
