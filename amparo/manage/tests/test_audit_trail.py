from __future__ import annotations

import pytest
from django.core import mail

from amparo.audit.log import audit
from amparo.audit.models import AuditAlert, AuditEntry


@pytest.mark.django_db
def test_it_shows_admins_the_trail_filtered_and_paginated(client, north, south, admin_user, dispatcher, outsider,
                                                          django_assert_max_num_queries):
    audit(north.pk, action="read", object_type="report", object_ids=range(1, 80), actor=dispatcher)
    audit(north.pk, action="change", object_type="incident", object_ids=[7], actor=admin_user, reason="legal hold set")
    audit(south.pk, action="read", object_type="report", object_ids=[999_999], actor=outsider)
    client.force_login(admin_user)
    with django_assert_max_num_queries(15):
        page = client.get("/audit/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "legal hold set" in body and "999999" not in body and "Page 1 of 2" in body
    filtered = client.get("/audit/", {"actor": dispatcher.pk, "type": "report", "page": 2}).content.decode()
    assert "report 1<" in filtered or "report 1 " in filtered or ">report 1<" in filtered or "report 1\n" in filtered
    assert "legal hold set" not in filtered
    client.force_login(dispatcher)
    assert client.get("/audit/").status_code == 403
    client.force_login(outsider)
    assert "legal hold set" not in client.get("/audit/").content.decode()


@pytest.mark.django_db
def test_it_raises_one_alert_and_emails_admins_on_a_bulk_read(settings, north, admin_user, dispatcher, client):
    settings.AMPARO_AUDIT_BULK_READS = 10
    audit(north.pk, action="read", object_type="report", object_ids=range(8), actor=dispatcher)
    assert not AuditAlert.objects.exists()
    audit(north.pk, action="read", object_type="report", object_ids=range(8, 12), actor=dispatcher)
    audit(north.pk, action="read", object_type="report", object_ids=range(12, 30), actor=dispatcher)
    alert = AuditAlert.objects.get()
    assert alert.actor == dispatcher and alert.organization == north
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [admin_user.email]
    client.force_login(admin_user)
    assert "Bulk read" in client.get("/audit/").content.decode()
    client.post(f"/audit/alerts/{alert.pk}/acknowledge")
    assert "Bulk read" not in client.get("/audit/").content.decode()
    alert.refresh_from_db()
    assert alert.acknowledged_by == admin_user and alert.acknowledged_at is not None
    assert AuditEntry.objects.filter(actor=admin_user, action="acknowledge", object_type="audit_alert",
                                     object_id=str(alert.pk)).count() == 1
    client.post(f"/audit/alerts/{alert.pk}/acknowledge")  # twice: nothing more
    assert AuditEntry.objects.filter(action="acknowledge").count() == 1


@pytest.mark.django_db
def test_an_outsider_cannot_acknowledge_another_networks_alert(client, north, outsider):
    alert = AuditAlert.objects.create(organization=north, count=300)
    client.force_login(outsider)
    assert client.post(f"/audit/alerts/{alert.pk}/acknowledge").status_code in (403, 404)
    alert.refresh_from_db()
    assert alert.acknowledged_at is None


@pytest.mark.django_db
def test_it_audits_the_console_incident_page_and_the_evidence(client, north, dispatcher):
    from django.utils import timezone

    from amparo.incidents.models import Incident
    from amparo.reports.models import Report

    now = timezone.now()
    incident = Incident.objects.create(organization=north, first_report_at=now, last_report_at=now)
    report = Report.objects.create(organization=north, channel="sms", provider_id="SMaud", body="x",
                                   received_at=now, incident=incident)
    client.force_login(dispatcher)
    client.get(f"/console/incidents/{incident.pk}/")
    assert AuditEntry.objects.filter(actor=dispatcher, action="read", object_type="report",
                                     object_id=str(report.pk)).exists()
