"""Production settings: what the server refuses to start with, and `check --deploy`.

Each case starts a fresh interpreter, because settings are read once at import.
"""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _production_env(**overrides: str) -> dict[str, str]:
    # Nothing of the test run leaks in (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "NUM_PROXIES", "SECURE_HSTS_PRELOAD"}
        and not key.startswith("DJANGO_")
    }
    env.update(
        OPENCALL_ENV="production",
        SECRET_KEY=secrets.token_urlsafe(50),
        EMAIL_HOST="mail.example.org",
        ALLOWED_HOSTS="opencall.example.org",
        DJANGO_SETTINGS_MODULE="opencall.settings",
    )
    env.update(overrides)
    return env


def _manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_in_production_settings_has_no_warning():
    result = _manage("check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_has_no_warning_behind_a_proxy_with_preload():
    result = _manage(
        "check", "--deploy", "--fail-level", "WARNING", NUM_PROXIES="1", SECURE_HSTS_PRELOAD="true"
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_production_refuses_to_start_with_debug_on():
    result = _manage("check", DEBUG="true")
    assert result.returncode != 0
    assert "DEBUG must be off when OPENCALL_ENV=production" in result.stderr


@pytest.mark.parametrize(
    ("key", "why"),
    [
        ("insecure-local-development-key-never-used-in-production", "well-known"),
        ("short-but-random-" + "x" * 20, "at least 50 characters"),
        ("ab" * 40, "at least 5 different characters"),
        ("django-insecure-" + "k3y" * 20, "well-known"),
        ("changeme", "well-known"),
    ],
)
def test_production_refuses_a_weak_or_well_known_secret_key(key, why):
    result = _manage("check", SECRET_KEY=key)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY" in result.stderr
    assert why in result.stderr


def test_the_example_key_of_the_deploy_guide_is_refused():
    guide = (ROOT / "docs" / "deploy.md").read_text()
    example = next(
        line.split("SECRET_KEY=", 1)[1].strip()
        for line in guide.splitlines()
        if line.startswith("SECRET_KEY=")
    )
    result = _manage("check", SECRET_KEY=example)
    assert result.returncode != 0
    assert "well-known" in result.stderr


def _settings_value(name: str, **env: str) -> str:
    code = (
        "import django; django.setup(); from django.conf import settings; "
        f"print(repr(getattr(settings, {name!r}, None)))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=_production_env(**env),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_x_forwarded_proto_is_trusted_only_behind_a_configured_proxy():
    assert _settings_value("SECURE_PROXY_SSL_HEADER") == "None"
    assert _settings_value("SECURE_PROXY_SSL_HEADER", NUM_PROXIES="1") == (
        "('HTTP_X_FORWARDED_PROTO', 'https')"
    )


def test_hsts_covers_subdomains_and_preload_is_the_operators_choice():
    assert _settings_value("SECURE_HSTS_INCLUDE_SUBDOMAINS") == "True"
    assert _settings_value("SECURE_HSTS_PRELOAD") == "False"
    assert _settings_value("SECURE_HSTS_PRELOAD", SECURE_HSTS_PRELOAD="true") == "True"
