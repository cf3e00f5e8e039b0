"""The router's order: keyword, then (responder replies), then conversation, then new report."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from amparo.intake.pipeline import ingest_report
from amparo.intake.router import keyword_of
from amparo.reports.models import OptOut, Report, Route, Sender

T0 = datetime(2026, 6, 7, 9, 0, tzinfo=UTC)
_ids = itertools.count()
ALICE = "+13235550101"


def send(org, body, minutes=0, sender=ALICE, **kw):
    return ingest_report(org=org, channel="sms", provider_id=f"SMroute{next(_ids)}", from_number=sender,
                         body=body, received_at=T0 + timedelta(minutes=minutes), **kw)


@pytest.mark.parametrize("body,keyword", [
    ("STOP", "stop"), (" stop ", "stop"), ("Stop.", "stop"), ("unsubscribe", "stop"), ("PARAR", "stop"),
    ("START", "start"), ("unstop", "start"), ("HELP", "help"), ("info", "help"),
    ("stop them!! ICE at 5th and Broadway", ""), ("help me they took my husband", ""), ("AYUDA", ""),
    ("YES", ""), ("SI 42", ""),
])
def test_it_recognizes_keywords_only_as_the_whole_message(body, keyword):
    assert keyword_of(body) == keyword


def test_keywords_come_before_a_conversation(north):
    send(north, "ICE at 5th and Broadway")
    result = send(north, "STOP", 2)
    assert result.report.route == Route.KEYWORD
    assert result.report.incident is None
    assert list(OptOut.objects.filter(organization=north).values_list("sender", flat=True)) == [Sender.HOTLINE]
    assert result.reply is None  # the carrier answers STOP


def test_an_opted_out_number_gets_no_acknowledgement_until_start(north):
    send(north, "STOP")
    assert send(north, "ICE at 5th and Broadway", 1).reply is None
    start = send(north, "START", 2)
    assert start.reply and "STOP" in start.reply
    assert send(north, "ICE at 9th and Main", 3).reply


def test_help_gets_the_help_text_in_the_senders_language(north):
    assert "STOP" in send(north, "HELP").reply


def test_a_placeless_message_in_an_open_conversation_is_a_followup(north):
    first = send(north, "ICE at 5th and Broadway")
    second = send(north, "they took two people", 10)
    assert second.report.route == Route.FOLLOWUP
    assert second.report.incident == first.report.incident
    assert "ref" in second.reply.lower() or str(first.report.incident_id) in second.reply


def test_a_message_with_its_own_place_is_a_new_report_even_in_a_conversation(north):
    first = send(north, "ICE at 5th and Broadway")
    second = send(north, "now they are at 9th and Main", 10)
    assert second.report.route == Route.REPORT
    assert second.report.incident != first.report.incident


def test_a_conversation_ends_after_the_window(north):
    send(north, "ICE at 5th and Broadway")
    later = send(north, "they took two people", north.conversation_minutes + 1)
    assert later.report.route == Route.REPORT


def test_another_number_is_not_in_the_conversation(north):
    send(north, "ICE at 5th and Broadway")
    other = send(north, "they took two people", 5, sender="+13235550202")
    assert other.report.route == Route.REPORT


def test_a_replay_creates_nothing(north):
    one = ingest_report(org=north, channel="sms", provider_id="SMsame", from_number=ALICE, body="ICE at 5th and Broadway")
    two = ingest_report(org=north, channel="sms", provider_id="SMsame", from_number=ALICE, body="different")
    assert one.created and not two.created
    assert Report.objects.count() == 1 and two.report.body == "ICE at 5th and Broadway"


def test_imports_send_nothing(north):
    assert send(north, "ICE at 5th and Broadway", imported=True).reply is None


def test_the_same_provider_id_in_two_orgs_is_two_reports(north, south):
    ingest_report(org=north, channel="sms", provider_id="SMx", from_number=ALICE, body="a")
    ingest_report(org=south, channel="sms", provider_id="SMx", from_number=ALICE, body="b")
    assert Report.objects.count() == 2


def test_the_caller_number_is_hashed_per_org_and_encrypted(north, south):
    a = send(north, "ICE at 5th and Broadway").report
    b = ingest_report(org=south, channel="sms", provider_id="SMy", from_number=ALICE, body="migra").report
    assert a.caller_hash and b.caller_hash and a.caller_hash != b.caller_hash
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT caller_number, body FROM reports_report")
        for number, body in cursor.fetchall():
            assert ALICE not in number and "Broadway" not in body
