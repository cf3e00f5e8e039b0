"""Sending one batch of an alert, the providers' reports on it, and what a crash leaves behind.

A batch is claimed planned -> sending, then its deliveries queued -> sending
(attempts + 1), both with a conditional UPDATE, before the provider is
called (decision 24: at most once); deliveries are claimed a few at a time
(``CLAIM_GROUP``) and each still only if queued. A worker that dies during a
batch leaves its in-flight delivery "sending": the sweeper marks it UNKNOWN
after ``GRACE`` and never sends it again (one subscriber missing an alert is better
than a subscriber texted twice, and the console shows the count); the rest of
the batch is still queued and goes out when the sweeper hands the batch back.

Everything here runs in autocommit: each UPDATE is its own short transaction,
so a batch never holds SQLite's write lock while it talks to the provider.
The Huey tasks that call this live in ``amparo.alerts.fanout``.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, connection, transaction
from django.db.models import F, Max
from django.utils import timezone

from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertSettings,
    AlertStatus,
    BatchStatus,
    DeliveryStatus,
    Subscriber,
    SubscriberStatus,
)
from amparo.messaging.models import OutboundMessage
from amparo.messaging.transports import (
    PermanentSendError,
    TransientSendError,
    Transport,
    get_transport,
)
from amparo.reports.models import Sender
from amparo.reports.optouts import opt_out, opted_out

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Deliveries claimed in one UPDATE and recorded in one transaction (see _send_group).
CLAIM_GROUP = 10
RETRY_AFTER = timedelta(seconds=60)
# A batch is rate x 10 s of sending; one still "sending" after this is a dead worker's.
GRACE = timedelta(minutes=5)
# A planned batch this late was lost between commit and enqueue (or its task was): enqueue it again.
OVERDUE = timedelta(minutes=2)
# Twilio's code for a number that texted STOP to the sender: it is an alerts opt-out.
OPTED_OUT_CODE = "21610"
# Codes that say the number itself cannot be reached (not the network, not our account): invalid number (21211),
# not a mobile number (21614), unreachable handset (30003), unknown handset (30005), landline or unreachable
# carrier (30006). After UNREACHABLE_AFTER deliveries failed so, the subscriber is UNDELIVERABLE (decision).
UNREACHABLE_CODES = frozenset({"21211", "21614", "30003", "30005", "30006"})
UNREACHABLE_AFTER = 3

# A delivery's status only moves up (as messaging.models.STATUS_RANK); the final ones share the top rung.
DELIVERY_RANK: dict[str, int] = {
    DeliveryStatus.QUEUED: 0, DeliveryStatus.SENDING: 1, DeliveryStatus.UNKNOWN: 1, DeliveryStatus.SENT: 2,
    DeliveryStatus.DELIVERED: 3, DeliveryStatus.UNDELIVERED: 3, DeliveryStatus.FAILED: 3, DeliveryStatus.CONSOLE: 3,
}
# A provider's answer (messaging.models.MessageStatus values) as a delivery status.
FROM_MESSAGE_STATUS = {
    "sending": DeliveryStatus.SENDING, "sent": DeliveryStatus.SENT, "delivered": DeliveryStatus.DELIVERED,
    "undelivered": DeliveryStatus.UNDELIVERED, "failed": DeliveryStatus.FAILED,
    "received-by-console": DeliveryStatus.CONSOLE,
}
UNSTARTED = (BatchStatus.PLANNED,)
OPEN_BATCHES = (BatchStatus.PLANNED, BatchStatus.SENDING)


@dataclass(frozen=True)
class BatchResult:
    status: str  # the batch's status afterwards, or "busy" when another worker holds it
    sent: int = 0
    retry_batch_id: int | None = None  # a batch of transient failures to enqueue for later
    retry_at: datetime | None = None


def send_batch(batch_id: int, transport: Transport | None = None, *, now: datetime | None = None) -> BatchResult:
    """Send the queued deliveries of one batch. Called by the batch's Huey task (by id), and again by
    the sweeper for a batch a dead worker left. Expects no transaction (autocommit)."""
    now = now or timezone.now()
    claimed = AlertBatch.objects.filter(pk=batch_id, status=BatchStatus.PLANNED).update(
        status=BatchStatus.SENDING, started_at=now)
    if not claimed:
        return BatchResult(status="busy")
    batch = AlertBatch.objects.select_related("alert__organization").get(pk=batch_id)
    alert = batch.alert
    if alert.status == AlertStatus.CANCELLED:
        _close_batch(batch, BatchStatus.CANCELLED, DeliveryStatus.CANCELLED, now)
        return BatchResult(status=BatchStatus.CANCELLED)
    if alert.status == AlertStatus.EXPIRED or (alert.expires_at and alert.expires_at <= now):
        _close_batch(batch, BatchStatus.EXPIRED, DeliveryStatus.EXPIRED, now)
        finish_alert(alert.pk, now)
        return BatchResult(status=BatchStatus.EXPIRED)

    org = alert.organization
    sender = _alerts_sender(org.pk)
    queued = list(AlertDelivery.objects.filter(batch=batch, status=DeliveryStatus.QUEUED)
                  .select_related("subscriber").order_by("pk"))
    # Stopped, lapsed or opted out since the alert was planned: not sent.
    stopped = opted_out(org.pk, [d.subscriber.phone_hash for d in queued], sender=Sender.ALERTS)
    skip = [d.pk for d in queued if d.subscriber.status != SubscriberStatus.ACTIVE or d.subscriber.phone_hash in stopped]
    if skip:
        AlertDelivery.objects.filter(pk__in=skip, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.SKIPPED, updated_at=now)
    transport = transport or get_transport()
    sent_to: list[int] = []
    retry: list[int] = []
    pending = [d for d in queued if d.pk not in skip]
    for at in range(0, len(pending), CLAIM_GROUP):
        group = pending[at:at + CLAIM_GROUP]
        if retry:  # the provider is failing (rate limit, outage): the rest of the batch waits with it
            retry += [d.pk for d in group]
            continue
        sent, held = _send_group(group, alert, sender, transport)
        sent_to += sent
        retry += held
    done_at = timezone.now()
    if sent_to:
        # What lapsing is measured from: one UPDATE per batch.
        Subscriber.objects.filter(pk__in=sent_to).update(last_activity_at=done_at)
    retry_batch = _retry_batch(batch, retry, done_at) if retry else None
    AlertBatch.objects.filter(pk=batch.pk, status=BatchStatus.SENDING).update(
        status=BatchStatus.DONE, finished_at=done_at)
    finish_alert(alert.pk, done_at)
    return BatchResult(status=BatchStatus.DONE, sent=len(sent_to),
                       retry_batch_id=retry_batch.pk if retry_batch else None,
                       retry_at=retry_batch.send_at if retry_batch else None)


def _alerts_sender(org_id: int) -> str:
    return AlertSettings.objects.filter(organization_id=org_id).values_list("messaging_service_sid",
                                                                           flat=True).first() or ""


def _claim(ids: list[int]) -> set[int]:
    """queued -> sending, attempts + 1, for each of ``ids`` still queued: one conditional UPDATE whose
    RETURNING says exactly which rows this worker holds (SQLite 3.35+ and PostgreSQL)."""
    if not ids:
        return set()
    table = connection.ops.quote_name(AlertDelivery._meta.db_table)
    marks = ", ".join(["%s"] * len(ids))
    with connection.cursor() as cursor:
        cursor.execute(f"UPDATE {table} SET status = %s, attempts = attempts + 1, updated_at = %s "  # noqa: S608  # names from the model, values bound
                       f"WHERE id IN ({marks}) AND status = %s RETURNING id",
                       [DeliveryStatus.SENDING, timezone.now(), *ids, DeliveryStatus.QUEUED])
        return {row[0] for row in cursor.fetchall()}


def _send_group(group: list[AlertDelivery], alert: Alert, sender: str,
                transport: Transport) -> tuple[list[int], list[int]]:
    """Claim a few deliveries in one UPDATE, send each, record what happened in one transaction.
    Returns the subscribers reached and the deliveries held back for a retry batch.

    Claiming CLAIM_GROUP at a time keeps SQLite's commits (each an fsync) to two per group rather
    than two per text, which is what lets one worker keep 100 texts a second. A worker killed outright
    (SIGKILL) leaves its claimed, unrecorded rows "sending": at most CLAIM_GROUP UNKNOWN, never resent.
    An exception that unwinds (KeyboardInterrupt, SystemExit, a bug) records what was done first and
    puts back to queued the claimed rows whose text never left."""
    claimed = _claim([d.pk for d in group])
    todo = [d for d in group if d.pk in claimed]
    done: list[tuple[AlertDelivery, str, str, str]] = []  # (delivery, status, provider id, error code)
    held: list[int] = []
    in_flight: int | None = None
    try:
        for delivery in todo:
            if held:  # a transient failure in this group: the rest waits for the retry batch untried
                done.append((delivery, "untried", "", ""))
                held.append(delivery.pk)
                continue
            in_flight = delivery.pk
            status, provider_id, code = _send_one(delivery, alert, sender, transport)
            in_flight = None
            done.append((delivery, status, provider_id, code))
            if status == DeliveryStatus.QUEUED:
                held.append(delivery.pk)
    except BaseException:
        tried = {d.pk for d, *_rest in done}
        untried = [d for d in todo if d.pk not in tried and d.pk != in_flight]
        _record(done + [(d, "untried", "", "") for d in untried], alert.organization_id)
        raise
    _record(done, alert.organization_id)
    reached = [d.subscriber_id for d, status, *_rest in done
               if status in (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.CONSOLE,
                             DeliveryStatus.SENDING)]
    return reached, held


def _send_one(delivery: AlertDelivery, alert: Alert, sender: str, transport: Transport) -> tuple[str, str, str]:
    """Hand one claimed delivery to the provider; (status, provider id, error code). QUEUED: try again
    later; nothing is written here."""
    attempts = delivery.attempts + 1
    language = delivery.language if delivery.language in alert.texts else next(iter(alert.texts), "")
    # Unsaved: an alert's copies are not hotline conversations; the delivery row is the record.
    message = OutboundMessage(organization=alert.organization, to_number=delivery.subscriber.phone,
                              from_number=sender, body=alert.texts.get(language, ""))
    try:
        result = transport.send(message)
    except TransientSendError as exc:
        log.warning("alert delivery %s: transient send failure (%s)", delivery.pk, exc)
        if attempts >= MAX_ATTEMPTS:
            return DeliveryStatus.FAILED, "", "retries"
        return DeliveryStatus.QUEUED, "", ""
    except PermanentSendError as exc:
        return DeliveryStatus.FAILED, "", exc.code or "refused"
    return FROM_MESSAGE_STATUS.get(result.status, DeliveryStatus.SENT), result.provider_id[:64], ""


def _record(done: list[tuple[AlertDelivery, str, str, str]], org_id: int) -> None:
    """What a group's sends came to, in one transaction (one commit)."""
    now = timezone.now()
    claimed = AlertDelivery.objects.filter(status=DeliveryStatus.SENDING)
    with transaction.atomic():
        for delivery, status, provider_id, code in done:
            mine = claimed.filter(pk=delivery.pk)
            if status == "untried":  # never left: as it was before the claim
                mine.update(status=DeliveryStatus.QUEUED, attempts=F("attempts") - 1, updated_at=now)
            elif status == DeliveryStatus.QUEUED:
                mine.update(status=DeliveryStatus.QUEUED, updated_at=now)
            elif status == DeliveryStatus.FAILED:
                mine.update(status=status, error_code=code[:16], updated_at=now)
            else:
                # SENDING or UNKNOWN: the sweeper may have judged this worker dead meanwhile; the provider's
                # word wins.
                AlertDelivery.objects.filter(pk=delivery.pk, status__in=(DeliveryStatus.SENDING,
                                                                         DeliveryStatus.UNKNOWN)).update(
                    status=status, provider_id=provider_id, updated_at=now)
        for delivery, status, _provider_id, code in done:
            if status == DeliveryStatus.FAILED and code != "retries":
                after_failure(org_id, delivery.subscriber, code)


