from __future__ import annotations

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.incidents.models import Incident, Status
from amparo.reports.media import store_bytes
from amparo.reports.models import Report, ReportMedia
from amparo.retention.actions import plan_purge, purge_org, set_legal_hold, set_retention
from amparo.retention.models import ProviderDeletion, PurgedIncident
from amparo.retention.provider import delete_inbound_message


def _closed_incident(org, days_ago, sid):  # type: ignore[no-untyped-def]
    now = timezone.now()
    closed = now - timedelta(days=days_ago)
    incident = Incident.objects.create(organization=org, first_report_at=closed, last_report_at=closed,
                                       report_count=1, caller_count=1, status=Status.CLOSED, closed_at=closed,
                                       zip="90012")
    report = Report.objects.create(organization=org, channel="sms", provider_id=sid, body="ICE at Main and 5th",
                                   caller_number="+13235550142", caller_hash="abc", received_at=closed,
                                   incident=incident, zip="90012")
    media = ReportMedia.objects.create(organization=org, report=report)
    store_bytes(media, b"\xff\xd8\xff photo", "image/jpeg")
    media.refresh_from_db()
    return incident, report, media


@pytest.mark.django_db(transaction=True)
def test_it_purges_closed_incidents_after_the_period_keeping_the_facts(north, admin_user):
    set_retention(north, days=30, mode="purge", by=admin_user)
    old, report, media = _closed_incident(north, 40, "SMold")
    recent, recent_report, _ = _closed_incident(north, 5, "SMrecent")
    held, held_report, _ = _closed_incident(north, 40, "SMheld")
    set_legal_hold(held, by=admin_user, reason="subpoena challenge, case 24-1")

    out = StringIO()
    call_command("purge", "--org", "north", "--dry-run", stdout=out)
    assert "would purge 1 incidents, 1 reports, 1 media" in out.getvalue() and "1 held" in out.getvalue()
    assert Report.objects.get(pk=report.pk).body == "ICE at Main and 5th"  # a dry run removes nothing

    purge_org(north)
    r = Report.objects.get(pk=report.pk)
    assert (r.body, r.caller_number, r.caller_hash) == ("", None, "")
    assert r.zip == "90012" and r.incident_id == old.pk  # the verified facts stay
    assert Incident.objects.get(pk=old.pk).report_count == 1
    assert not ReportMedia.objects.filter(pk=media.pk).exists()
    assert not storages["default"].exists(media.stored_name)
    assert Report.objects.get(pk=recent_report.pk).body == "ICE at Main and 5th"
    assert Report.objects.get(pk=held_report.pk).caller_number == "+13235550142"
    assert PurgedIncident.objects.filter(incident=old).exists()
    assert AuditEntry.objects.filter(object_type="incident", object_id=str(held.pk), reason="legal hold set").exists()
    assert plan_purge(north).incidents == []  # nothing twice


@pytest.mark.django_db
def test_it_lets_only_an_admin_set_a_hold_and_outsiders_get_404(client, north, admin_user, dispatcher, outsider):
    incident, _, _ = _closed_incident(north, 1, "SMhold")
    client.force_login(dispatcher)
    assert client.post(f"/retention/incidents/{incident.pk}/hold", {"reason": "x"}).status_code == 403
    client.force_login(outsider)
    assert client.post(f"/retention/incidents/{incident.pk}/hold", {"reason": "x"}).status_code == 404
    client.force_login(admin_user)
    assert client.post(f"/retention/incidents/{incident.pk}/hold", {"reason": "court order"}).status_code == 302
    assert incident.legal_holds.filter(released_at__isnull=True).count() == 1


@pytest.fixture
def fake_twilio(settings):  # type: ignore[no-untyped-def]
    seen: list[tuple[str, str]] = []

    class Handler(BaseHTTPRequestHandler):
        def do_DELETE(self):  # type: ignore[no-untyped-def]
            seen.append(("DELETE", self.path))
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):  # type: ignore[no-untyped-def]
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True).start()
    settings.TWILIO_API_BASE = f"http://127.0.0.1:{server.server_port}"
    settings.TWILIO_ACCOUNT_SID = "AC" + "0" * 32
    yield seen
    server.shutdown()


@pytest.mark.django_db
def test_it_deletes_the_message_at_twilio_once_stored(north, fake_twilio):
    _, report, media = _closed_incident(north, 1, "SM" + "1" * 32)
    pending = ReportMedia.objects.create(organization=north, report=report)
    assert delete_inbound_message(report.pk) == "waiting"  # a photo still to fetch from Twilio
    pending.delete()
    assert delete_inbound_message(report.pk) == "deleted"
    assert fake_twilio == [("DELETE", f"/2010-04-01/Accounts/AC{'0' * 32}/Messages/SM{'1' * 32}.json")]
    assert ProviderDeletion.objects.filter(report=report).exists()
    assert delete_inbound_message(report.pk) == "deleted" and len(fake_twilio) == 1
