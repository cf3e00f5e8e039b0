"""Tenant scoping is a rule that fails, not a habit (issue 9, item 6).

Every pk lookup of an organization-owned model in a view, action, access or API module
carries an organization filter or a scoped parent, or is allowlisted with a reason in
tenant_scoping_allowlist.txt. The checker is tenant_scoping.py (next to this file).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from tenant_scoping import (
    ALLOWLIST,
    ROOT,
    Finding,
    check_file,
    check_tree,
    load_allowlist,
    org_owned_models,
    view_modules,
)

FIXTURES = Path(__file__).with_name("fixtures")


@pytest.fixture(scope="module")
def findings() -> list[Finding]:
    return check_tree()


def test_every_pk_lookup_is_scoped_or_allowlisted(findings):
    allowed = load_allowlist()
    unexplained = [str(f) for f in findings if (f.path, f.function) not in allowed]
    assert not unexplained, (
        "Scope these queries to the organization (organization=org, or a parent loaded scoped), "
        f"or add `path:function  # reason` to {ALLOWLIST.relative_to(ROOT)}:\n" + "\n".join(unexplained))


def test_every_allowlist_entry_matches_a_finding_and_says_why(findings):
    entries = load_allowlist()
    found = {(f.path, f.function) for f in findings}
    stale = [f"{path}:{function}" for path, function in entries if (path, function) not in found]
    assert not stale, "these allowlist entries match no finding any more; remove them:\n" + "\n".join(stale)
    assert all(entries.values()), "every allowlist entry needs a reason after #"


def test_it_reads_views_actions_access_and_api_modules_only():
    read = {p.relative_to(ROOT).as_posix() for p in view_modules()}
    assert {"amparo/api/api.py", "amparo/accounts/access.py", "amparo/messaging/access.py",
            "amparo/console/views/incident.py", "amparo/manage/views/members.py",
            "amparo/verification/views_phone.py", "amparo/voice/staff_views.py",
            "amparo/incidents/actions.py"} <= read
    assert not [p for p in read if "/tests/" in p or "/migrations/" in p]
    assert "amparo/incidents/models.py" not in read


def test_it_finds_the_organization_owned_models_by_introspection():
    owned = org_owned_models()
    assert {"Organization", "Incident", "Report", "ReportMedia", "Offer", "Membership"} <= set(owned)
    assert "MessageStatusEvent" in owned  # through its required message, which has the organization
    assert "User" not in owned


def test_a_planted_violation_fails():
    found = check_file(FIXTURES / "scoping_violation.py")
    assert {(f.function, f.model) for f in found} == {
        ("incident_detail", "Incident"), ("report_detail", "Report"),
        ("reports_by_ids", "Report"), ("note_by_raw_parent_id", "IncidentNote")}
    assert str(found[0]) == (f"tests/security/fixtures/scoping_violation.py:{found[0].line}: "
                             "Incident looked up by pk without an organization filter")


def test_the_scoped_version_passes():
    assert check_file(FIXTURES / "scoping_ok.py") == []
