"""Rumor control (``amparo.alerts.corrections``): a false alarm corrected once, for every number that
reported it (from the hotline, quoting its own reference) and every subscriber an alert reached
(from the alerts sender), each number once, opt-outs honoured, never for a person's incident."""

from __future__ import annotations

import itertools
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amparo.alerts import corrections
from amparo.alerts.audience import correction_audience
from amparo.alerts.corrections import (
    CorrectionError,
    offer_correction,
    plan_correction,
    send_correction,
)
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertKind,
    AlertStatus,
    BatchStatus,
    CorrectionRecipient,
    CorrectionStatus,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)
from amparo.alerts.selectors import publishable_incidents
from amparo.audit.models import AuditEntry
from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions as incident_actions
from amparo.incidents.models import Incident, IncidentEvent, Kind
from amparo.legal.models import Person, PersonIncident
from amparo.messaging.models import (
    MessageKind,
    OutboundMessage,
    WhatsAppTemplate,
    WhatsAppTemplateKey,
)
from amparo.orgs.models import HotlineNumber
from amparo.reports.models import Report, Sender
from amparo.reports.optouts import opt_out
from amparo.retention.registry import purgers
from amparo.texts.registry import NOT_ENFORCEMENT_LINE, fixed_text
from amparo.texts.render import forget_overrides, render_text
from amparo.texts.segments import segments
from amparo.verification.tests.conftest import make_incident
from conftest import NORTH_NUMBER

pytestmark = pytest.mark.django_db
_n = itertools.count(1)

ANA, BEA, CARLOS, DORA, EVA = "+13235550101", "+13235550102", "+13235550103", "+13235550104", "+13235550105"


def tel(org, number: str) -> str:  # type: ignore[no-untyped-def]
    return keyed_hash(org.pk, "tel:" + number)


def add_report(incident: Incident, number: str | None, *, channel: str = "sms", language: str = "en",
               at: Any = None, extra: Any = None) -> Report:
    n = next(_n)
    return Report.objects.create(
        organization_id=incident.organization_id, channel=channel, provider_id=f"SMcorr{n}", number=1000 + n,
        caller_hash=tel(incident.organization, number) if number else "", caller_number=number, body="ICE here?",
        language=language, received_at=at or timezone.now(), incident=incident, extra=extra)


def false_alarm(incident: Incident, by) -> Incident:  # type: ignore[no-untyped-def]
    incident_actions.start_verifying(incident, by=by)
    return incident_actions.mark_false_alarm(incident, by=by, reason="checked")


def subscriber(org, number: str, language: str = "en", status: str = SubscriberStatus.ACTIVE) -> Subscriber:  # type: ignore[no-untyped-def]
    return Subscriber.objects.create(organization=org, phone_hash=tel(org, number), phone=number,
                                     language=language, status=status)


def alerted(incident: Incident, subscribers: list[Subscriber], *, status: str = DeliveryStatus.DELIVERED,
            alert_status: str = AlertStatus.SENT, kind: str = AlertKind.CONFIRMED) -> Alert:
    alert = Alert.objects.create(organization_id=incident.organization_id, incident=incident,
                                 kind=kind, status=alert_status, texts={"en": "ICE confirmed"})
    batch = AlertBatch.objects.create(alert=alert, seq=1, send_at=timezone.now(), status=BatchStatus.DONE)
    for s in subscribers:
        AlertDelivery.objects.create(alert=alert, batch=batch, subscriber=s, language=s.language, status=status)
    return alert


@pytest.fixture
def handed(monkeypatch):  # type: ignore[no-untyped-def]
    """Who each correction's alert is handed to the queue for: the subscribers its planning will walk."""
    calls: list[list[int]] = []
    real = corrections.send_to_recipients

    def send_to_recipients(correction, languages):  # type: ignore[no-untyped-def]
        alert = real(correction, languages)
        calls.append(sorted(correction_audience(alert).values_list("pk", flat=True)))
        return alert

    monkeypatch.setattr(corrections, "send_to_recipients", send_to_recipients)
    return calls


@pytest.fixture
def incident(north, dispatcher):  # type: ignore[no-untyped-def]
    HotlineNumber.objects.filter(organization=north).update(whatsapp=True)
    return make_incident(north, at=timezone.now() - timedelta(hours=1))


def texts_to(org) -> dict[str, OutboundMessage]:  # type: ignore[no-untyped-def]
    return {m.to_number: m for m in OutboundMessage.objects.filter(organization=org)}


