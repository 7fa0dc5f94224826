"""Deployment settings from the environment, CSP, API caching and tokens after a password change
(defect 11)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.api.conftest import client_for

ROOT = Path(__file__).resolve().parent.parent.parent
PRODUCTION = {
    "DJANGO_SECRET_KEY": "k" * 20 + "Qw9#xZ2!mN7@pL4$vB8%cR1^tY6&uI3*oE5",
    "DJANGO_ALLOWED_HOSTS": "plan.example.cn",
    "DJANGO_SECURE_HSTS_SECONDS": "31536000",
    "DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "DJANGO_SECURE_HSTS_PRELOAD": "true",
    "DJANGO_SECURE_SSL_REDIRECT": "true",
}


def test_check_deploy_passes_with_the_documented_environment():
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "CELERY_"))}
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env={**clean, **PRODUCTION},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_pages_carry_a_strict_content_security_policy(client, world):
    client.force_login(world.office)
    policy = client.get("/admin/")["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["object-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    docs = client.get("/api/docs/")
    assert "Content-Security-Policy" in docs
    assert b"<script>" not in docs.content  # the docs' script is a file of its own (?script)
    assert client.get("/api/docs/?script").status_code == 200


def test_api_answers_are_never_cached(api, world):
    for path in ("/api/v1/plans/", f"/api/v1/plans/{world.plan.pk}/", "/api/v1/nowhere/"):
        assert api("office").get(path)["Cache-Control"] == "private, no-store"


def test_a_password_change_revokes_the_users_tokens(world):
    client = client_for(world.alice)
    other = client_for(world.bob)
    assert client.get("/api/v1/plans/").status_code == 200
    world.alice.set_password("a-new-Passw0rd!")
    world.alice.save()
    assert client.get("/api/v1/plans/").status_code == 401
    assert other.get("/api/v1/plans/").status_code == 200


def test_the_admins_password_form_revokes_them_too(client, world):
    token_client = client_for(world.alice)
    client.force_login(world.admin)
    response = client.post(
        f"/admin/accounts/user/{world.alice.pk}/password/",
        {"password1": "a-new-Passw0rd!", "password2": "a-new-Passw0rd!", "usable_password": "true"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert token_client.get("/api/v1/plans/").status_code == 401
