"""`make test`'s pip-audit step: a vulnerability fails it, an unreachable advisory service does not."""

from __future__ import annotations

from pathlib import Path

from amparo.security import audit_deps
from amparo.security.audit_deps import OK, VULNERABLE, judge

VULNERABLE_REPORT = {
    "dependencies": [
        {"name": "django", "version": "3.2.0", "vulns": [
            {"id": "PYSEC-2021-98", "fix_versions": ["3.2.1"], "aliases": ["CVE-2021-31542"], "description": "..."}]},
        {"name": "twilio", "version": "9.13.0", "vulns": []},
    ],
    "fixes": [],
}


def test_it_fails_on_a_known_vulnerability():
    code, message = judge(VULNERABLE_REPORT)
    assert code == VULNERABLE
    assert "django 3.2.0: PYSEC-2021-98 (fixed in: 3.2.1)" in message


def test_it_passes_a_clean_audit():
    code, message = judge({"dependencies": [{"name": "twilio", "version": "9.13.0", "vulns": []}]})
    assert code == OK and "no known vulnerabilities" in message


def test_it_skips_loudly_when_the_service_is_unreachable():
    code, message = judge(None)
    assert code == OK and "SKIPPED" in message and "!!!!" in message
    nothing_audited = {"dependencies": [{"name": "django", "skip_reason": "Dependency not found on PyPI"}]}
    code, message = judge(nothing_audited)
    assert code == OK and "SKIPPED" in message


def test_it_names_what_it_could_not_audit_beside_a_vulnerability():
    report = {"dependencies": [*VULNERABLE_REPORT["dependencies"], {"name": "h3", "skip_reason": "not found"}]}
    assert judge(report)[0] == VULNERABLE


def test_it_runs_without_the_network(tmp_path, capsys, monkeypatch):
    """Offline (here: every request sent to a closed local port), the real command ends in a loud skip."""
    for name in ("HTTPS_PROXY", "https_proxy", "HTTP_PROXY", "http_proxy"):
        monkeypatch.setenv(name, "http://127.0.0.1:9")
    for name in ("NO_PROXY", "no_proxy"):
        monkeypatch.delenv(name, raising=False)
    requirements = tmp_path / "requirements.txt"
    requirements.write_text("django==5.2.19\n")
    code = audit_deps.run(requirements, tmp_path / "cache")
    out = capsys.readouterr().out
    assert code == OK, out
    assert "SKIPPED" in out


def test_make_test_runs_it():
    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    test_target = makefile.split("\ntest:", 1)[1].split("\n\n", 1)[0]
    assert "amparo.security.audit_deps requirements.txt var/pip-audit-cache" in test_target
