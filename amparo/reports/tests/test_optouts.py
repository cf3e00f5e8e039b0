"""Opt-outs per sender (decision 62): a STOP to the hotline never ends a
subscriber's alerts, and a STOP to the alerts sender never silences the
hotline's replies, dispatchers' texts or responders' texts to that person."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from amparo.crypto.keys import keyed_hash
from amparo.intake.carrier import opt_in as carrier_opt_in
from amparo.intake.carrier import opt_out as carrier_opt_out
from amparo.intake.keywords import Message
from amparo.intake.pipeline import ingest_report
from amparo.messaging.actions import check_can_text, send_sms
from amparo.messaging.models import MessageStatus
from amparo.messaging.thread import reporters_of
from amparo.reports import optouts
from amparo.reports.models import OptOut, Sender

pytestmark = pytest.mark.django_db
NUMBER = "+13235550142"
T0 = datetime(2026, 3, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
def caller(north) -> str:  # type: ignore[no-untyped-def]
    return keyed_hash(north.pk, "tel:" + NUMBER)


def senders_opted_out(org) -> list[str]:  # type: ignore[no-untyped-def]
    return sorted(OptOut.objects.filter(organization=org).values_list("sender", flat=True))


def test_a_stop_to_the_hotline_is_not_an_alerts_opt_out(north, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.HOTLINE)
    optouts.opt_out(north.pk, caller, sender=Sender.HOTLINE)  # a second STOP changes nothing
    assert optouts.is_opted_out(north.pk, caller, sender=Sender.HOTLINE)
    assert not optouts.is_opted_out(north.pk, caller, sender=Sender.ALERTS)
    assert senders_opted_out(north) == [Sender.HOTLINE]


def test_a_stop_to_the_alerts_sender_is_not_a_hotline_opt_out(north, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.ALERTS)
    assert optouts.is_opted_out(north.pk, caller, sender=Sender.ALERTS)
    assert not optouts.is_opted_out(north.pk, caller, sender=Sender.HOTLINE)
    assert optouts.opted_out(north.pk, [caller, "other"], sender=Sender.HOTLINE) == set()
    assert optouts.opted_out(north.pk, [caller, "other"], sender=Sender.ALERTS) == {caller}


def test_a_start_ends_only_its_own_senders_opt_out(north, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.HOTLINE)
    optouts.opt_out(north.pk, caller, sender=Sender.ALERTS)
    optouts.opt_in(north.pk, caller, sender=Sender.HOTLINE)
    assert senders_opted_out(north) == [Sender.ALERTS]


def test_opt_outs_belong_to_one_organization(north, south, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.HOTLINE)
    assert not optouts.is_opted_out(south.pk, caller, sender=Sender.HOTLINE)


@pytest.mark.parametrize("sender", list(Sender))
def test_the_carriers_stop_and_start_record_the_sender_they_reached(north, caller, sender):
    def message(word: str) -> Message:
        return Message(org=north, caller_hash=caller, body=word, code=None, now=T0, sender=sender)

    carrier_opt_out(message("STOP"))
    assert senders_opted_out(north) == [sender]
    optouts.opt_out(north.pk, caller, sender=Sender.ALERTS if sender == Sender.HOTLINE else Sender.HOTLINE)
    assert carrier_opt_in(message("START")).key == "start"
    assert senders_opted_out(north) == [s for s in Sender if s != sender]


def test_a_stop_texted_to_the_hotline_records_a_hotline_opt_out_only(north):
    result = ingest_report(org=north, channel="sms", provider_id="SMstop1", from_number=NUMBER,
                           to_number="+12135550100", body="STOP", received_at=T0)
    assert result.reply is None  # the carrier answers STOP itself
    assert senders_opted_out(north) == [Sender.HOTLINE]


def test_an_alerts_opt_out_leaves_the_hotline_answering_and_texting(north, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.ALERTS)
    result = ingest_report(org=north, channel="sms", provider_id="SMrep1", from_number=NUMBER,
                           to_number="+12135550100", body="ICE agents at 5th and Broadway taking people",
                           received_at=T0)
    assert result.reply and "ref" in result.reply  # acknowledged from the hotline
    report = result.report
    assert check_can_text(report.incident, report) == "sms"  # a dispatcher may text them
    assert [r.unavailable for r in reporters_of(report.incident)] == [""]
    assert send_sms(north, NUMBER, "Amparo: a dispatcher's text").status == MessageStatus.QUEUED


def test_a_hotline_opt_out_still_silences_the_hotline(north, caller):
    optouts.opt_out(north.pk, caller, sender=Sender.HOTLINE)
    assert send_sms(north, NUMBER, "Amparo: a dispatcher's text").status == MessageStatus.FAILED


@pytest.mark.django_db(transaction=True)
def test_the_migration_makes_every_existing_opt_out_a_hotline_one(north, caller):
    before, after = [("reports", "0002_add_responder_reply_route")], [("reports", "0003_optout_per_sender")]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    old_optout = executor.loader.project_state(before).apps.get_model("reports", "OptOut")
    old_optout.objects.create(organization_id=north.pk, caller_hash=caller)
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(after)
    assert list(OptOut.objects.values_list("sender", "caller_hash")) == [(Sender.HOTLINE, caller)]
    # Back to the latest state of every app: going back to reports 0002 took down every app that
    # depends on it (legal, volunteers...), and the next test on this worker needs them.
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(executor.loader.graph.leaf_nodes())
