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

Planning is resumable: a second run starts after the last subscriber planned
(the unique (alert, subscriber) pair makes a repeat impossible), so the sweeper
can simply plan again an alert whose planning died.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from functools import partial

from django.db import connection, transaction
from django.db.models import Max, QuerySet
from django.utils import timezone
from huey.contrib.djhuey import db_task

from amparo.alerts.audience import incident_audience
from amparo.alerts.batches import BatchResult, finish_alert, send_batch
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertStatus,
    DeliveryStatus,
    Subscriber,
)
from amparo.alerts.selectors import alert_settings

log = logging.getLogger(__name__)

BATCH_SECONDS = 10
# Rows written per transaction: a few milliseconds of SQLite's write lock.
CHUNK = 1000  # x 5 bound values per row: within SQLite's 32,766 and PostgreSQL's 65,535


def batch_size(messages_per_second: int) -> int:
    return max(1, messages_per_second * BATCH_SECONDS)


def plan_alert(alert_id: int, *, audience: QuerySet[Subscriber] | None = None) -> None:
    """Write every batch and delivery of a SENDING alert and enqueue each batch for its time.

    ``audience`` None: the subscribers of the incident's areas (``audience.incident_audience``);
    else that queryset, which is how a correction reaches an earlier alert's recipients. Either way
    only the alert's organization's subscribers. Expects no transaction: it opens one per chunk."""
    alert = Alert.objects.select_related("organization", "incident").get(pk=alert_id)
    if alert.status != AlertStatus.SENDING or alert.planned_at is not None:
        return
    org = alert.organization
    settings = alert_settings(org)
    now = timezone.now()
    if alert.expires_at is None:
        alert.expires_at = now + timedelta(hours=settings.expiry_hours)
        Alert.objects.filter(pk=alert.pk, expires_at__isnull=True).update(expires_at=alert.expires_at)
    size = batch_size(settings.messages_per_second)
    chunk = size * max(1, CHUNK // size)
    people = (audience if audience is not None else incident_audience(alert.incident)).filter(
        organization_id=org.pk)
    default = org.default_language if org.default_language in alert.texts else next(iter(alert.texts), "")

    # Resume after whatever an earlier run planned.
    last = AlertDelivery.objects.filter(alert=alert).aggregate(s=Max("subscriber_id"))["s"] or 0
    previous = AlertBatch.objects.filter(alert=alert).order_by("-seq").values_list("seq", "send_at").first()
    seq, send_at = (previous[0], max(previous[1], now)) if previous else (0, now - timedelta(seconds=BATCH_SECONDS))
    planned = AlertDelivery.objects.filter(alert=alert).count() if previous else 0
    while True:
        rows = list(people.filter(pk__gt=last).order_by("pk").values_list("pk", "language")[:chunk])
        if not rows:
            break
        with transaction.atomic():
            batches = []
            for _start in range(0, len(rows), size):
                seq += 1
                send_at += timedelta(seconds=BATCH_SECONDS)
                batches.append(AlertBatch(alert=alert, seq=seq, send_at=send_at))
            batches = AlertBatch.objects.bulk_create(batches)
            _insert_deliveries(alert.pk, [(batches[i // size].pk, pk, language if language in alert.texts else default)
                                          for i, (pk, language) in enumerate(rows)])
            transaction.on_commit(partial(enqueue_batches, [(b.pk, b.send_at) for b in batches]))
        planned += len(rows)
        last = rows[-1][0]
    Alert.objects.filter(pk=alert.pk, planned_at__isnull=True).update(planned_at=timezone.now(), audience=planned)
    # Every batch may already be done: a worker takes the first one as soon as its chunk commits, and
    # ``finish_alert`` after the last batch found planning unfinished. Asked again now that it is
    # recorded, whoever comes second finishes the alert (and with no audience there is nothing to send).
    finish_alert(alert.pk, timezone.now())
    log.info("alert %s planned: %d deliveries in %d batches", alert.pk, planned, seq)


def _insert_deliveries(alert_id: int, rows: list[tuple[int, int, str]]) -> None:
    """The chunk's delivery rows (batch, subscriber, language) in one multi-row INSERT: ``bulk_create``
    builds a model instance and a parameter list per row, which made 500,000 rows take minutes. Every
    column is written, so no database default is relied on."""
    table = connection.ops.quote_name(AlertDelivery._meta.db_table)
    values = ", ".join(["(%s, %s, %s, %s, %s, 0, '', '', NULL)"] * len(rows))
    params: list[int | str] = []
    for batch_id, subscriber_id, language in rows:
        params += [alert_id, batch_id, subscriber_id, language, DeliveryStatus.QUEUED]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} (alert_id, batch_id, subscriber_id, language, status, attempts, "  # noqa: S608  # names from the model, values bound
            f"provider_id, error_code, updated_at) VALUES {values}", params)


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