def _close_batch(batch: AlertBatch, batch_status: str, delivery_status: str, now: datetime) -> None:
    AlertDelivery.objects.filter(batch=batch, status=DeliveryStatus.QUEUED).update(status=delivery_status,
                                                                                  updated_at=now)
    AlertBatch.objects.filter(pk=batch.pk).update(status=batch_status, finished_at=now)


def _retry_batch(batch: AlertBatch, delivery_ids: list[int], now: datetime) -> AlertBatch | None:
    """A new batch, later, for the deliveries a transient failure held back (their attempts are bounded)."""
    for _try in range(5):
        seq = (AlertBatch.objects.filter(alert_id=batch.alert_id).aggregate(m=Max("seq"))["m"] or 0) + 1
        try:
            retry = AlertBatch.objects.create(alert_id=batch.alert_id, seq=seq, send_at=now + RETRY_AFTER)
        except IntegrityError:  # another batch took the number at the same moment
            continue
        AlertDelivery.objects.filter(pk__in=delivery_ids, status=DeliveryStatus.QUEUED).update(batch=retry)
        return retry
    log.error("alert %s: no retry batch could be numbered; its queued deliveries wait for the sweeper",
              batch.alert_id)
    return None


def finish_alert(alert_id: int, now: datetime) -> None:
    """SENT once planning is over and no batch is left to run; EXPIRED if some expired unsent."""
    if AlertBatch.objects.filter(alert_id=alert_id, status__in=OPEN_BATCHES).exists():
        return
    expired = AlertBatch.objects.filter(alert_id=alert_id, status=BatchStatus.EXPIRED).exists()
    Alert.objects.filter(pk=alert_id, status=AlertStatus.SENDING, planned_at__isnull=False).update(
        status=AlertStatus.EXPIRED if expired else AlertStatus.SENT, finished_at=now)


