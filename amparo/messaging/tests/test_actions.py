"""send_to_reporter, the send task and the sweeper, through the console transport."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from amparo.audit.models import AuditEntry
from amparo.incidents.models import IncidentEvent
from amparo.intake.pipeline import ingest_report
from amparo.messaging.actions import CannotMessage, send_to_reporter
from amparo.messaging.delivery import MAX_ATTEMPTS, deliver
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.tasks import sweep_queued
from amparo.messaging.transports import SendResult, TransientSendError
from amparo.orgs.models import HotlineNumber
from amparo.public.actions import report_extra
from amparo.reports.models import OptOut, Sender

from .conftest import ALICE, BOB, inbound


def test_it_queues_then_sends_through_the_console_transport(incident, report, dispatcher,
                                                            django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        msg = send_to_reporter(incident, report, "  Where exactly? Cross streets please.  ", by=dispatcher)
    stored = OutboundMessage.objects.get(pk=msg.pk)
    assert stored.status == MessageStatus.QUEUED and stored.provider_id == ""
    assert stored.body == "Where exactly? Cross streets please."
    assert stored.to_number == ALICE and stored.to_hash == report.caller_hash
    assert stored.from_number == "+12135550100"  # the hotline, never the dispatcher
    assert stored.sent_by == dispatcher and stored.channel == "sms" and stored.kind == "reply"
    assert len(callbacks) == 1
    callbacks[0]()  # commit happened: Huey (immediate in tests) runs send_outbound
    stored.refresh_from_db()
    assert stored.status == MessageStatus.CONSOLE
    assert stored.provider_id.startswith("CONSOLE-")
    event = IncidentEvent.objects.get(incident=incident, kind="message_sent")
    assert event.data == {"message": msg.pk} and event.actor == dispatcher  # no content in the timeline
    assert AuditEntry.objects.filter(action="contact", object_type="report", object_id=str(report.pk)).exists()


def test_it_refuses_a_number_that_opted_out(incident, report, dispatcher):
    OptOut.objects.create(organization=incident.organization, sender=Sender.HOTLINE, caller_hash=report.caller_hash)
    with pytest.raises(CannotMessage, match="STOP"):
        send_to_reporter(incident, report, "Where?", by=dispatcher)
    assert not OutboundMessage.objects.exists()
    assert not IncidentEvent.objects.filter(kind="message_sent").exists()


def _web_report(org, may_text: bool):  # type: ignore[no-untyped-def]
    data = {"what": "raid", "when": "now", "callback": BOB, "may_text": may_text, "landmark": "Grand Park"}
    return ingest_report(org=org, channel="web", provider_id=f"web:{may_text}", from_number=BOB,
                         body="Agents at Grand Park", extra=report_extra(data)).report


def test_it_refuses_a_web_report_without_consent_to_text(north, dispatcher):
    report = _web_report(north, may_text=False)
    with pytest.raises(CannotMessage, match="safe to text"):
        send_to_reporter(report.incident, report, "Hello", by=dispatcher)
    assert not OutboundMessage.objects.exists()


def test_it_texts_a_web_reporter_who_consented(north, dispatcher, django_capture_on_commit_callbacks):
    report = _web_report(north, may_text=True)
    with django_capture_on_commit_callbacks(execute=True):
        msg = send_to_reporter(report.incident, report, "Hello", by=dispatcher)
    msg.refresh_from_db()
    assert msg.status == MessageStatus.CONSOLE and msg.from_number == "+12135550100"


def test_it_refuses_a_report_of_another_incident_and_empty_or_long_texts(north, incident, report, dispatcher):
    other = inbound(north, "ICE at 9th and Main near the school", sender=BOB)
    assert other.incident_id != incident.pk
    with pytest.raises(CannotMessage):
        send_to_reporter(incident, other, "Where?", by=dispatcher)
    with pytest.raises(CannotMessage):
        send_to_reporter(incident, report, "   ", by=dispatcher)
    with pytest.raises(CannotMessage):
        send_to_reporter(incident, report, "x" * 1601, by=dispatcher)
    send_to_reporter(incident, report, "x" * 1600, by=dispatcher)


def test_it_answers_whatsapp_on_whatsapp_within_24_hours_only(north, dispatcher, django_capture_on_commit_callbacks):
    HotlineNumber.objects.filter(organization=north).update(whatsapp=True)
    report = inbound(north, "ICE at 5th and Broadway", channel="whatsapp")
    assert report.channel == "whatsapp" and report.hotline is not None
    with django_capture_on_commit_callbacks(execute=True):
        msg = send_to_reporter(report.incident, report, "Where exactly?", by=dispatcher)
    assert msg.channel == "whatsapp"
    type(report).objects.filter(pk=report.pk).update(received_at=timezone.now() - timedelta(hours=25))
    report.refresh_from_db()
    with pytest.raises(CannotMessage, match="24 hours"):
        send_to_reporter(report.incident, report, "Still there?", by=dispatcher)


def test_the_task_sends_a_message_once(incident, report, dispatcher):
    sent = []

    class Recording:
        name = "recording"

        def send(self, message):  # type: ignore[no-untyped-def]
            sent.append(message.pk)
            return SendResult(f"SM{message.pk:032d}", MessageStatus.SENDING)

    msg = send_to_reporter(incident, report, "Where?", by=dispatcher)  # on_commit not run
    assert deliver(msg.pk, Recording()) == MessageStatus.SENDING
    assert deliver(msg.pk, Recording()) == MessageStatus.SENDING  # the sweeper's late re-enqueue
    assert sent == [msg.pk]


def test_a_transient_failure_requeues_until_attempts_run_out(incident, report, dispatcher):
    class Down:
        name = "down"

        def send(self, message):  # type: ignore[no-untyped-def]
            raise TransientSendError("ConnectionError")

    msg = send_to_reporter(incident, report, "Where?", by=dispatcher)
    for _ in range(MAX_ATTEMPTS - 1):
        with pytest.raises(TransientSendError):
            deliver(msg.pk, Down())
        msg.refresh_from_db()
        assert msg.status == MessageStatus.QUEUED
    assert deliver(msg.pk, Down()) == MessageStatus.FAILED


def test_the_sweeper_reenqueues_stale_queued_messages(incident, report, dispatcher):
    stale = send_to_reporter(incident, report, "Where?", by=dispatcher)  # a crash lost its enqueue
    fresh = send_to_reporter(incident, report, "And a photo?", by=dispatcher)
    expired = send_to_reporter(incident, report, "Old question", by=dispatcher)
    now = timezone.now()
    OutboundMessage.objects.filter(pk=stale.pk).update(created_at=now - timedelta(minutes=3))
    OutboundMessage.objects.filter(pk=expired.pk).update(created_at=now - timedelta(hours=2))
    assert sweep_queued() == [stale.pk]
    statuses = dict(OutboundMessage.objects.values_list("pk", "status"))
    assert statuses[stale.pk] == MessageStatus.CONSOLE
    assert statuses[fresh.pk] == MessageStatus.QUEUED  # its own task is still on the way
    assert statuses[expired.pk] == MessageStatus.FAILED
