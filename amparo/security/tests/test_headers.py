"""A strict CSP on every page, templates that keep it workable, and a clean `check --deploy`."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.http import HttpResponse
from django.urls import path

from amparo.security.csp import allow_map_tiles, tile_origin

ROOT = Path(__file__).resolve().parents[3]
REQUIRED = ("default-src 'self'", "script-src 'self'", "style-src 'self'", "img-src 'self' data:",
            "frame-ancestors 'none'", "form-action 'self'", "base-uri 'none'", "object-src 'none'")


def assert_strict(response) -> None:  # type: ignore[no-untyped-def]
    policy = response["Content-Security-Policy"]
    for directive in REQUIRED:
        assert directive in policy, policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy and "https:;" not in policy


@pytest.mark.parametrize("path", ["/report/north/", "/accounts/login/", "/report/"])
def test_it_sends_a_strict_policy_to_everyone(client, north, path):
    r = client.get(path)
    assert r.status_code in (200, 302)
    assert_strict(r)
    assert r["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("path", ["/home/account/", "/accounts/2fa/", "/manage/"])
def test_it_sends_a_strict_policy_to_members(client, admin_user, path):
    client.force_login(admin_user)
    r = client.get(path)
    assert r.status_code == 200
    assert_strict(r)


def test_it_adds_only_the_members_tile_host_on_map_pages(rf, dispatcher, north, south):
    north.map_tile_url = "https://tiles.north.example/{z}/{x}/{y}.png"
    north.save(update_fields=["map_tile_url"])
    south.map_tile_url = "https://tiles.south.example/{z}/{x}/{y}.png"
    south.save(update_fields=["map_tile_url"])
    request = rf.get("/console/")
    request.user = dispatcher
    response = allow_map_tiles(lambda request: HttpResponse("map"))(request)
    assert response._csp_update == {"img-src": ["https://tiles.north.example"]}


def test_it_puts_the_tile_host_in_the_header(client, dispatcher, north, settings):
    north.map_tile_url = "https://{s}.tile.example.org/{z}/{x}/{y}.png"
    north.save(update_fields=["map_tile_url"])
    client.force_login(dispatcher)
    settings.ROOT_URLCONF = __name__
    r = client.get("/map/")
    policy = r["Content-Security-Policy"]
    assert "img-src 'self' data: https://*.tile.example.org" in policy
    assert "unsafe-inline" not in policy


urlpatterns = [path("map/", allow_map_tiles(lambda request: HttpResponse("map")))]


@pytest.mark.parametrize("url,origin", [
    ("https://tile.openstreetmap.org/{z}/{x}/{y}.png", "https://tile.openstreetmap.org"),
    ("https://{s}.tiles.example:8443/{z}/{x}/{y}.png", "https://*.tiles.example:8443"),
    ("http://tile.example/{z}/{x}/{y}.png", None),
    ("https://evil.example; script-src *", None),
    ("https://a b/", None),
    ("https://user@host.example/x", None),
    ("", None),
])
def test_it_reads_only_plain_https_tile_hosts(url, origin):
    assert tile_origin(url) == origin


INLINE = [
    (re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=[\"']application/json[\"'])[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> element"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I), "inline event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_no_template_needs_unsafe_inline():
    """The CSP forbids inline scripts and styles: none may come back in a template."""
    problems = []
    # The dossier's PDF summary is rendered by WeasyPrint into a file, never served to a browser:
    # its stylesheet sits inside it (the PDF has no other file to load, its URL fetcher refuses all).
    never_served = {ROOT / "amparo" / "legal" / "templates" / "legal" / "dossier" / "summary.html"}
    templates = [p for p in (ROOT / "amparo").rglob("*.html") if "templates" in p.parts and p not in never_served]
    assert len(templates) > 10
    for template in templates:
        text = template.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                problems.append(f"{template.relative_to(ROOT)}:{line}: {what}")
    assert not problems, "\n".join(problems)


def test_the_scan_finds_what_it_looks_for():
    bad = '<script>alert(1)</script><p style="x"><a onclick="y"><style>p{}</style>'
    good = '<script src="/static/x.js" defer></script><script type="application/json" id="d">{}</script>'
    assert {what for pattern, what in INLINE if pattern.search(bad)} >= {
        "inline <script>", "style= attribute", "inline event handler", "<style> element"}
    assert not [what for pattern, what in INLINE if pattern.search(good)]


def test_check_deploy_is_clean_in_production(tmp_path):
    env = {k: v for k, v in os.environ.items()
           # DJANGO_ALLOW_ASYNC_UNSAFE is set by the browser tests of this session: not a deployment's.
           if not k.startswith(("AMPARO_", "SECRET_KEY", "DEBUG", "SECURE_", "DATABASE_URL", "REDIS_URL", "DJANGO_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="amparo.settings",
        AMPARO_ENV="production",
        AMPARO_DATA_DIR=str(tmp_path),
        SECRET_KEY="pr0d-" + Fernet.generate_key().decode() + "-Zq9x7Lp2mN4vB8",
        AMPARO_MASTER_KEYS=Fernet.generate_key().decode(),
        AMPARO_PUBLIC_URL="https://hotline.example.org",
        ALLOWED_HOSTS="hotline.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "DEBUG"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_production_turns_on_hsts_and_secure_cookies(tmp_path):
    code = ("import django; django.setup(); from django.conf import settings as s; "
            "print(s.SECURE_HSTS_SECONDS, s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_HSTS_PRELOAD, "
            "s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT, s.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN)")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("AMPARO_", "SECRET_KEY", "DEBUG", "SECURE_", "DJANGO_"))}
    env.update(DJANGO_SETTINGS_MODULE="amparo.settings", AMPARO_ENV="production", AMPARO_DATA_DIR=str(tmp_path),
               SECRET_KEY="s" * 60, AMPARO_MASTER_KEYS=Fernet.generate_key().decode(),
               AMPARO_PUBLIC_URL="https://hotline.example.org", ALLOWED_HOSTS="hotline.example.org")
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["31536000", "True", "True", "True", "True", "True", "False"]