def after_failure(org_id: int, subscriber: Subscriber, code: str) -> None:
    """What a failure code says about the number: a STOP to the sender (21610) is an alerts opt-out;
    a number the carrier cannot reach, UNREACHABLE_AFTER times, is UNDELIVERABLE and gets no more alerts."""
    if code == OPTED_OUT_CODE:
        opt_out(org_id, subscriber.phone_hash, sender=Sender.ALERTS)
    elif code in UNREACHABLE_CODES:
        failures = AlertDelivery.objects.filter(
            subscriber=subscriber, status__in=(DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED),
            error_code__in=UNREACHABLE_CODES)
        if subscriber.confirmed_at is not None:
            # Only since the number last confirmed: one that signed up again (a new phone, the same number)
            # starts afresh, never undeliverable again at its first failure because of the old ones.
            failures = failures.filter(updated_at__gte=subscriber.confirmed_at)
        if failures.count() >= UNREACHABLE_AFTER:
            mark_undeliverable(subscriber.pk)


def mark_undeliverable(subscriber_id: int) -> None:
    """The carrier keeps saying the number cannot be reached: no more alerts to it. Only an ACTIVE
    subscription changes; signing up again (amparo.alerts.subscriptions) makes it active again."""
    Subscriber.objects.filter(pk=subscriber_id, status=SubscriberStatus.ACTIVE).update(
        status=SubscriberStatus.UNDELIVERABLE, updated_at=timezone.now())


