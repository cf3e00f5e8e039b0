"""A correction's alert is planned in the queue, never in the dispatcher's request: the request writes one
alert row whatever the number of earlier recipients, the task plans it after commit (ids only), the minute
sweep plans one whose task was lost, and no number hears the correction twice."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amparo.alerts import fanout
from amparo.alerts.batches import send_batch
from amparo.alerts.corrections import offer_correction, send_correction
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    CorrectionRecipient,
    DeliveryStatus,
    Subscriber,
)
from amparo.alerts.tasks import sweep_alerts
from amparo.alerts.tests.fanout_helpers import CountingTransport, alerts_on
from amparo.alerts.tests.test_corrections import (
    ANA,
    BEA,
    CARLOS,
    add_report,
    alerted,
    false_alarm,
    subscriber,
    tel,
)
from amparo.messaging.models import OutboundMessage
from amparo.reports.models import Sender
from amparo.texts.render import forget_overrides
from amparo.verification.tests.conftest import make_incident

pytestmark = pytest.mark.django_db


def many_subscribers(org, count: int, start: int) -> list[Subscriber]:  # type: ignore[no-untyped-def]
    numbers = [f"+1323{start + i:07d}" for i in range(count)]
    return Subscriber.objects.bulk_create([
        Subscriber(organization=org, phone_hash=tel(org, n), phone=n, language="es" if i % 3 else "en",
                   status="active") for i, n in enumerate(numbers)])


def correction_alert(incident) -> Alert:  # type: ignore[no-untyped-def]
    return Alert.objects.get(incident=incident, correction__isnull=False)


def reached(alert: Alert) -> Counter[int]:
    return Counter(AlertDelivery.objects.filter(alert=alert).values_list("subscriber_id", flat=True))


def test_the_request_stays_the_same_size_for_3_recipients_or_2500(north, dispatcher, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    alerts_on(north)

    def send(count: int, start: int):  # type: ignore[no-untyped-def]
        incident = make_incident(north)
        add_report(incident, f"+1213{start:07d}")
        alerted(incident, many_subscribers(north, count, start))
        correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
        forget_overrides()  # the texts' per-process cache (10 s) would make the first call one query dearer
        with django_capture_on_commit_callbacks(execute=False) as callbacks, \
                CaptureQueriesContext(connection) as queries:
            plan = send_correction(correction, by=dispatcher)
        assert plan.recipient_count == count and plan.recipients_by_language()[0][1] > 0
        alert = correction_alert(incident)
        assert alert.planned_at is None and not AlertDelivery.objects.filter(alert=alert).exists()
        return len(queries), callbacks, alert

    few, _callbacks, _alert = send(3, 100)
    many, callbacks, alert = send(2500, 10000)
    assert many == few
    for callback in callbacks:  # the commit: the queue plans it (Huey runs tasks inline in tests)
        callback()
    alert.refresh_from_db()
    assert alert.planned_at is not None and alert.audience == 2500
    assert set(reached(alert).values()) == {1} and len(reached(alert)) == 2500
    assert CorrectionRecipient.objects.filter(correction=alert.correction, sender=Sender.ALERTS).count() == 2500


@pytest.fixture
def corrected(north, dispatcher, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    """A correction sent, whose planning task was lost: the process died between commit and enqueue.
    BEA reported and was alerted (the hotline tells her); ANA and CARLOS were only alerted."""
    alerts_on(north)
    incident = make_incident(north, at=timezone.now() - timedelta(hours=1))
    add_report(incident, BEA, language="es")
    alerted(incident, [subscriber(north, ANA), subscriber(north, BEA, "es"), subscriber(north, CARLOS, "es")])
    correction = offer_correction(false_alarm(incident, dispatcher), by=dispatcher)
    with django_capture_on_commit_callbacks(execute=False):  # nothing after the commit runs
        send_correction(correction, by=dispatcher)
    return correction_alert(incident)


def test_the_sweeper_plans_a_correction_whose_task_was_lost(north, corrected, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    assert corrected.planned_at is None
    assert sweep_alerts()["replanned"] == 0  # a task may still be on its way
    Alert.objects.filter(pk=corrected.pk).update(approved_at=timezone.now() - timedelta(minutes=11))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_alerts()["replanned"] == 1
    corrected.refresh_from_db()
    assert corrected.planned_at is not None
    phones = {s.phone for s in Subscriber.objects.filter(pk__in=reached(corrected))}
    assert phones == {ANA, CARLOS}  # BEA hears it from the hotline only
    # Planning again, by the sweeper or a late task, plans nobody twice.
    assert sweep_alerts()["replanned"] == 0
    plan_alert(corrected.pk)
    Alert.objects.filter(pk=corrected.pk).update(planned_at=None)
    plan_alert(corrected.pk)
    assert set(reached(corrected).values()) == {1} and len(reached(corrected)) == 2
    assert AlertBatch.objects.filter(alert=corrected).count() == 1


def test_no_number_gets_the_correction_twice(north, corrected):  # type: ignore[no-untyped-def]
    plan_alert(corrected.pk)
    plan_alert(corrected.pk)
    transport = CountingTransport()
    for batch_id in AlertBatch.objects.filter(alert=corrected).values_list("pk", flat=True):
        send_batch(batch_id, transport)
        send_batch(batch_id, transport)  # a task enqueued twice finds its batch claimed
    hotline = Counter(OutboundMessage.objects.filter(organization=north).values_list("to_hash", flat=True))
    assert hotline == {tel(north, BEA): 1}
    assert transport.sent == {ANA: 1, CARLOS: 1}
    rows = Counter(CorrectionRecipient.objects.filter(correction=corrected.correction).values_list("phone_hash", "sender"))
    assert rows == {(tel(north, BEA), Sender.HOTLINE): 1, (tel(north, ANA), Sender.ALERTS): 1,
                    (tel(north, CARLOS), Sender.ALERTS): 1}
    assert set(AlertDelivery.objects.filter(alert=corrected).values_list("status", flat=True)) == {DeliveryStatus.SENT}


class PlannerDied(Exception):
    pass


def test_planning_that_died_midway_is_finished_by_the_sweeper_once(north, dispatcher, monkeypatch, django_capture_on_commit_callbacks):  # type: ignore[no-untyped-def]
    alerts_on(north, messages_per_second=1)  # batches of 10
    monkeypatch.setattr(fanout, "CHUNK", 20)  # chunks of 20: three for 45 recipients
    incident = make_incident(north, at=timezone.now() - timedelta(hours=1))
    alerted(incident, many_subscribers(north, 45, 500))
    with django_capture_on_commit_callbacks(execute=False):
        send_correction(offer_correction(false_alarm(incident, dispatcher), by=dispatcher), by=dispatcher)
    alert = correction_alert(incident)
    real = fanout._insert_correction_recipients
    calls = []

    def dies_on_the_second_chunk(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(1)
        if len(calls) == 2:
            raise PlannerDied
        return real(*args, **kwargs)

    monkeypatch.setattr(fanout, "_insert_correction_recipients", dies_on_the_second_chunk)
    with pytest.raises(PlannerDied):
        plan_alert(alert.pk)
    assert len(reached(alert)) == 20  # the first chunk committed, the second rolled back whole
    assert CorrectionRecipient.objects.filter(correction=alert.correction).count() == 20
    monkeypatch.setattr(fanout, "_insert_correction_recipients", real)
    Alert.objects.filter(pk=alert.pk).update(approved_at=timezone.now() - timedelta(minutes=11))
    assert sweep_alerts()["replanned"] == 1
    assert set(reached(alert).values()) == {1} and len(reached(alert)) == 45
    assert CorrectionRecipient.objects.filter(correction=alert.correction, sender=Sender.ALERTS).count() == 45
    assert list(AlertBatch.objects.filter(alert=alert).values_list("seq", flat=True)) == [1, 2, 3, 4, 5]
