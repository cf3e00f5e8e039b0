"""Router rule 3a: a reply to a dispatcher's text joins that incident, even when it names a place."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from amparo.incidents.actions import close_incident, merge_incidents
from amparo.intake.router import conversation
from amparo.messaging.actions import send_to_reporter
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.reports.models import Route

from .conftest import BOB, inbound


def test_a_reply_with_a_place_after_a_dispatcher_text_joins_the_incident(north, incident, report, dispatcher):
    send_to_reporter(incident, report, "Where exactly? Cross streets?", by=dispatcher)
    answer = inbound(north, "5th and Main, in front of the laundromat")
    assert answer.route == Route.FOLLOWUP
    assert answer.incident_id == incident.pk
    incident.refresh_from_db()
    assert incident.report_count == 2


def test_without_a_dispatcher_text_a_place_makes_a_new_report(north, incident):
    other = inbound(north, "now they are at 9th and Main")
    assert other.route == Route.REPORT and other.incident_id != incident.pk


def test_the_texted_window_is_24_hours(north, incident, report, dispatcher):
    msg = send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    OutboundMessage.objects.filter(pk=msg.pk).update(created_at=timezone.now() - timedelta(hours=25))
    later = inbound(north, "9th and Main")
    assert later.route == Route.REPORT and later.incident_id != incident.pk


def test_a_closed_incident_ends_the_conversation(north, incident, report, dispatcher):
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    close_incident(incident, by=dispatcher)
    later = inbound(north, "9th and Main")
    assert later.route == Route.REPORT and later.incident_id != incident.pk


def test_a_text_that_failed_is_not_a_conversation(north, incident, report, dispatcher):
    msg = send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    OutboundMessage.objects.filter(pk=msg.pk).update(status=MessageStatus.FAILED)
    assert inbound(north, "9th and Main").route == Route.REPORT


def test_a_merged_incident_continues_in_its_target(north, incident, report, dispatcher):
    other = inbound(north, "ICE at 9th and Main near the school", sender=BOB).incident
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    merge_incidents(other, [incident], by=dispatcher)
    answer = inbound(north, "3rd and Hill")
    assert answer.route == Route.FOLLOWUP and answer.incident_id == other.pk


def test_another_number_is_not_in_the_conversation(north, incident, report, dispatcher):
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    assert inbound(north, "5th and Main", sender=BOB).route == Route.REPORT


def test_the_more_recent_of_text_and_report_wins(north, incident, report, dispatcher):
    msg = send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    current = conversation(north, report.caller_hash, timezone.now())
    assert current is not None and current.texted and current.incident == incident
    # Their own report newer than the text: the ordinary rule, placeless replies only.
    OutboundMessage.objects.filter(pk=msg.pk).update(created_at=report.received_at - timedelta(minutes=1))
    current = conversation(north, report.caller_hash, timezone.now())
    assert current is not None and not current.texted