def record_delivery_status(org_id: int, provider_id: str, *, status: str | None, error_code: str = "") -> bool:
    """A provider's status callback for an alert's copy (found by its message id). Monotonic: a status
    never moves back down DELIVERY_RANK. Returns False when no delivery of the organization has that id."""
    delivery = (AlertDelivery.objects.select_related("subscriber")
                .filter(alert__organization_id=org_id, provider_id=provider_id).first())
    if delivery is None:
        return False
    new = FROM_MESSAGE_STATUS.get(status or "")
    if new is None:
        return True  # a word we do not track
    lower = [s for s, rank in DELIVERY_RANK.items() if rank < DELIVERY_RANK[new]]
    fields: dict[str, object] = {"status": new, "updated_at": timezone.now()}
    if error_code:
        fields["error_code"] = error_code[:16]
    moved = AlertDelivery.objects.filter(pk=delivery.pk, status__in=lower).update(**fields)
    if moved and error_code and new in (DeliveryStatus.FAILED, DeliveryStatus.UNDELIVERED):
        after_failure(org_id, delivery.subscriber, error_code)
    return True


def organization_of_delivery(provider_id: str) -> int | None:
    """Which organization sent the alert copy with this provider id (None if none, or ambiguous)."""
    found = list(AlertDelivery.objects.filter(provider_id=provider_id).values_list("alert__organization_id",
                                                                                  flat=True)[:2])
    return found[0] if len(found) == 1 else None


@dataclass(frozen=True)
class SweepResult:
    enqueue: list[tuple[int, datetime]]  # (batch id, send_at) to hand to the queue
    unknown: int = 0
    expired: int = 0


def sweep(now: datetime | None = None) -> SweepResult:
    """What a crash left behind, run every minute: expire unsent batches of expired alerts; mark
    UNKNOWN the deliveries a dead worker left "sending" and hand its batch back; list the planned
    batches whose time has passed (a crash between commit and enqueue, or a lost task)."""
    now = now or timezone.now()
    expired_batches = list(AlertBatch.objects.filter(
        status=BatchStatus.PLANNED, alert__expires_at__lte=now).values_list("pk", "alert_id")[:1000])
    for batch_id, _alert_id in expired_batches:
        AlertDelivery.objects.filter(batch_id=batch_id, status=DeliveryStatus.QUEUED).update(
            status=DeliveryStatus.EXPIRED, updated_at=now)
    if expired_batches:
        AlertBatch.objects.filter(pk__in=[b for b, _a in expired_batches], status=BatchStatus.PLANNED).update(
            status=BatchStatus.EXPIRED, finished_at=now)
        for alert_id in {a for _b, a in expired_batches}:
            finish_alert(alert_id, now)
    dead = list(AlertBatch.objects.filter(status=BatchStatus.SENDING, started_at__lt=now - GRACE)
                .values_list("pk", flat=True)[:1000])
    unknown = 0
    if dead:
        unknown = AlertDelivery.objects.filter(batch_id__in=dead, status=DeliveryStatus.SENDING).update(
            status=DeliveryStatus.UNKNOWN, updated_at=now)
        AlertBatch.objects.filter(pk__in=dead, status=BatchStatus.SENDING).update(status=BatchStatus.PLANNED)
        log.warning("alerts: %d batches left sending by a dead worker; %d deliveries marked unknown",
                    len(dead), unknown)
    overdue = list(AlertBatch.objects.filter(status=BatchStatus.PLANNED, send_at__lt=now - OVERDUE)
                   .order_by("send_at").values_list("pk", "send_at")[:1000])
    return SweepResult(enqueue=overdue, unknown=unknown, expired=len(expired_batches))