def test_each_number_hears_it_once_from_the_right_sender(north, dispatcher, incident, handed, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    ana = add_report(incident, ANA)  # a reporter only
    bea = add_report(incident, BEA, language="es")  # a reporter and a subscriber: the hotline
    add_report(incident, CARLOS)  # opted out of the hotline, not of alerts: from alerts
    add_report(incident, DORA)  # opted out of both: nothing
    subs = [subscriber(north, BEA, "es"), subscriber(north, CARLOS), subscriber(north, DORA), subscriber(north, EVA)]
    alerted(incident, subs)
    opt_out(north.pk, tel(north, CARLOS), sender=Sender.HOTLINE)
    opt_out(north.pk, tel(north, DORA), sender=Sender.HOTLINE)
    opt_out(north.pk, tel(north, DORA), sender=Sender.ALERTS)
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)

    plan = plan_correction(correction)
    assert [t.report.pk for t in plan.reporters] == [ana.pk, bea.pk]
    assert [s.phone for s in plan.recipients] == [CARLOS, EVA]
    assert plan.reporters_by_language() == [("en", 1), ("es", 1)]
    assert plan.opted_out == 1

    with django_capture_on_commit_callbacks(execute=True):  # the queue plans the alert after commit
        send_correction(correction, by=dispatcher)
    texts = texts_to(north)
    assert set(texts) == {ANA, BEA}
    assert all(m.kind == MessageKind.SYSTEM and m.incident_id == incident.pk and m.from_number == NORTH_NUMBER
               for m in texts.values())
    assert handed == [sorted(s.pk for s in subs if s.phone in (CARLOS, EVA))]
    rows = {r.phone_hash: r.sender for r in CorrectionRecipient.objects.filter(correction=correction)}
    assert rows == {tel(north, ANA): Sender.HOTLINE, tel(north, BEA): Sender.HOTLINE,
                    tel(north, CARLOS): Sender.ALERTS, tel(north, EVA): Sender.ALERTS}


def test_each_reporter_reads_their_own_reference_in_their_language(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    first = add_report(incident, ANA, at=timezone.now() - timedelta(minutes=5))
    add_report(incident, ANA)  # the same number again: one text, quoting the first report
    bea = add_report(incident, BEA, language="es")
    send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    texts = texts_to(north)
    assert OutboundMessage.objects.filter(organization=north).count() == 2
    assert texts[ANA].body.startswith(f"Amparo hotline, about your report {first.ref}:")
    assert texts[ANA].body.endswith(str(NOT_ENFORCEMENT_LINE))
    assert texts[ANA].report_id == first.pk
    assert bea.ref in texts[BEA].body and "Esto se revisó y no era un operativo de inmigración." in texts[BEA].body


def test_a_number_that_opted_out_of_everything_is_not_texted(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA)
    opt_out(north.pk, tel(north, ANA), sender=Sender.HOTLINE)
    plan = send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    assert (plan.reporters, list(plan.recipients), plan.opted_out) == ([], [], 1)
    assert not OutboundMessage.objects.filter(organization=north).exists()
    assert handed == []


def test_a_subscriber_who_stopped_or_was_never_reached_is_not_texted(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    alerted(incident, [subscriber(north, ANA, status=SubscriberStatus.STOPPED)])
    alerted(incident, [subscriber(north, BEA)], status=DeliveryStatus.FAILED)
    alerted(incident, [subscriber(north, CARLOS)], status=DeliveryStatus.CONSOLE)
    alerted(incident, [subscriber(north, DORA)], kind=AlertKind.FALSE_ALARM)  # told it was nothing already
    plan = plan_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher))
    assert [s.phone for s in plan.recipients] == [CARLOS]


@pytest.mark.parametrize("everyone", [True, False])
def test_the_dispatcher_chooses_for_a_flood_group(north, dispatcher, handed, everyone):  # type: ignore[no-untyped-def]
    flood = incident_actions.open_incident(north.pk, kind=Kind.FLOOD, at=timezone.now(), flood_key="x")
    for number in (ANA, BEA, CARLOS):
        add_report(flood, number)
    correction = offer_correction(false_alarm(flood, dispatcher), by=dispatcher)
    assert len(plan_correction(correction).reporters) == 0  # nobody until the dispatcher says everyone
    corrections.choose_correction_reports(correction, by=dispatcher, include_flood=everyone)
    correction.refresh_from_db()
    plan = send_correction(correction, by=dispatcher)
    assert len(plan.reporters) == (3 if everyone else 0)
    assert OutboundMessage.objects.filter(organization=north).count() == (3 if everyone else 0)
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.SENT


