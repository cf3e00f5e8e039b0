"""`make test`'s dependency audit: pip-audit over requirements.txt.

A known vulnerability fails the build. An advisory service that cannot be
reached (no network, or a package index that is a mirror without PyPI's JSON
API) must not: the audit is then SKIPPED with a loud notice, because "no
answer" is not "no vulnerability".

    python -m amparo.security.audit_deps [requirements.txt] [cache dir]
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

OK, VULNERABLE = 0, 1
BANNER = "!" * 72


def judge(report: dict[str, Any] | None) -> tuple[int, str]:
    """The exit code and what to print, from pip-audit's JSON report (None: no report)."""
    if report is None:
        return OK, _loud("pip-audit could not reach its advisory service: the dependency audit is SKIPPED")
    deps = report.get("dependencies", [])
    vulnerable = [d for d in deps if d.get("vulns")]
    if vulnerable:
        lines = ["KNOWN VULNERABILITIES in pinned dependencies:"]
        for d in vulnerable:
            for v in d["vulns"]:
                fixes = ", ".join(v.get("fix_versions") or []) or "none yet"
                lines.append(f"  {d['name']} {d.get('version', '?')}: {v.get('id')} (fixed in: {fixes})")
        return VULNERABLE, "\n".join(lines)
    skipped = [d for d in deps if d.get("skip_reason")]
    if deps and len(skipped) == len(deps):
        return OK, _loud(
            f"pip-audit audited none of {len(deps)} dependencies (advisory service unreachable or "
            f"the index has no vulnerability data): the dependency audit is SKIPPED"
        )
    if skipped:
        names = ", ".join(d["name"] for d in skipped)
        return OK, _loud(f"pip-audit could not audit: {names}") + f"\n{len(deps) - len(skipped)} audited, none vulnerable"
    return OK, f"pip-audit: {len(deps)} dependencies audited, no known vulnerabilities"


def _loud(message: str) -> str:
    return f"\n{BANNER}\n!! {message}\n{BANNER}\n"


def run(requirements: Path, cache_dir: Path) -> int:
    if importlib.util.find_spec("pip_audit") is None:
        print("pip-audit is not installed: run `make venv` (requirements-dev.txt)", file=sys.stderr)
        return 2
    cache_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "audit.json"
        # --no-deps --disable-pip: every runtime dependency is pinned; nothing is
        # installed to resolve them. Transitive dependencies are not audited.
        cmd = [sys.executable, "-m", "pip_audit", "-r", str(requirements), "--no-deps", "--disable-pip",
               "--cache-dir", str(cache_dir), "--progress-spinner", "off", "-f", "json", "-o", str(out)]
        try:
            proc = subprocess.run(cmd, capture_output=True, text=True, timeout=600)  # noqa: S603 (our argv)
        except (OSError, subprocess.TimeoutExpired) as exc:
            print(_loud(f"pip-audit did not run ({exc}): the dependency audit is SKIPPED"))
            return OK
        report = None
        if out.exists() and out.stat().st_size:
            try:
                report = json.loads(out.read_text())
            except ValueError:
                report = None
        if report is None and proc.stderr:
            print(proc.stderr.strip().splitlines()[-1], file=sys.stderr)
    code, message = judge(report)
    print(message)
    return code


def main(argv: list[str]) -> int:
    root = Path(__file__).resolve().parents[2]
    requirements = Path(argv[0]) if argv else root / "requirements.txt"
    cache_dir = Path(argv[1]) if len(argv) > 1 else root / "var" / "pip-audit-cache"
    return run(requirements, cache_dir)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
