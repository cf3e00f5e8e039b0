"""The thread: inbound and outbound by time, escaped, numbers hidden, bounded queries."""

from __future__ import annotations

import re

from django.template.loader import render_to_string
from django.test import RequestFactory

from amparo.audit.models import AuditEntry
from amparo.messaging.actions import record_status, send_to_reporter
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.thread import thread_for
from amparo.reports.models import OptOut, Sender

from .conftest import ALICE, BOB, inbound

XSS_IN = "<script>alert('in')</script> at 5th and Broadway"
XSS_OUT = '<img src=x onerror="alert(1)"> where?'


def render(incident, user) -> str:  # type: ignore[no-untyped-def]
    request = RequestFactory().get("/console/")
    request.user = user
    return render_to_string("messaging/thread.html", {"incident": incident}, request=request)


def test_it_merges_reports_and_texts_by_time(north, incident, report, dispatcher):
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    inbound(north, "they took two people")
    items = thread_for(incident)
    assert [(i.direction, i.body) for i in items] == [
        ("in", report.body), ("out", "Where exactly?"), ("in", "they took two people")]
    assert items[1].status == MessageStatus.QUEUED and items[1].sent_by == dispatcher.email


def test_it_escapes_reporter_and_dispatcher_text(north, dispatcher):
    report = inbound(north, XSS_IN)
    send_to_reporter(report.incident, report, XSS_OUT, by=dispatcher)
    html = render(report.incident, dispatcher)
    assert "<script>alert" not in html and "alert(&#x27;in&#x27;)" not in html  # its text is shown once, above it
    assert "<img src=x" not in html and "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in html
    # No inline script: only the static file, for a strict Content-Security-Policy.
    assert re.findall(r"<script[^>]*>", html) == [re.search(r'<script src="[^"]+/messaging/canned\.js" defer>', html)[0]]
    assert "style=" not in html


def test_it_shows_reporters_by_number_with_two_digits_only(north, incident, report, dispatcher):
    inbound(north, "I see them too", sender=BOB)
    bob = inbound(north, "still there", sender=BOB)
    bob.incident = incident
    bob.save(update_fields=["incident"])
    html = render(incident, dispatcher)
    assert ALICE not in html and BOB not in html and ALICE[2:] not in html
    # Named by their first report and language, as the Reports list names reports (issue 15, item 7).
    assert f"Reporter of {report.ref} (…42) · English" in html and f"Reporter of {bob.ref} (…77) · English" in html
    assert '<option value="">Choose who to text</option>' in html  # two reporters: no silent default
    assert f'value="{bob.pk}"' in html  # a reply goes out on the reporter's latest report


def test_it_shows_each_texts_status(incident, report, dispatcher):
    msg = send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    OutboundMessage.objects.filter(pk=msg.pk).update(provider_id="SM1", status=MessageStatus.SENDING)
    record_status(msg, "undelivered", status="undelivered", event_key="SM1:undelivered", error_code="30003")
    html = render(incident, dispatcher)
    assert "Not delivered (30003)" in html
    assert AuditEntry.objects.filter(object_type="outbound_message", object_id=str(msg.pk), actor=dispatcher).exists()


def test_it_offers_canned_replies_in_the_reporters_language(north, dispatcher):
    north.languages = ["en", "es"]
    north.save(update_fields=["languages"])
    report = inbound(north, "Hay migra en la 5 y Broadway ahorita, se estan llevando gente")
    assert report.language == "es"
    html = render(report.incident, dispatcher)
    assert '<optgroup label="es">' in html and '<optgroup label="en">' in html
    assert html.index('<optgroup label="es">') < html.index('<optgroup label="en">')
    assert 'name="action" value="canned"' in html and 'data-fills="reply-text"' in html


def test_the_reply_form_is_for_dispatchers_and_textable_reporters(north, incident, report, dispatcher, legal):
    assert "<textarea" not in render(incident, legal)
    assert 'name="text"' in render(incident, dispatcher)
    OptOut.objects.create(organization=north, sender=Sender.HOTLINE, caller_hash=report.caller_hash)
    html = render(incident, dispatcher)
    assert "<textarea" not in html and "None of these reporters can be texted" in html


def test_the_thread_costs_the_same_queries_for_many_messages(north, incident, report, dispatcher,
                                                              django_assert_max_num_queries):
    render(incident, dispatcher)
    with django_assert_max_num_queries(7) as small:
        render(incident, dispatcher)
    for i in range(6):
        sender = f"+1323555{i:04d}"
        extra = inbound(north, f"report {i}", sender=sender)
        extra.incident = incident
        extra.save(update_fields=["incident"])
        send_to_reporter(incident, extra, f"question {i}", by=dispatcher)
    with django_assert_max_num_queries(len(small.captured_queries) + 1):  # + the audit of the texts read
        html = render(incident, dispatcher)
    assert "question 5" in html and f"Reporter of {extra.ref}" in html


def test_the_console_incident_page_includes_the_thread(dispatcher_client, incident, report, dispatcher):
    send_to_reporter(incident, report, "Where exactly?", by=dispatcher)
    html = dispatcher_client.get(f"/console/incidents/{incident.pk}/").content.decode()
    assert "Where exactly?" in html and f'action="/messaging/incidents/{incident.pk}/reply"' in html


def test_each_report_is_shown_once_and_a_lone_reporter_is_chosen(north, incident, report, dispatcher):
    html = render(incident, dispatcher)
    # The incident page shows the report's text in its Reports list: the thread points to it.
    assert report.body not in html and f'href="#report-{report.pk}"' in html
    assert f"Report {report.ref}, shown above" in html
    assert "Choose who to text" not in html  # one reporter: the only choice is already made
