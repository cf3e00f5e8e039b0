"""Planning an alert into paced batches, sending them, retries, callbacks, cancel, expiry, and a worker
that dies in the middle of a batch."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from amparo.alerts import batches
from amparo.alerts.batches import send_batch, sweep
from amparo.alerts.compose import AlertRefused, cancel_alert, compose_alert
from amparo.alerts.fanout import plan_alert
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertStatus,
    BatchStatus,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)
from amparo.alerts.tasks import sweep_alerts
from amparo.incidents.models import Status
from amparo.messaging.models import MessageStatus, OutboundMessage
from amparo.messaging.transports import PermanentSendError, SendResult, TransientSendError
from amparo.reports.models import Sender
from amparo.reports.optouts import is_opted_out, opt_out

from .fanout_helpers import MG, CountingTransport, alerts_on, decided, subscribe

pytestmark = pytest.mark.django_db


def composed(org, dispatcher, n: int, *, rate: int = 1, languages=("en",), **settings):  # type: ignore[no-untyped-def]
    alerts_on(org, messages_per_second=rate, **settings)
    for i in range(n):
        subscribe(org, f"+1213555{i:04d}", language=languages[i % len(languages)])
    return compose_alert(decided(org, Status.CONFIRMED, by=dispatcher), actor=dispatcher)


def test_planning_makes_paced_batches_at_the_senders_rate(north, dispatcher):
    alert = composed(north, dispatcher, 25, rate=1, languages=("en", "es"))
    plan_alert(alert.pk)
    alert.refresh_from_db()
    planned = list(AlertBatch.objects.filter(alert=alert).order_by("seq"))
    assert [b.deliveries.count() for b in planned] == [10, 10, 5]  # rate x 10 s per batch
    assert [(b.send_at - planned[0].send_at).total_seconds() for b in planned] == [0, 10, 20]
    assert alert.audience == 25 and alert.planned_at is not None
    assert alert.expires_at is not None
    assert abs((alert.expires_at - timezone.now()) - timedelta(hours=2)) < timedelta(minutes=1)
    langs = dict(AlertDelivery.objects.filter(alert=alert, language="es").values_list("language", "alert_id"))
    assert set(langs) == {"es"}
    plan_alert(alert.pk)  # planned once
    assert AlertDelivery.objects.filter(alert=alert).count() == 25


def test_planning_enqueues_each_batch_on_commit_with_its_send_time(north, dispatcher, django_capture_on_commit_callbacks,
                                                                   monkeypatch):
    alert = composed(north, dispatcher, 30, rate=1)
    scheduled = []
    monkeypatch.setattr("amparo.alerts.fanout.send_alert_batch.schedule",
                        lambda args, eta: scheduled.append((args[0], eta)))
    with django_capture_on_commit_callbacks(execute=True):
        plan_alert(alert.pk)
    assert scheduled == list(AlertBatch.objects.filter(alert=alert).order_by("seq").values_list("pk", "send_at"))


def test_an_alert_whose_batches_finish_before_its_planning_is_still_sent(north, dispatcher, monkeypatch):  # type: ignore[no-untyped-def]
    """A worker takes the first batch the moment its chunk commits, and may send it all before planning
    is recorded (immediate mode always does; a busy SQLite lock can): the alert must still end SENT."""
    alert = composed(north, dispatcher, 3)
    transport = CountingTransport()
    monkeypatch.setattr("amparo.alerts.fanout.transaction.on_commit", lambda callback: callback())
    monkeypatch.setattr("amparo.alerts.fanout.send_alert_batch.schedule",
                        lambda args, eta: send_batch(args[0], transport))
    plan_alert(alert.pk)
    alert.refresh_from_db()
    assert sum(transport.sent.values()) == 3
    assert alert.status == AlertStatus.SENT and alert.finished_at is not None


@pytest.mark.django_db(transaction=True)
def test_chunks_committed_without_waiting_for_the_disk_are_enqueued_after_one_that_waited(north, dispatcher,
                                                                                       monkeypatch):
    # Committed for real (transaction=True): 2 batches of 10 per chunk, 65 subscribers, 4 chunks. Only the
    # first chunk's commit waits for the disk (SYNC_EVERY is an hour): its batches are enqueued at once, the
    # other chunks' batches only after the alert's own (waiting) commit marks it planned.
    monkeypatch.setattr("amparo.alerts.fanout.CHUNK", 20)
    monkeypatch.setattr("amparo.alerts.fanout.SYNC_EVERY", 3600.0)
    pauses: list[float] = []
    monkeypatch.setattr("amparo.alerts.fanout.time.sleep", pauses.append)
    monkeypatch.setattr("amparo.alerts.fanout.plan_alert_task", lambda alert_id: None)  # planned below, by hand
    alert = composed(north, dispatcher, 65, rate=1)
    scheduled = []

    def schedule(args, eta):  # type: ignore[no-untyped-def]
        planned = Alert.objects.filter(pk=alert.pk).values_list("planned_at", flat=True).get()
        scheduled.append((args[0], eta, planned is not None))

    monkeypatch.setattr("amparo.alerts.fanout.send_alert_batch.schedule", schedule)
    with CaptureQueriesContext(connection) as queries:
        plan_alert(alert.pk)
    batches = list(AlertBatch.objects.filter(alert=alert).order_by("seq").values_list("pk", "send_at"))
    assert [b.deliveries.count() for b in AlertBatch.objects.filter(alert=alert).order_by("seq")] == [10] * 6 + [5]
    assert [(pk, eta) for pk, eta, _planned in scheduled] == batches  # each once, in order
    assert [planned for *_b, planned in scheduled] == [False] * 2 + [True] * 5
    lazy = "PRAGMA synchronous = NORMAL" if connection.vendor == "sqlite" else "SET LOCAL synchronous_commit TO OFF"
    assert sum(1 for q in queries.captured_queries if q["sql"] == lazy) == 3
    with connection.cursor() as cursor:  # the connection is as the settings made it
        if connection.vendor == "sqlite":
            assert cursor.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
        else:
            cursor.execute("SHOW synchronous_commit")
            assert cursor.fetchone()[0] == "on"
    # SQLite: the write lock is left free after each chunk, never longer than it was held or MAX_PAUSE.
    assert len(pauses) == (4 if connection.vendor == "sqlite" else 0)
    assert all(0 <= pause <= 0.1 for pause in pauses)


@pytest.mark.django_db(transaction=True)
def test_a_run_that_finds_the_alert_planned_by_another_enqueues_what_it_committed(north, dispatcher, monkeypatch):  # type: ignore[no-untyped-def]
    # The task and the sweeper plan at once: between the first run's chunks the second plans the rest and
    # marks the alert. The first stops at its next chunk and hands over the batches it committed lazily,
    # on disk since the second's marking waited for the disk; nobody is planned or enqueued twice.
    monkeypatch.setattr("amparo.alerts.fanout.CHUNK", 20)
    monkeypatch.setattr("amparo.alerts.fanout.SYNC_EVERY", 3600.0)
    monkeypatch.setattr("amparo.alerts.fanout.plan_alert_task", lambda alert_id: None)  # planned below, by hand
    alert = composed(north, dispatcher, 65, rate=1)
    scheduled: list[int] = []
    monkeypatch.setattr("amparo.alerts.fanout.send_alert_batch.schedule", lambda args, eta: scheduled.append(args[0]))
    pauses: list[int] = []

    def pause(held: float, since: float) -> None:
        pauses.append(len(scheduled))
        if len(pauses) == 2:  # after the first run's second chunk, committed lazily
            plan_alert(alert.pk)

    monkeypatch.setattr("amparo.alerts.fanout._let_writers_in", pause)
    plan_alert(alert.pk)
    alert.refresh_from_db()
    batches = list(AlertBatch.objects.filter(alert=alert).order_by("seq").values_list("pk", flat=True))
    assert [AlertDelivery.objects.filter(batch_id=b).count() for b in batches] == [10] * 6 + [5]
    assert sorted(scheduled) == sorted(batches)  # each once
    assert scheduled[-2:] == batches[2:4]  # the first run's lazy chunk, handed over when it stopped
    assert alert.audience == 65 and alert.planned_at is not None
    assert AlertDelivery.objects.filter(alert=alert).values("subscriber_id").distinct().count() == 65


def test_planning_runs_a_constant_number_of_queries_per_chunk(north, dispatcher, monkeypatch):
    monkeypatch.setattr("amparo.alerts.fanout.CHUNK", 20)
    small = composed(north, dispatcher, 20, rate=1)
    with CaptureQueriesContext(connection) as one:
        plan_alert(small.pk)
    for i in range(20, 60):
        subscribe(north, f"+1213555{i:04d}")
    big = compose_alert(decided(north, Status.CONFIRMED, by=dispatcher, zip_code="90033"), actor=dispatcher)
    with CaptureQueriesContext(connection) as three:
        plan_alert(big.pk)
    assert AlertDelivery.objects.filter(alert=big).count() == 60
    per_chunk = (len(three) - len(one)) / 2
    assert per_chunk <= 6, [q["sql"][:80] for q in three.captured_queries]


def test_a_batch_is_sent_from_the_alerts_sender_in_each_language(north, dispatcher):
    alert = composed(north, dispatcher, 4, languages=("en", "es"))
    plan_alert(alert.pk)
    transport = CountingTransport()
    for batch in AlertBatch.objects.filter(alert=alert):
        assert send_batch(batch.pk, transport).status == BatchStatus.DONE
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT and alert.finished_at
    assert transport.senders == {MG} and sum(transport.sent.values()) == 4
    assert {b for b in transport.bodies} == {alert.texts["en"], alert.texts["es"]}
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {DeliveryStatus.SENT}
    assert not Subscriber.objects.filter(last_activity_at__isnull=True).exists()
    assert not OutboundMessage.objects.exists()  # an alert's copies are its deliveries, not hotline texts
    assert send_batch(AlertBatch.objects.first().pk, transport).status == "busy"  # claimed once


def test_a_batch_sends_a_constant_number_of_queries_per_message(north, dispatcher):
    alert = composed(north, dispatcher, 10)
    plan_alert(alert.pk)
    batch = AlertBatch.objects.get(alert=alert)
    with CaptureQueriesContext(connection) as queries:
        send_batch(batch.pk, CountingTransport())
    assert len(queries) <= 2 * 10 + 10


def test_who_stopped_after_planning_is_skipped(north, dispatcher):
    alert = composed(north, dispatcher, 3)
    plan_alert(alert.pk)
    first, second, third = Subscriber.objects.order_by("pk")
    Subscriber.objects.filter(pk=first.pk).update(status=SubscriberStatus.STOPPED)
    opt_out(north.pk, second.phone_hash, sender=Sender.ALERTS)
    transport = CountingTransport()
    send_batch(AlertBatch.objects.get(alert=alert).pk, transport)
    assert list(transport.sent) == [third.phone]
    assert AlertDelivery.objects.filter(status=DeliveryStatus.SKIPPED).count() == 2


class Flaky(CountingTransport):
    def __init__(self, failing: set[str], error: Exception) -> None:
        super().__init__()
        self.failing, self.error = failing, error

    def send(self, message: OutboundMessage) -> SendResult:
        if message.to_number in self.failing:
            raise self.error
        return super().send(message)


def test_transient_errors_are_retried_later_a_bounded_number_of_times(north, dispatcher):
    alert = composed(north, dispatcher, 3)
    plan_alert(alert.pk)
    phones = [s.phone for s in Subscriber.objects.order_by("pk")]
    flaky = Flaky({phones[1]}, TransientSendError("HTTP 503"))
    result = send_batch(AlertBatch.objects.get(alert=alert).pk, flaky)
    # The provider failed: the failing one and the rest of the batch wait for a later batch.
    assert result.retry_batch_id and result.retry_at and result.retry_at > timezone.now()
    assert list(flaky.sent) == [phones[0]]
    retry = AlertBatch.objects.get(pk=result.retry_batch_id)
    assert retry.deliveries.filter(status=DeliveryStatus.QUEUED).count() == 2
    for _ in range(2):
        result = send_batch(result.retry_batch_id, flaky)
    failed = AlertDelivery.objects.get(subscriber__phone_hash=Subscriber.objects.order_by("pk")[1].phone_hash)
    assert (failed.status, failed.attempts, failed.error_code) == (DeliveryStatus.FAILED, 3, "retries")
    assert sum(flaky.sent.values()) == 2 and max(flaky.sent.values()) == 1
    assert result.retry_batch_id is None
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT


def test_a_number_that_opted_out_at_the_carrier_becomes_an_alerts_opt_out(north, dispatcher):
    alert = composed(north, dispatcher, 2)
    plan_alert(alert.pk)
    sub = Subscriber.objects.order_by("pk").first()
    send_batch(AlertBatch.objects.get(alert=alert).pk, Flaky({sub.phone}, PermanentSendError("stop", code="21610")))
    assert AlertDelivery.objects.get(subscriber=sub).status == DeliveryStatus.FAILED
    assert is_opted_out(north.pk, sub.phone_hash, sender=Sender.ALERTS)
    assert not is_opted_out(north.pk, sub.phone_hash, sender=Sender.HOTLINE)


def test_a_number_unreachable_three_times_is_undeliverable(north, dispatcher):
    alerts_on(north)
    sub = subscribe(north, "+12135550999")
    for _ in range(3):
        Subscriber.objects.filter(pk=sub.pk).update(status=SubscriberStatus.ACTIVE)
        sub.refresh_from_db()
        assert sub.status == SubscriberStatus.ACTIVE
        alert = compose_alert(decided(north, Status.CONFIRMED, by=dispatcher), actor=dispatcher)
        plan_alert(alert.pk)
        send_batch(AlertBatch.objects.get(alert=alert).pk, Flaky({sub.phone}, PermanentSendError("x", code="30006")))
        sub.refresh_from_db()
        if sub.status == SubscriberStatus.UNDELIVERABLE:
            break
    assert AlertDelivery.objects.filter(subscriber=sub, error_code="30006").count() == 3
    assert sub.status == SubscriberStatus.UNDELIVERABLE


def test_cancel_stops_the_batches_not_started(north, dispatcher):
    alert = composed(north, dispatcher, 25)
    plan_alert(alert.pk)
    first = AlertBatch.objects.filter(alert=alert).order_by("seq").first()
    send_batch(first.pk, CountingTransport())
    cancel_alert(alert, actor=dispatcher, reason="sent by mistake")
    assert alert.status == AlertStatus.CANCELLED and alert.cancelled_by == dispatcher
    statuses = dict(AlertBatch.objects.filter(alert=alert).values_list("seq", "status"))
    assert statuses == {1: BatchStatus.DONE, 2: BatchStatus.CANCELLED, 3: BatchStatus.CANCELLED}
    assert AlertDelivery.objects.filter(status=DeliveryStatus.CANCELLED).count() == 15
    transport = CountingTransport()
    assert send_batch(AlertBatch.objects.get(alert=alert, seq=2).pk, transport).status == "busy"
    assert not transport.sent
    with pytest.raises(AlertRefused):
        cancel_alert(alert, actor=dispatcher, reason="again")


def test_unsent_batches_expire(north, dispatcher):
    alert = composed(north, dispatcher, 25)
    plan_alert(alert.pk)
    seq1, seq2, seq3 = AlertBatch.objects.filter(alert=alert).order_by("seq")
    send_batch(seq1.pk, CountingTransport())
    later = timezone.now() + timedelta(hours=3)
    assert send_batch(seq2.pk, CountingTransport(), now=later).status == BatchStatus.EXPIRED
    result = sweep(later)
    assert result.expired == 1
    assert dict(AlertBatch.objects.filter(alert=alert).values_list("seq", "status")) == {
        1: BatchStatus.DONE, 2: BatchStatus.EXPIRED, 3: BatchStatus.EXPIRED}
    assert AlertDelivery.objects.filter(status=DeliveryStatus.EXPIRED).count() == 15
    alert.refresh_from_db()
    assert alert.status == AlertStatus.EXPIRED


def test_the_sweeper_enqueues_overdue_planned_batches(north, dispatcher, monkeypatch):
    alert = composed(north, dispatcher, 15)
    plan_alert(alert.pk)  # in a test's transaction nothing is enqueued: as if the worker died after commit
    enqueued = []
    monkeypatch.setattr("amparo.alerts.fanout.send_alert_batch.schedule",
                        lambda args, eta: enqueued.append(args[0]))
    AlertBatch.objects.filter(alert=alert).update(send_at=timezone.now() - timedelta(minutes=5))
    assert sweep_alerts()["enqueued"] == 2
    assert sorted(enqueued) == sorted(AlertBatch.objects.filter(alert=alert).values_list("pk", flat=True))


class WorkerDied(BaseException):
    """Like a SIGKILL or KeyboardInterrupt: nothing in the batch catches it."""


class DiesAfter(CountingTransport):
    def __init__(self, n: int) -> None:
        super().__init__()
        self.n = n

    def send(self, message: OutboundMessage) -> SendResult:
        if sum(self.sent.values()) == self.n:
            self.sent[message.to_number] += 1  # it left for the provider: the subscriber may have it
            raise WorkerDied
        return super().send(message)


def test_a_worker_that_dies_mid_batch_never_texts_anyone_twice(north, dispatcher):
    alert = composed(north, dispatcher, 10)
    plan_alert(alert.pk)
    batch = AlertBatch.objects.get(alert=alert)
    dying = DiesAfter(4)
    with pytest.raises(WorkerDied):
        send_batch(batch.pk, dying)
    assert AlertDelivery.objects.filter(status=DeliveryStatus.SENDING).count() == 1
    # Before the grace period nothing is touched: the worker may only be slow.
    assert sweep().unknown == 0
    result = sweep(timezone.now() + batches.GRACE + timedelta(seconds=1))
    assert result.unknown == 1 and [b for b, _at in result.enqueue] == [batch.pk]
    resumed = CountingTransport()
    assert send_batch(batch.pk, resumed).status == BatchStatus.DONE
    total = dying.sent + resumed.sent
    assert len(total) == 10 and max(total.values()) == 1  # everyone once, nobody twice
    statuses = list(AlertDelivery.objects.values_list("status", flat=True))
    assert statuses.count(DeliveryStatus.UNKNOWN) == 1 and statuses.count(DeliveryStatus.SENT) == 9
    alert.refresh_from_db()
    assert alert.status == AlertStatus.SENT


def test_console_transport_records_console_status(north, dispatcher, settings):
    settings.AMPARO_SMS_TRANSPORT = "console"
    alert = composed(north, dispatcher, 2)
    plan_alert(alert.pk)
    send_batch(AlertBatch.objects.get(alert=alert).pk)
    assert set(AlertDelivery.objects.values_list("status", flat=True)) == {MessageStatus.CONSOLE}
    assert Alert.objects.get(pk=alert.pk).status == AlertStatus.SENT
