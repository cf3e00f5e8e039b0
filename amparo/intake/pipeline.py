"""The intake pipeline: every channel's inbound report goes through ``ingest_report``.

Store first, then decide: the report row is written in the same transaction
that routes and correlates it, and the provider's id is unique per
organization, so a replayed webhook or a re-run import creates nothing new.
Replies are throttled; storing never is.

What the text says (its language, its place, its fingerprint) is worked out
before the transaction and the intake lock: that is CPU work on untrusted
text, and under the lock it would hold SQLite's one write lock (and the GIL)
for every other report of every network. Each analysis reads only the head
of the text (``LANGUAGE_TEXT_CHARS``, ``PLACE_TEXT_CHARS``); the body is
stored whole.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import connection, transaction
from django.utils import timezone
from huey.contrib.djhuey import HUEY

from amparo.blocklist.actions import is_blocked
from amparo.core.numbers import normalize_number
from amparo.crypto.keys import keyed_hash
from amparo.incidents.correlate import is_flood
from amparo.intake.keywords import Message, Sender, candidates, code_prefix_of
from amparo.intake.processing import (
    INTAKE_LOCK_NAMESPACE,
    drain,
    intake_lock,
    may_reply,
    reply_text,
    sqlite_writer,
    store_lock,
)
from amparo.intake.router import may_be_conversation, route_keyword
from amparo.intake.tasks import schedule_processing
from amparo.messaging.actions import send_ack
from amparo.orgs.models import HotlineNumber, Organization
from amparo.places.understand import PlaceUnderstanding, understand
from amparo.reports.fingerprint import text_fingerprint
from amparo.reports.models import Pending, Report, ReportMedia, Route
from amparo.reports.refs import next_number
from amparo.reports.tasks import enqueue_media_fetch
from amparo.texts.language import detect_language

__all__ = ["INTAKE_LOCK_NAMESPACE", "IngestResult", "analyse", "ingest_report", "intake_lock", "store_lock"]



@dataclass
class IngestResult:
    report: Report
    created: bool  # False for a replay of a provider id already stored
    reply: str | None  # text to send back to the sender (None: send nothing)


@dataclass(frozen=True)
class Analysis:
    """What intake reads from a message, worked out before the write lock is taken."""

    number: str  # the sender, E.164 when it parses
    caller_hash: str
    place: PlaceUnderstanding
    language: str  # the language given or detected
    language_sure: bool  # False: the sender's earlier language wins, if any (read under the lock)
    fingerprint: str  # stored only on a report routed as a new report


def analyse(org: Organization, body: str, from_number: str | None, given_language: str | None) -> Analysis:
    """The CPU-bound part of intake. Reads the database (keys, gazetteer) but writes nothing."""
    number = normalize_number(from_number)
    codes = org.language_codes()
    if given_language and given_language in codes:
        language, sure = given_language, True
    else:
        language, sure = detect_language(body, codes, org.default_language)
    return Analysis(
        number=number, caller_hash=keyed_hash(org.pk, "tel:" + number) if number else "",
        place=understand(org, body), language=language, language_sure=sure,
        fingerprint=text_fingerprint(org.pk, body),
    )


def _language(org: Organization, analysis: Analysis) -> str:
    if analysis.language_sure or not analysis.caller_hash:
        return analysis.language
    previous = (
        Report.objects.filter(organization=org, caller_hash=analysis.caller_hash).exclude(language="")
        .order_by("-received_at").values_list("language", flat=True).first()
    )
    return previous or analysis.language


def ingest_report(*, org: Organization, channel: str, provider_id: str, from_number: str | None,
                  body: str, received_at: datetime | None = None, to_number: str = "",
                  media_urls: tuple[str, ...] = (), extra: dict | None = None, imported: bool = False,
                  language: str | None = None, defer: bool | None = None,
                  hotline: HotlineNumber | None = None, sender: Sender = Sender.HOTLINE) -> IngestResult:
    """Store one inbound message, answer what can be answered at once, and hand the rest to the
    intake worker (decision 144).

    ``hotline``: the number written to, when the caller already looked it up by ``to_number``.
    ``sender``: the sender the message reached: the hotline, or the alerts sender
    (``AlertSettings.messaging_service_sid``), whose keywords are its own. A keyword is answered by
    the sender it reached (in the webhook's answer). A message to the alerts sender that is no keyword
    is a report like any other (decision 5), stored with its sender, and its acknowledgement goes out
    from the hotline (``send_ack``), never in the webhook's answer, whichever step gives it.
    ``defer``: None decides. The report is processed in this call (and its answer returned) when the
    caller runs inside a transaction of its own (a voice step holding its call row, tests), for an
    import, or with Huey's immediate mode; otherwise the worker processes it right after commit."""
    received_at = received_at or timezone.now()
    body = body or ""
    defer = (defer_by_default() if defer is None else defer) and not imported
    # Outside the lock. A replay pays for it too: bounded, it costs less than a look-up before every report.
    analysis = analyse(org, body, from_number, language)
    # Outside the lock too: a block racing with the message may apply to it or not, either is right.
    # A blocked sender is stored like anyone (never lose a report) but routed to review, unanswered.
    blocked = is_blocked(org.pk, analysis.caller_hash)
    with sqlite_writer(), transaction.atomic():
        store_lock(org)
        with connection.cursor() as cursor:  # the replay check, on every report: the unique index, no ORM
            cursor.execute("SELECT id FROM reports_report WHERE organization_id = %s AND provider_id = %s",
                           [org.pk, provider_id])
            row = cursor.fetchone()
        if row is not None:
            return IngestResult(Report.objects.get(pk=row[0]), False, None)
        report, reply, ack = _store(org, analysis, channel=channel, provider_id=provider_id, body=body,
                                    received_at=received_at, to_number=to_number, extra=extra, imported=imported,
                                    defer=defer, hotline=hotline, sender=sender, blocked=blocked)
        media_ids = [
            ReportMedia.objects.create(organization=org, report=report, url=url).pk for url in media_urls if url
        ]
        if media_ids:
            transaction.on_commit(lambda: enqueue_media_fetch(media_ids))
    if ack and may_reply(org, report, None, "ack.report"):
        # After the commit, out of the lock: the limits and the opt-out change nothing stored.
        reply = reply_text(org, report, None, "ack.report")
    if report.pending == Pending.DONE:
        return IngestResult(report, True, reply)
    if defer:
        # Committed: the report is durable before the webhook answers. A lost hand-over (a crash
        # right here) leaves it pending for the sweeper.
        schedule_processing(org.pk)
        return IngestResult(report, True, reply)
    drained = drain(org.pk, hand_back=report.pk)
    report = drained.handed or report
    return IngestResult(report, True, drained.reply)


def defer_by_default() -> bool:
    """Hand new reports to the worker, unless the caller runs inside a transaction of its own (its
    report would not be committed for the worker to see) or Huey runs tasks in the caller."""
    return not (connection.in_atomic_block or HUEY.immediate)


def _store(org: Organization, analysis: Analysis, *, channel: str, provider_id: str, body: str,
           received_at: datetime, to_number: str, extra: dict | None, imported: bool,
           defer: bool, hotline: HotlineNumber | None, sender: Sender,
           blocked: bool) -> tuple[Report, str | None, bool]:
    """The part under the store lock: run a keyword of the sender's at once (under the processing
    lock too), decide whether the webhook acknowledges a new report now (the answer that needs no
    correlation), and insert the report. Returns the report, a keyword's answer, and whether the
    acknowledgement is due, limits and opt-outs permitting: the caller asks those after the commit."""
    pu, caller_hash = analysis.place, analysis.caller_hash
    decision = None if blocked else route_keyword(org, body=body, caller_hash=caller_hash, sender=sender)
    if sender != Sender.HOTLINE:
        hotline = None  # the alerts sender's numbers are no hotline's
    elif hotline is None and to_number:
        hotline = HotlineNumber.objects.filter(e164=normalize_number(to_number), organization=org).first()
    route = decision.route if decision is not None else Route.REPORT
    report = Report(
        organization=org, channel=channel, provider_id=provider_id, hotline=hotline, sender=sender,
        caller_hash=caller_hash, caller_number=analysis.number or None, body=body,
        received_at=received_at, imported=imported, extra=extra, route=route,
        place_id=pu.place_id, zip=pu.zip, h3_r8=pu.h3_r8, geo_precision=pu.precision,
        place_confidence=pu.confidence, place_info=pu.to_json(),
        text_fingerprint=analysis.fingerprint if route == Route.REPORT else "",
    )
    ack = False
    if decision is not None:
        report.pending = Pending.DONE
    elif blocked or imported:
        report.pending = Pending.PROCESS  # never answered
    elif not defer or _answer_waits(org, report, body, sender):
        report.pending = Pending.ANSWER  # answered by whoever processes it: the answer depends on correlation
    else:
        # Certainly a new report: acknowledged now, correlated by the worker. A flood is never
        # answered, so the flood check runs here, before correlation, on what is stored.
        report.pending = Pending.PROCESS
        ack = not is_flood(org, report)
    report.language = _language(org, analysis)
    report.number = next_number(org.pk)
    report.save(force_insert=True)
    if decision is not None:
        assert decision.keyword is not None
        # What a keyword changes (an offer, a dispatch) the worker's correlation may change too.
        intake_lock(org)
        # Stored with no incident: what a keyword changes is recorded where it changed
        # (an offer's timeline, an opt-out).
        answer = decision.keyword.handler(Message(
            org=org, caller_hash=caller_hash, body=body, code=decision.code, now=received_at,
            language=report.language, sender=sender, in_audience=decision.in_audience,
            code_prefix=code_prefix_of(body), number=analysis.number))
        if imported:
            return report, None, False
        # A keyword is answered by the sender it reached.
        if answer.text:
            allowed = answer.always or may_reply(org, report, None, "keyword", sender=sender)
            return report, answer.text if allowed else None, False
        if answer.key and may_reply(org, report, None, answer.key, sender=sender):
            return report, reply_text(org, report, None, answer.key), False
        return report, None, False
    if not ack:
        return report, None, False
    if sender != Sender.HOTLINE:
        # A report to the alerts sender is answered from the hotline: the number people report to,
        # by a message stored in this transaction.
        if may_reply(org, report, None, "ack.report"):
            send_ack(report, reply_text(org, report, None, "ack.report"))
        return report, None, False
    return report, None, True


def _answer_waits(org: Organization, report: Report, body: str, sender: Sender) -> bool:
    """Whether the answer depends on where earlier reports went: the message may continue a
    conversation (rule 3), or is a responder's word with a number from a stranger (rule 2)."""
    found, code = candidates(body, sender, org.pk)
    if code is not None and any(k.answers_strangers_with_code for k in found):
        return True
    return may_be_conversation(org, report.caller_hash, report.received_at)
