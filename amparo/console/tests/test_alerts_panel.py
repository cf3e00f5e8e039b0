"""The incident page's "Alert subscribers" panel: shown when the verdict allows, the audience per language,
the exact texts with their segments, send / approve / cancel, progress; dispatchers and admins only."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from amparo.alerts.batches import send_batch
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import Alert, AlertBatch, AlertStatus
from amparo.alerts.tests.fanout_helpers import CountingTransport, alerts_on, decided, subscribe
from amparo.incidents.models import Status
from amparo.verification.tests.conftest import make_incident
from conftest import make_member

pytestmark = pytest.mark.django_db


@pytest.fixture
def signed_in(client, dispatcher):  # type: ignore[no-untyped-def]
    client.force_login(dispatcher)
    return client


def test_no_panel_without_a_verdict(north, signed_in):
    alerts_on(north)
    incident = make_incident(north)
    page = signed_in.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "Alert subscribers" not in page


def test_the_panel_shows_the_audience_the_texts_and_sends(north, dispatcher, signed_in):
    alerts_on(north)
    subscribe(north, "+12135550301", language="es")
    subscribe(north, "+12135550302", language="en")
    incident = decided(north, Status.CONFIRMED, by=dispatcher)
    page = signed_in.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "Alert subscribers" in page and "2 subscribers in this area." in page
    assert "No vaya a la zona." in page and "Do not go to the area." in page
    assert "SMS segment" in page and 'id="alert-compose"' in page
    r = signed_in.post(f"/console/incidents/{incident.pk}/alert/compose")
    assert r.status_code == 302
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.SENDING and alert.created_by == dispatcher
    plan_alert(alert.pk)
    send_batch(AlertBatch.objects.get().pk, CountingTransport())
    panel = signed_in.get(f"/console/incidents/{incident.pk}/alert/").content.decode()
    assert f'id="alert-{alert.pk}-sent">2<' in panel


def test_a_waiting_alert_shows_what_it_sends_and_no_second_alert_to_write(north, dispatcher, signed_in):  # type: ignore[no-untyped-def]
    """The approver reads the waiting alert's own texts, by language name; the preview and its button,
    which read as one more alert to write, are gone while an alert of the verdict waits, sends or was sent."""
    alerts_on(north, approval_threshold=1)
    subscribe(north, "+12135550301", language="es")
    subscribe(north, "+12135550302", language="en")
    incident = decided(north, Status.CONFIRMED, by=dispatcher)
    page = signed_in.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "New alert" in page and ">Spanish · 1 subscriber · " in page.replace("\n", "")
    signed_in.post(f"/console/incidents/{incident.pk}/alert/compose")
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.AWAITING_APPROVAL
    panel = signed_in.get(f"/console/incidents/{incident.pk}/alert/").content.decode()
    assert "New alert" not in panel and 'id="alert-compose"' not in panel and 'id="alert-text-es"' not in panel
    assert f'<p class="muted">Spanish</p><blockquote class="report-body" lang="es">{alert.texts["es"]}' in panel
    Alert.objects.filter(pk=alert.pk).update(status=AlertStatus.SENT)
    panel = signed_in.get(f"/console/incidents/{incident.pk}/alert/").content.decode()
    assert "New alert" not in panel and alert.texts["es"] not in panel  # sent: its progress, not its texts


def test_a_second_dispatcher_approves_and_anyone_cancels(north, dispatcher, client):
    alerts_on(north, approval_threshold=1)
    subscribe(north, "+12135550301")
    subscribe(north, "+12135550302")
    incident = decided(north, Status.FALSE_ALARM, by=dispatcher)
    client.force_login(dispatcher)
    client.post(f"/console/incidents/{incident.pk}/alert/compose")
    alert = Alert.objects.get()
    assert alert.status == AlertStatus.AWAITING_APPROVAL
    page = client.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert f'id="alert-approve-{alert.pk}"' not in page  # the author is not offered the button
    client.post(f"/console/incidents/{incident.pk}/alert/approve", {"alert": alert.pk})
    assert Alert.objects.get().status == AlertStatus.AWAITING_APPROVAL
    client.force_login(make_member(north, "second@north.test", "dispatcher"))
    assert f'id="alert-approve-{alert.pk}"' in client.get(f"/console/incidents/{incident.pk}/").content.decode()
    client.post(f"/console/incidents/{incident.pk}/alert/approve", {"alert": alert.pk})
    assert Alert.objects.get().status == AlertStatus.SENDING
    client.post(f"/console/incidents/{incident.pk}/alert/cancel", {"alert": alert.pk, "reason": ""})
    assert Alert.objects.get().status == AlertStatus.SENDING  # a reason is required
    client.post(f"/console/incidents/{incident.pk}/alert/cancel", {"alert": alert.pk, "reason": "wrong area"})
    assert Alert.objects.get().status == AlertStatus.CANCELLED


def test_another_networks_alert_is_not_found(north, south, dispatcher, outsider, client):
    alerts_on(north)
    subscribe(north, "+12135550301")
    incident = decided(north, Status.CONFIRMED, by=dispatcher)
    client.force_login(dispatcher)
    client.post(f"/console/incidents/{incident.pk}/alert/compose")
    alert = Alert.objects.get()
    client.force_login(outsider)
    assert client.post(f"/console/incidents/{incident.pk}/alert/cancel",
                       {"alert": alert.pk, "reason": "x"}).status_code == 404
    other = make_incident(south)  # their own incident, north's alert id
    assert client.post(f"/console/incidents/{other.pk}/alert/cancel",
                       {"alert": alert.pk, "reason": "x"}).status_code == 302
    assert Alert.objects.get().status == AlertStatus.SENDING


def test_the_panel_runs_a_bounded_number_of_queries(north, dispatcher, signed_in):
    alerts_on(north)
    for i in range(3):
        subscribe(north, f"+1213555{i:04d}")
    incident = decided(north, Status.CONFIRMED, by=dispatcher)
    signed_in.post(f"/console/incidents/{incident.pk}/alert/compose")
    with CaptureQueriesContext(connection) as few:
        signed_in.get(f"/console/incidents/{incident.pk}/alert/")
    for i in range(3, 30):
        subscribe(north, f"+1213555{i:04d}", language="es")
    with CaptureQueriesContext(connection) as many:
        signed_in.get(f"/console/incidents/{incident.pk}/alert/")
    assert len(many) == len(few)