def test_only_the_ticked_reports_of_a_vague_lane_are_told(north, dispatcher, handed):  # type: ignore[no-untyped-def]
    lane = incident_actions.open_incident(north.pk, kind=Kind.VAGUE, at=timezone.now())
    about = add_report(lane, ANA)
    add_report(lane, BEA)  # another rumor
    other_org_report = Report.objects.create(organization_id=lane.organization_id, channel="sms",
                                             provider_id="SMelsewhere", received_at=timezone.now())
    correction = offer_correction(false_alarm(lane, dispatcher), by=dispatcher)
    with pytest.raises(CorrectionError):
        send_correction(correction, by=dispatcher)  # nothing ticked yet
    corrections.choose_correction_reports(correction, by=dispatcher, report_ids=[about.pk, other_org_report.pk])
    assert list(correction.reports.values_list("pk", flat=True)) == [about.pk]
    plan = send_correction(correction, by=dispatcher)
    assert [t.report.pk for t in plan.reporters] == [about.pk] and plan.left_out == 1
    assert set(texts_to(north)) == {ANA}


def test_whatsapp_outside_the_window_gets_the_correction_template(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    old = add_report(incident, ANA, channel="whatsapp", at=timezone.now() - timedelta(days=2))
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    plan = plan_correction(correction)
    assert (plan.reporters, plan.unreachable) == ([], 1)  # no template: WhatsApp is closed to us
    WhatsAppTemplate.objects.create(organization=north, key=WhatsAppTemplateKey.REOPEN, language="en",
                                    content_sid="HX" + "1" * 32, body_preview="Please reply about {{1}}")
    WhatsAppTemplate.objects.create(organization=north, key=WhatsAppTemplateKey.CORRECTION, language="en",
                                    content_sid="HX" + "2" * 32,
                                    body_preview="Your report {{1}} was checked: it was not immigration enforcement.")
    send_correction(correction, by=dispatcher)
    message = OutboundMessage.objects.get(organization=north)
    assert (message.channel, message.content_sid, message.content_variables) == ("whatsapp", "HX" + "2" * 32,
                                                                                  {"1": old.ref})
    assert message.body == f"Your report {old.ref} was checked: it was not immigration enforcement."


def test_whatsapp_inside_the_window_gets_the_words(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA, channel="whatsapp")
    send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    message = OutboundMessage.objects.get(organization=north)
    assert (message.channel, message.content_sid) == ("whatsapp", "")


def test_a_web_reporter_who_did_not_say_texting_is_safe_is_not_texted(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA, channel="web", extra={"may_text": False})
    add_report(incident, BEA, channel="web", extra={"may_text": True})
    plan = send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    assert (len(plan.reporters), plan.unreachable) == (1, 1)
    assert set(texts_to(north)) == {BEA}


def test_a_correction_is_offered_once_and_sent_once(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA)
    false_alarm(incident, dispatcher)
    correction = offer_correction(incident, by=dispatcher)
    assert offer_correction(incident, by=dispatcher).pk == correction.pk
    send_correction(correction, by=dispatcher)
    with pytest.raises(CorrectionError, match="only once"):
        send_correction(correction, by=dispatcher)
    assert offer_correction(incident, by=dispatcher).status == CorrectionStatus.SENT
    assert OutboundMessage.objects.filter(organization=north).count() == 1
    kinds = list(IncidentEvent.objects.filter(incident=incident, kind__startswith="correction_")
                 .values_list("kind", flat=True))
    assert kinds == ["correction_offered", "correction_sent"]
    assert set(AuditEntry.objects.filter(object_type="correction").values_list("action", flat=True)) == {
        "offer", "send"}


def test_a_dismissed_correction_can_be_offered_again(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    corrections.dismiss_correction(correction, by=dispatcher)
    with pytest.raises(CorrectionError):
        send_correction(correction, by=dispatcher)
    assert offer_correction(incident, by=dispatcher).status == CorrectionStatus.OFFERED


def test_only_a_false_alarm_is_corrected(north, dispatcher, incident):  # type: ignore[no-untyped-def]
    incident_actions.start_verifying(incident, by=dispatcher)
    incident_actions.confirm_incident(incident, by=dispatcher)
    with pytest.raises(CorrectionError):
        offer_correction(incident, by=dispatcher)


def test_a_closed_false_alarm_is_still_corrected(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    incident_actions.close_incident(false_alarm(incident, dispatcher), by=dispatcher)
    assert offer_correction(incident, by=dispatcher).status == CorrectionStatus.OFFERED


def test_issuing_it_cancels_what_remains_of_earlier_alerts(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    reached = subscriber(north, ANA)
    alert = alerted(incident, [reached], alert_status=AlertStatus.SENDING)
    later = AlertBatch.objects.create(alert=alert, seq=2, send_at=timezone.now() + timedelta(minutes=5))
    waiting = AlertDelivery.objects.create(alert=alert, batch=later, subscriber=subscriber(north, BEA), language="en")
    send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    alert.refresh_from_db()
    later.refresh_from_db()
    waiting.refresh_from_db()
    assert (alert.status, later.status, waiting.status) == (AlertStatus.CANCELLED, BatchStatus.CANCELLED,
                                                            DeliveryStatus.CANCELLED)
    assert alert.cancelled_by == dispatcher


def test_the_plan_takes_a_bounded_number_of_queries(north, dispatcher, incident):  # type: ignore[no-untyped-def]
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    correction = type(correction).objects.select_related("incident__organization").get(pk=correction.pk)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            plan_correction(correction)
        return len(ctx.captured_queries)

    add_report(incident, "+13235550900")
    alerted(incident, [subscriber(north, "+13235550800")])
    few = count()
    for i in range(20):
        add_report(incident, f"+132355509{i + 10}")
    alerted(incident, [subscriber(north, f"+132355508{i + 10}") for i in range(20)])
    assert count() == few


# --- never published: an incident linked to a person affected ---------------------------------------

def linked_to_a_person(incident: Incident) -> Incident:
    person = Person.objects.create(organization_id=incident.organization_id, name="Canary Person")
    PersonIncident.objects.create(person=person, incident=incident)
    return incident


def test_a_persons_incident_is_never_publishable(north, dispatcher, incident):  # type: ignore[no-untyped-def]
    other = make_incident(north)
    linked_to_a_person(incident)
    assert list(publishable_incidents(north.pk)) == [other]


def test_an_incident_a_persons_incident_was_merged_into_is_not_publishable(north, dispatcher, incident):  # type: ignore[no-untyped-def]
    target = make_incident(north)
    linked_to_a_person(incident)
    incident_actions.merge_incidents(target, [incident], by=dispatcher)
    assert list(publishable_incidents(north.pk)) == []


def test_a_persons_incident_is_never_corrected(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA)
    linked_to_a_person(false_alarm(incident, dispatcher))
    with pytest.raises(CorrectionError, match="person affected"):
        offer_correction(incident, by=dispatcher)
    assert not OutboundMessage.objects.exists()


def test_a_person_linked_after_the_offer_stops_the_sending(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA)
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    linked_to_a_person(incident)
    with pytest.raises(CorrectionError):
        send_correction(correction, by=dispatcher)
    assert not OutboundMessage.objects.exists()


def test_the_recipients_are_reached_through_the_alerts_fanout(north, dispatcher, incident, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    alerted(incident, [subscriber(north, ANA, "es")])
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    with django_capture_on_commit_callbacks(execute=True):
        send_correction(correction, by=dispatcher)
    alert = Alert.objects.get(incident=incident, kind=AlertKind.FALSE_ALARM)
    assert alert.correction_id == correction.pk
    assert "Esto se revisó" in alert.texts["es"]
    assert AlertDelivery.objects.filter(alert=alert).count() == 1


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize(("key", "context"), [("alerts.correction.reporter", {"ref": "R-12345"}),
                                              ("alerts.correction.recipient", {"area": "90033"})])
def test_the_correction_fits_two_segments_in_every_shipped_language(north, language, key, context):  # type: ignore[no-untyped-def]
    text = render_text(north.pk, key, language, **context)
    assert segments(text).count <= 2, text
    assert text.endswith(fixed_text(key, language)) and fixed_text(key, language)


def test_sending_takes_the_same_queries_for_2_reporters_or_40(north, dispatcher, handed):  # type: ignore[no-untyped-def]
    def sent(count: int) -> int:
        incident = make_incident(north)
        for i in range(count):
            add_report(incident, f"+1323556{count:02d}{i:02d}", channel="whatsapp" if i % 2 else "sms")
        correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
        forget_overrides()  # the texts' per-process cache (10 s) would make the first call one query dearer
        with CaptureQueriesContext(connection) as ctx:
            plan = send_correction(correction, by=dispatcher)
        assert len(plan.reporters) == count
        return len(ctx.captured_queries)

    HotlineNumber.objects.filter(organization=north).update(whatsapp=True)
    assert sent(2) == sent(40)


def test_the_purge_takes_who_a_correction_reached(north, dispatcher, incident, handed):  # type: ignore[no-untyped-def]
    add_report(incident, ANA)
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    send_correction(correction, by=dispatcher)
    assert purgers()["alerts.corrections"] is corrections.purge_correction_recipients
    corrections.purge_correction_recipients(incident, [], "purge")
    assert not CorrectionRecipient.objects.filter(correction=correction).exists()
    assert IncidentEvent.objects.get(incident=incident, kind="correction_sent").data["reporters"] == 1
