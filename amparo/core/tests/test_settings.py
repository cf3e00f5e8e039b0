"""Production refuses to start with development defaults."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet

ROOT = Path(__file__).resolve().parents[3]
GOOD = {
    "AMPARO_ENV": "production",
    "SECRET_KEY": "x" * 50,
    "AMPARO_MASTER_KEYS": Fernet.generate_key().decode(),
    "AMPARO_PUBLIC_URL": "https://hotline.example.org",
    "ALLOWED_HOSTS": "hotline.example.org",
}


def load_settings(tmp_path, **env):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMPARO_", "SECRET_KEY", "DEBUG"))}
    environment.update(AMPARO_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="amparo.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup(); from django.conf import settings; print(settings.PRODUCTION)"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60,
    )


def test_it_starts_in_production_with_real_secrets(tmp_path):
    result = load_settings(tmp_path, **GOOD)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"


@pytest.mark.parametrize("change,message", [
    ({"SECRET_KEY": ""}, "SECRET_KEY"),
    ({"SECRET_KEY": "dev-insecure-secret-key-do-not-use-in-production"}, "SECRET_KEY"),
    ({"AMPARO_MASTER_KEYS": ""}, "AMPARO_MASTER_KEYS"),
    ({"AMPARO_MASTER_KEYS": "not-a-key"}, "AMPARO_MASTER_KEYS"),
    ({"TWILIO_AUTH_TOKEN": "dev-twilio-auth-token-0000000000"}, "TWILIO_AUTH_TOKEN"),
    ({"AMPARO_PUBLIC_URL": "http://hotline.example.org"}, "AMPARO_PUBLIC_URL"),
    ({"DEBUG": "true"}, "DEBUG"),
    ({"AMPARO_ENV": "staging"}, "AMPARO_ENV"),
])
def test_it_refuses_development_defaults_in_production(tmp_path, change, message):
    result = load_settings(tmp_path, **{**GOOD, **change})
    assert result.returncode != 0
    assert message in result.stderr


def test_it_reads_secrets_from_files(tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("y" * 60)
    env = {**GOOD, "SECRET_KEY": "", "SECRET_KEY_FILE": str(secret)}
    assert load_settings(tmp_path, **env).returncode == 0


def test_it_names_a_bad_boolean(tmp_path):
    result = load_settings(tmp_path, DEBUG="maybe")
    assert result.returncode != 0 and "DEBUG" in result.stderr


def test_sqlite_runs_in_wal_mode_with_full_sync(tmp_path):
    code = (
        "import django; django.setup(); from django.db import connection; c = connection.cursor();"
        "print(c.execute('PRAGMA journal_mode').fetchone()[0], c.execute('PRAGMA synchronous').fetchone()[0])"
    )
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL",)}
    environment.update(AMPARO_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="amparo.settings")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["wal", "2"]  # synchronous=FULL is 2


def test_it_refuses_several_web_processes_without_redis(tmp_path):
    result = load_settings(tmp_path, **{**GOOD, "WEB_CONCURRENCY": "3", "REDIS_URL": ""})
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr and "WEB_CONCURRENCY=3" in result.stderr
    assert load_settings(tmp_path, **{**GOOD, "WEB_CONCURRENCY": "3", "REDIS_URL": "redis://127.0.0.1:6379/9"}
                         ).returncode == 0


def test_gunicorn_refuses_several_processes_without_redis(tmp_path):
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("AMPARO_", "REDIS_URL", "WEB_"))}
    environment.update(AMPARO_DATA_DIR=str(tmp_path), WEB_CONCURRENCY="2", AMPARO_BIND="127.0.0.1:0")
    result = subprocess.run([sys.executable, "-m", "gunicorn", "-c", "deploy/gunicorn.conf.py", "amparo.wsgi"],
                            cwd=ROOT, env=environment, capture_output=True, text=True, timeout=60)
    assert result.returncode == 3
    assert "without REDIS_URL" in result.stderr


def test_make_prod_check_passes_with_real_secrets_and_fails_on_a_weak_key(tmp_path):
    import secrets

    def prod_check(**env: str) -> subprocess.CompletedProcess[str]:
        # (pytest-playwright sets DJANGO_ALLOW_ASYNC_UNSAFE for the browser tests; production never has it)
        environment = {k: v for k, v in os.environ.items()
                       if not k.startswith(("AMPARO_", "SECRET_KEY", "DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"))}
        environment.update(AMPARO_DATA_DIR=str(tmp_path), **{**GOOD, **env})
        return subprocess.run(["make", "--no-print-directory", "prod-check"], cwd=ROOT, env=environment,
                              capture_output=True, text=True, timeout=120)

    good = prod_check(SECRET_KEY=secrets.token_urlsafe(64))
    assert good.returncode == 0, good.stdout + good.stderr
    weak = prod_check(SECRET_KEY="ab" * 25)  # long enough for the settings, too few distinct characters for Django
    assert weak.returncode != 0 and "security.W009" in weak.stdout + weak.stderr
    default = prod_check(SECRET_KEY="dev-insecure-secret-key-do-not-use-in-production")
    assert default.returncode != 0 and "SECRET_KEY" in default.stderr
