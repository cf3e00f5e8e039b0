"""/manage/retention/: the policy form and the purge dry run."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.incidents.models import Incident, Status
from amparo.reports.models import Report
from amparo.retention.models import LegalHold, OrgRetention

pytestmark = pytest.mark.django_db


def closed_incident(org, days_ago: int, reports: int = 1) -> Incident:
    at = timezone.now() - timedelta(days=days_ago + 1)
    incident = Incident.objects.create(organization=org, status=Status.CLOSED, first_report_at=at, last_report_at=at,
                                       closed_at=timezone.now() - timedelta(days=days_ago), report_count=reports)
    for i in range(reports):
        Report.objects.create(organization=org, channel="sms", provider_id=f"SMret{incident.pk}-{i}", body="x",
                              received_at=at, incident=incident)
    return incident


def test_it_saves_days_and_mode_through_set_retention(admin_client, admin_user, north):
    r = admin_client.post("/manage/retention/", {"days": "30", "mode": "coarsen"})
    assert r.status_code == 302 and r["Location"] == "/manage/retention/"
    policy = OrgRetention.objects.get(organization=north)
    assert (policy.days, policy.mode) == (30, "coarsen")
    assert AuditEntry.objects.filter(object_type="retention", action="change", actor=admin_user).exists()


def test_it_refuses_zero_days(admin_client, north):
    r = admin_client.post("/manage/retention/", {"days": "0", "mode": "purge"})
    assert r.status_code == 200 and r.context["form"].errors
    assert not OrgRetention.objects.filter(organization=north, days=0).exists()


@pytest.mark.parametrize("extra_due", [0, 5])
def test_it_lists_what_the_next_purge_would_remove_without_removing_it(admin_client, admin_user, north, extra_due,
                                                                        django_assert_max_num_queries):
    due = closed_incident(north, 100, reports=2)
    more = [closed_incident(north, 200).pk for _ in range(extra_due)]
    held = closed_incident(north, 100)
    closed_incident(north, 10)
    LegalHold.objects.create(organization=north, incident=held, reason="case", set_by=admin_user)
    # Constant: the plan is three queries whatever the number of incidents.
    with django_assert_max_num_queries(16):
        r = admin_client.get("/manage/retention/")
    html = r.content.decode()
    assert sorted(r.context["plan"].incidents) == sorted([due.pk, *more])
    assert r.context["plan"].reports == 2 + extra_due
    assert f'href="/console/incidents/{due.pk}/"' in html and f'href="/console/incidents/{held.pk}/"' in html
    assert "1 incident kept by a legal hold" in html
    assert html.count("<form") == html.count('id="retention-form"') + 1  # the policy form and Log out: no purge form
    assert [r.body for r in Report.objects.filter(incident=due)] == ["x", "x"]  # nothing was removed


def test_it_shows_the_retention_link_in_the_manage_nav(admin_client, north):
    html = admin_client.get("/manage/").content.decode()
    for link in ("/manage/retention/", "/messaging/canned/", "/messaging/whatsapp-templates/", "/audit/"):
        assert f'href="{link}"' in html


@pytest.mark.parametrize("persona", ["dispatcher", "responder"])
def test_it_refuses_non_admins(client, request, north, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get("/manage/retention/").status_code == 403
    assert client.post("/manage/retention/", {"days": "1", "mode": "purge"}).status_code == 403


def test_it_shows_an_outsider_admin_only_their_own_organization(south_client, south, north):
    closed_incident(north, 100)
    r = south_client.get("/manage/retention/")
    assert r.status_code == 200 and r.context["org"] == south and r.context["plan"].incidents == []
    south_client.post("/manage/retention/", {"days": "5", "mode": "purge"})
    assert not OrgRetention.objects.filter(organization=north, days=5).exists()


def test_it_sends_anonymous_visitors_to_log_in(client, north):
    r = client.get("/manage/retention/")
    assert r.status_code == 302 and "/login/" in r["Location"]
