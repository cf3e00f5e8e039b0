"""Planning an alert into paced batches, and the queue's tasks that send them.

``plan_alert`` walks the audience by subscriber id (keyset pagination, never
OFFSET, never the whole list in memory) and writes, chunk by chunk, in one
short transaction each, the chunk's ``AlertBatch`` rows and, for each, its
``AlertDelivery`` rows with one INSERT ... SELECT over the audience query, so
that no subscriber row passes through Python. SQLite has one writer: intake
must keep taking reports while a 500,000-subscriber alert is planned, so no
transaction here lasts longer than one chunk, and between chunks the lock is
left free for a moment (``_let_writers_in``). Each batch is ``rate x
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
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from functools import partial

from django.db import connection, transaction
from django.db.models import F, OuterRef, QuerySet, Subquery
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
    Subscriber,
)
from amparo.alerts.selectors import alert_settings
from amparo.reports.models import Sender

log = logging.getLogger(__name__)

BATCH_SECONDS = 10
BATCH_STEP = timedelta(seconds=BATCH_SECONDS)
# Rows written per transaction (whole batches, at least one): tens of milliseconds of SQLite's write lock.
CHUNK = 1000
# The longest pause between two chunks on SQLite (see _let_writers_in).
MAX_PAUSE = 0.1
# Chunks commit without waiting for the disk, except one at least this often (seconds), after which the
# batches committed since are enqueued (see _chunk_transaction).
SYNC_EVERY = 1.0


def batch_size(messages_per_second: int) -> int:
    return max(1, messages_per_second * BATCH_SECONDS)


def plan_alert(alert_id: int) -> None:
    """Write every batch and delivery of a SENDING alert and enqueue each batch for its time.

    Its audience is the alert's own (``audience.alert_audience``): the subscribers of the incident's
    areas, or, for a correction, the people earlier alerts reached, each also written as the
    correction's recipient in the same chunk. Expects no transaction: it opens one per chunk (inside a
    caller's transaction it still works, holding that transaction's lock throughout).

    Idempotent and safe to run twice at once (the task enqueued on commit, and the sweeper that finds
    the alert unplanned): each chunk locks the alert's row, stops if it was cancelled or planned
    meanwhile, and reads where planning stands (the last subscriber and batch) inside its transaction.
    A subscriber planned already is past that point, and (alert, subscriber) is unique besides. Once a
    chunk came short, a transaction that waits for the disk marks the alert planned under the same
    lock, with its deliveries counted, if nobody is left after the last subscriber."""
    alert = Alert.objects.select_related("organization", "incident").get(pk=alert_id)
    if alert.status != AlertStatus.SENDING or alert.planned_at is not None:
        return
    org = alert.organization
    settings = alert_settings(org)
    if alert.expires_at is None:
        alert.expires_at = timezone.now() + timedelta(hours=settings.expiry_hours)
        Alert.objects.filter(pk=alert.pk, expires_at__isnull=True).update(expires_at=alert.expires_at)
    size = batch_size(settings.messages_per_second)
    per_chunk = max(1, CHUNK // size)
    limit = per_chunk * size
    people = alert_audience(alert).filter(organization_id=org.pk)
    languages = list(alert.texts)
    default = org.default_language if org.default_language in alert.texts else next(iter(alert.texts), "")
    # Where planning stands, read under the alert's row lock in one query: the last subscriber and batch.
    deliveries = AlertDelivery.objects.filter(alert_id=OuterRef("pk")).order_by("-subscriber_id")
    last_batch = AlertBatch.objects.filter(alert_id=OuterRef("pk")).order_by("-seq")
    standing = (Alert.objects.select_for_update(of=("self",))
                .filter(pk=alert.pk, status=AlertStatus.SENDING, planned_at__isnull=True)
                .annotate(last=Subquery(deliveries.values("subscriber_id")[:1]),
                          seq=Subquery(last_batch.values("seq")[:1]), send_at=Subquery(last_batch.values("send_at")[:1]))
                .values_list("last", "seq", "send_at"))
    waiting: list[tuple[int, datetime]] = []  # committed batches not yet known to be on disk
    synced = float("-inf")
    exhausted = planned = False
    audience = 0
    while True:
        began = time.monotonic()
        # The transaction that marks the alert planned waits for the disk: its commit enqueues the last batches.
        durable = connection.in_atomic_block or exhausted or began - synced >= SYNC_EVERY
        with _chunk_transaction(durable):
            state = standing.first()
            if state is None:
                break  # cancelled, or planned by another run
            # Resume after whatever an earlier run planned.
            last, seq, send_at = state
            after = people.filter(pk__gt=last or 0)
            if exhausted and not after.exists():
                # Counted, not summed from this run's chunks: another run may have planned some of them.
                audience = AlertDelivery.objects.filter(alert=alert).count()
                Alert.objects.filter(pk=alert.pk).update(planned_at=timezone.now(), audience=audience)
                planned = True
            else:
                now = timezone.now()
                seq, send_at = (seq, max(send_at, now)) if seq else (0, now - BATCH_STEP)
                batches = AlertBatch.objects.bulk_create(
                    AlertBatch(alert=alert, seq=seq + i, send_at=send_at + i * BATCH_STEP) for i in range(1, per_chunk + 1))
                count = _insert_chunk(alert.pk, seq, after, size, limit, languages, default)
                used = -(-count // size)
                if used < per_chunk:  # the audience is exhausted: no empty batch
                    AlertBatch.objects.filter(pk__in=[b.pk for b in batches[used:]]).delete()
                if count and alert.correction_id:
                    _insert_correction_recipients(alert.correction_id, alert.pk, last or 0, now)
                waiting += [(b.pk, b.send_at) for b in batches[:used]]
                exhausted = count < limit
            if durable and waiting:
                transaction.on_commit(partial(enqueue_batches, waiting))
        committed = time.monotonic()
        if durable:
            synced, waiting = began, []
        if planned:
            break
        _let_writers_in(committed - began, time.monotonic() - committed)
    if not planned:
        # Stopped by a cancel (whose batches are closed: their tasks do nothing) or by another run that
        # marked the alert planned; either committed after these chunks, waiting for the disk, so these
        # chunks are on disk too.
        if waiting:
            transaction.on_commit(partial(enqueue_batches, waiting))
        return
    # Every batch may already be done: a worker takes the first one as soon as its chunk commits, and
    # ``finish_alert`` after the last batch found planning unfinished. Asked again now that it is
    # recorded, whoever comes second finishes the alert (and with no audience there is nothing to send).
    finish_alert(alert.pk, timezone.now())
    log.info("alert %s planned: %d deliveries", alert.pk, audience)


def _insert_chunk(alert_id: int, seq: int, people: QuerySet[Subscriber], size: int, limit: int,
                  languages: list[str], default: str) -> int:
    """The next ``limit`` subscribers of ``people`` (by id) as deliveries, ``size`` to a batch in the
    order of the batches numbered after ``seq``, in one INSERT ... SELECT: the rows never travel to
    Python and back (the earlier multi-row INSERT bound 5 values per row and spent more time building
    and parsing them than the database spent writing). Each subscriber's language if the alert has a
    text in it, else ``default``. Every column is written, so no database default is relied on.
    Returns how many rows were written."""
    # Named columns: the outer SELECT reads them by name, whatever order the ORM writes them in.
    rows = people.order_by("pk").values(sub_id=F("pk"), sub_language=F("language"))[:limit]
    select, select_params = rows.query.sql_with_params()
    deliveries = connection.ops.quote_name(AlertDelivery._meta.db_table)
    batches = connection.ops.quote_name(AlertBatch._meta.db_table)
    if languages:
        language = f"CASE WHEN p.sub_language IN ({', '.join(['%s'] * len(languages))}) THEN p.sub_language ELSE %s END"
        language_params: list[str] = [*languages, default]
    else:
        language, language_params = "%s", [default]
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {deliveries} (alert_id, batch_id, subscriber_id, language, status, attempts, "  # noqa: S608  # names from the models, the audience compiled by the ORM, values bound
            f"provider_id, error_code, updated_at) "
            f"SELECT %s, b.id, p.sub_id, {language}, %s, 0, '', '', NULL "
            f"FROM (SELECT q.sub_id, q.sub_language, ROW_NUMBER() OVER (ORDER BY q.sub_id) AS n FROM ({select}) q) p "
            f"JOIN {batches} b ON b.alert_id = %s AND b.seq = %s + 1 + (p.n - 1) / %s",
            [alert_id, *language_params, DeliveryStatus.QUEUED, *select_params, alert_id, seq, size])
        return int(cursor.rowcount)


def _insert_correction_recipients(correction_id: int, alert_id: int, after: int, now: datetime) -> None:
    """The chunk's deliveries (the alert's, past subscriber ``after``) as the correction's recipients
    (subscriber, keyed hash), in the chunk's transaction: who it reached, as the panel and the purge
    know them. One INSERT ... SELECT from the rows just written, like them."""
    recipients = connection.ops.quote_name(CorrectionRecipient._meta.db_table)
    deliveries = connection.ops.quote_name(AlertDelivery._meta.db_table)
    subscribers = connection.ops.quote_name(Subscriber._meta.db_table)
    at_value = str(connection.ops.adapt_datetimefield_value(now))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {recipients} (correction_id, phone_hash, sender, subscriber_id, status, provider_id, "  # noqa: S608  # names from the models, values bound
            f"updated_at) SELECT %s, s.phone_hash, %s, d.subscriber_id, %s, '', %s "
            f"FROM {deliveries} d JOIN {subscribers} s ON s.id = d.subscriber_id "
            f"WHERE d.alert_id = %s AND d.subscriber_id > %s",
            [correction_id, Sender.ALERTS, "planned", at_value, alert_id, after])


@contextmanager
def _chunk_transaction(durable: bool) -> Iterator[None]:
    """One chunk's transaction. Unless ``durable``, its commit does not wait for the disk (PostgreSQL's
    ``synchronous_commit`` off for this transaction; SQLite's ``synchronous=NORMAL`` on this connection
    for it): a crash may lose the last such chunks, whole, never half, and planning resumes after what
    is on disk. Their batches are enqueued only after a later commit that did wait, which puts all the
    earlier ones on disk with it (one write-ahead log), so no task ever names a batch a crash lost.
    Inside a caller's transaction the caller's commit decides, and nothing changes."""
    if durable or connection.in_atomic_block:
        with transaction.atomic():
            yield
    elif connection.vendor == "sqlite":
        # Per connection, and only between transactions; put back whatever the settings chose.
        with connection.cursor() as cursor:
            mode = int(cursor.execute("PRAGMA synchronous").fetchone()[0])
            cursor.execute("PRAGMA synchronous = NORMAL")
        try:
            with transaction.atomic():
                yield
        finally:
            with connection.cursor() as cursor:
                cursor.execute(f"PRAGMA synchronous = {mode}")
    else:
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
            yield


def _let_writers_in(held: float, since: float) -> None:
    """On SQLite, after a chunk's commit, leave the write lock free about as long as the chunk held it
    (``since`` the commit it has been free already). A webhook waiting for the lock polls it in
    SQLite's busy handler, every 100 ms once it has waited a little, and a planner that began its next
    transaction at once would win nearly every time: with the lock free half the time, each poll is an
    even chance, so intake is answered within a second while planning runs. PostgreSQL locks rows,
    not the database: no pause there. Never inside a caller's transaction, which keeps its lock."""
    if connection.vendor == "sqlite" and not connection.in_atomic_block:
        time.sleep(max(0.0, min(held, MAX_PAUSE) - since))


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
