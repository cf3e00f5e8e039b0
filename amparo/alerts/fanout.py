"""Planning an alert into paced batches, and the queue's tasks that send them.

``plan_alert`` walks the audience by subscriber id (keyset pagination, never
OFFSET, never the whole list in memory) and writes, chunk by chunk, in one
short transaction each, the chunk's ``AlertBatch`` rows and its
``AlertDelivery`` rows with ``bulk_create``. SQLite has one writer: intake
must keep taking reports while a 500,000-subscriber alert is planned, so no
transaction here lasts longer than one chunk. Each batch is ``rate x
BATCH_SECONDS`` deliveries and starts ``BATCH_SECONDS`` after the one before,
so the alert as a whole goes out at the sender's ``messages_per_second``; the
queue holds each batch's task until its ``send_at`` (``eta``), and no worker
ever sleeps to pace. A task is enqueued only after its rows are committed,
with ids only; the minute sweep enqueues again anything a crash lost.

Planning is resumable and idempotent: each chunk locks the alert and starts
after the last subscriber planned (the unique (alert, subscriber) pair makes a
repeat impossible), so the sweeper can simply plan again an alert whose
planning died or never started, a correction's alert included.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import connection, transaction
from django.db.models import OuterRef, Subquery
from django.utils import timezone
from huey.contrib.djhuey import db_task

from amparo.alerts.audience import alert_audience
from amparo.alerts.batches import BatchResult, finish_alert, send_batch
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertStatus,
    CorrectionRecipient,
    DeliveryStatus,
)
from amparo.alerts.selectors import alert_settings
from amparo.reports.models import Sender

log = logging.getLogger(__name__)

BATCH_SECONDS = 10
# Rows written per transaction: a few milliseconds of SQLite's write lock.
CHUNK = 1000  # x 6 bound values per row at most: within SQLite's 32,766 and PostgreSQL's 65,535


def batch_size(messages_per_second: int) -> int:
    return max(1, messages_per_second * BATCH_SECONDS)


def plan_alert(alert_id: int) -> None:
    """Write every batch and delivery of a SENDING alert and enqueue each batch for its time.

    Its audience is the alert's own (``audience.alert_audience``): the subscribers of the incident's
    areas, or, for a correction, the people earlier alerts reached, each also written as the
    correction's recipient in the same chunk. Expects no transaction: it opens one per chunk.

    Idempotent and safe to run twice at once (the task enqueued on commit, and the sweeper that finds
    the alert unplanned): each chunk locks the alert's row, stops if it was cancelled or planned
    meanwhile, and reads where planning stands (the last subscriber and batch) inside its transaction.
    A subscriber planned already is past that point, and (alert, subscriber) is unique besides."""
    alert = Alert.objects.select_related("organization", "incident").get(pk=alert_id)
    if alert.status != AlertStatus.SENDING or alert.planned_at is not None:
        return
    org = alert.organization
    settings = alert_settings(org)
    if alert.expires_at is None:
        alert.expires_at = timezone.now() + timedelta(hours=settings.expiry_hours)
        Alert.objects.filter(pk=alert.pk, expires_at__isnull=True).update(expires_at=alert.expires_at)
    size = batch_size(settings.messages_per_second)
    chunk = size * max(1, CHUNK // size)
    people = alert_audience(alert).filter(organization_id=org.pk)
    default = org.default_language if org.default_language in alert.texts else next(iter(alert.texts), "")
    columns = ("pk", "language", "phone_hash") if alert.correction_id else ("pk", "language")
    # Where planning stands, read under the alert's row lock in one query: the last subscriber and batch.
    deliveries = AlertDelivery.objects.filter(alert_id=OuterRef("pk")).order_by("-subscriber_id")
    last_batch = AlertBatch.objects.filter(alert_id=OuterRef("pk")).order_by("-seq")
    standing = (Alert.objects.select_for_update(of=("self",))
                .filter(pk=alert.pk, status=AlertStatus.SENDING, planned_at__isnull=True)
                .annotate(last=Subquery(deliveries.values("subscriber_id")[:1]),
                          seq=Subquery(last_batch.values("seq")[:1]), send_at=Subquery(last_batch.values("send_at")[:1]))
                .values_list("last", "seq", "send_at"))
    while True:
        with transaction.atomic():
            state = standing.first()
            if state is None:
                return  # cancelled, or planned by another run
            # Resume after whatever an earlier run planned.
            last, seq, send_at = state
            rows = list(people.filter(pk__gt=last or 0).order_by("pk").values_list(*columns)[:chunk])
            if not rows:
                break
            now = timezone.now()
            seq, send_at = (seq, max(send_at, now)) if seq else (0, now - timedelta(seconds=BATCH_SECONDS))
            batches = []
            for _start in range(0, len(rows), size):
                seq += 1
                send_at += timedelta(seconds=BATCH_SECONDS)
                batches.append(AlertBatch(alert=alert, seq=seq, send_at=send_at))
            batches = AlertBatch.objects.bulk_create(batches)
            _insert_deliveries(alert.pk, [(batches[i // size].pk, row[0], row[1] if row[1] in alert.texts else default)
                                          for i, row in enumerate(rows)])
            if alert.correction_id:
                _insert_correction_recipients(alert.correction_id, [(row[0], row[2]) for row in rows], now)
            transaction.on_commit(partial(enqueue_batches, [(b.pk, b.send_at) for b in batches]))
    planned = AlertDelivery.objects.filter(alert=alert).count()
    Alert.objects.filter(pk=alert.pk, planned_at__isnull=True).update(planned_at=timezone.now(), audience=planned)
    # Every batch may already be done: a worker takes the first one as soon as its chunk commits, and
    # ``finish_alert`` after the last batch found planning unfinished. Asked again now that it is
    # recorded, whoever comes second finishes the alert (and with no audience there is nothing to send).
    finish_alert(alert.pk, timezone.now())
    log.info("alert %s planned: %d deliveries", alert.pk, planned)


def _insert_deliveries(alert_id: int, rows: list[tuple[int, int, str]]) -> None:
    """The chunk's delivery rows (batch, subscriber, language) in one multi-row INSERT: ``bulk_create``
    builds a model instance and a parameter list per row, which made 500,000 rows take minutes. Every
    column is written, so no database default is relied on."""
    table = connection.ops.quote_name(AlertDelivery._meta.db_table)
    for at in range(0, len(rows), CHUNK):  # a batch of a fast sender is larger than one statement may bind
        part = rows[at:at + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s, %s, 0, '', '', NULL)"] * len(part))
        params: list[int | str] = []
        for batch_id, subscriber_id, language in part:
            params += [alert_id, batch_id, subscriber_id, language, DeliveryStatus.QUEUED]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (alert_id, batch_id, subscriber_id, language, status, attempts, "  # noqa: S608  # names from the model, values bound
                f"provider_id, error_code, updated_at) VALUES {values}", params)


def _insert_correction_recipients(correction_id: int, rows: list[tuple[int, str]], now: datetime) -> None:
    """A correction's alert's chunk as the correction's recipients (subscriber, keyed hash), in the
    chunk's transaction: who it reached, as the panel and the purge know them. One multi-row INSERT."""
    table = connection.ops.quote_name(CorrectionRecipient._meta.db_table)
    at_value = str(connection.ops.adapt_datetimefield_value(now))
    for at in range(0, len(rows), CHUNK):
        part = rows[at:at + CHUNK]
        values = ", ".join(["(%s, %s, %s, %s, %s, '', %s)"] * len(part))
        params: list[int | str] = []
        for subscriber_id, phone_hash in part:
            params += [correction_id, phone_hash, Sender.ALERTS, subscriber_id, "planned", at_value]
        with connection.cursor() as cursor:
            cursor.execute(
                f"INSERT INTO {table} (correction_id, phone_hash, sender, subscriber_id, status, provider_id, "  # noqa: S608  # names from the model, values bound
                f"updated_at) VALUES {values}", params)


def enqueue_batches(batches: list[tuple[int, datetime]]) -> None:
    for batch_id, send_at in batches:
        send_alert_batch.schedule(args=(batch_id,), eta=send_at)


def plan_on_commit(alert_id: int) -> None:
    """Plan in the queue once the alert's row is committed (planning 500,000 takes a minute)."""
    transaction.on_commit(lambda: plan_alert_task(alert_id))


@db_task(retries=2, retry_delay=30)
def plan_alert_task(alert_id: int) -> None:
    plan_alert(alert_id)


@db_task()
def send_alert_batch(batch_id: int) -> str:
    result: BatchResult = send_batch(batch_id)
    if result.retry_batch_id is not None and result.retry_at is not None:
        enqueue_batches([(result.retry_batch_id, result.retry_at)])
    return result.status
