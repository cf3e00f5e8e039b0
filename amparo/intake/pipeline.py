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

import contextlib
from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from amparo.blocklist.actions import blocked_group, is_blocked
from amparo.core.numbers import normalize_number
from amparo.core.throttle import allow
from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions
from amparo.incidents.correlate import correlate
from amparo.incidents.models import Incident, Kind
from amparo.intake.keywords import Answer, Message, code_prefix_of
from amparo.intake.router import Decision, route_message
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.messaging.models import MessageKind
from amparo.orgs.models import HotlineNumber, Organization
from amparo.places.understand import PlaceUnderstanding, understand
from amparo.reports.fingerprint import text_fingerprint
from amparo.reports.models import Report, ReportMedia, Route, Sender
from amparo.reports.optouts import is_opted_out
from amparo.reports.refs import next_number
from amparo.reports.tasks import enqueue_media_fetch
from amparo.texts.language import detect_language
from amparo.texts.render import render_text

INTAKE_LOCK_NAMESPACE = 7_331  # pg advisory lock class for per-organization intake


@dataclass
class IngestResult:
    report: Report
    created: bool  # False for a replay of a provider id already stored
    reply: str | None  # text to send back to the sender (None: send nothing)


def intake_lock(org: Organization) -> None:
    """Serialize intake per organization, so two reports of one event arriving
    together cannot both open a new incident. SQLite needs nothing: the
    connection runs IMMEDIATE transactions, one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [INTAKE_LOCK_NAMESPACE, org.pk])


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
                  language: str | None = None, sender: Sender = Sender.HOTLINE) -> IngestResult:
    """Store one inbound message and route it: keyword, follow-up or new report.

    ``sender`` is the sender the message reached: the hotline, or the alerts sender
    (``AlertSettings.messaging_service_sid``), whose keywords are its own. A message to the
    alerts sender that is no keyword is a report like any other (decision 5), and its
    acknowledgement goes out from the hotline (``send_sms``), never in the webhook's answer."""
    received_at = received_at or timezone.now()
    body = body or ""
    # Outside the lock. A replay pays for it too: bounded, it costs less than a look-up before every report.
    analysis = analyse(org, body, from_number, language)
    number, caller_hash, pu = analysis.number, analysis.caller_hash, analysis.place
    with transaction.atomic():
        intake_lock(org)
        existing = Report.objects.filter(organization=org, provider_id=provider_id).first()
        if existing is not None:
            return IngestResult(existing, False, None)
        # A blocked sender is stored like anyone (never lose a report) but routed to review, unanswered.
        blocked = is_blocked(org.pk, caller_hash)
        decision = (Decision(Route.REPORT) if blocked else
                    route_message(org, body=body, caller_hash=caller_hash, at=received_at,
                                  has_place=pu.precision != "none" or bool(pu.streets), sender=sender))
        hotline = (HotlineNumber.objects.filter(e164=normalize_number(to_number), organization=org).first()
                   if to_number and sender == Sender.HOTLINE else None)
        report = Report.objects.create(
            organization=org, channel=channel, provider_id=provider_id, number=next_number(org.pk), hotline=hotline,
            caller_hash=caller_hash, caller_number=number or None, body=body,
            language=_language(org, analysis), received_at=received_at,
            imported=imported, extra=extra, route=decision.route,
            place_id=pu.place_id, zip=pu.zip, h3_r8=pu.h3_r8, geo_precision=pu.precision,
            place_confidence=pu.confidence, place_info=pu.to_json(),
            text_fingerprint=analysis.fingerprint if decision.route == Route.REPORT else "",
        )
        incident: Incident | None = None
        answer: Answer | None = None
        reply_key: str | None = None
        if blocked:
            incident = blocked_group(org, received_at)
            actions.add_report(incident, report, by="intake")
        elif decision.keyword is not None:
            # Stored with no incident: what a keyword changes is recorded where it changed
            # (an offer's timeline, an opt-out).
            answer = decision.keyword.handler(Message(
                org=org, caller_hash=caller_hash, body=body, code=decision.code, now=received_at,
                language=report.language, sender=sender, in_audience=decision.in_audience,
                code_prefix=code_prefix_of(body), number=number))
            reply_key = answer.key
        elif decision.thread is not None:
            # Rule 3c: the thread's app records it where it belongs (a case's family thread).
            reply_key = decision.thread.attach(report)
        elif decision.route == Route.FOLLOWUP:
            assert decision.incident is not None
            incident = decision.incident
            actions.add_report(incident, report, by="intake")
            reply_key = "ack.followup"
        else:
            incident = correlate(org, report)
            reply_key = "ack.report"
        media_ids = [
            ReportMedia.objects.create(organization=org, report=report, url=url).pk for url in media_urls if url
        ]
        if media_ids:
            transaction.on_commit(lambda: enqueue_media_fetch(media_ids))
    reply = None
    if answer is not None and answer.text:
        # A keyword is answered by the sender it reached.
        if not imported and (answer.always or _may_reply(org, report, None, "keyword", sender=sender)):
            reply = answer.text
    elif not imported and reply_key and _may_reply(org, report, incident, reply_key):
        reply = reply_text(org, report, incident, reply_key)
        if sender != Sender.HOTLINE and number:
            # A report to the alerts sender is answered from the hotline: the number people report to.
            with contextlib.suppress(CannotMessage):  # no hotline number: nobody to answer from
                send_sms(org, number, reply, kind=MessageKind.ACK, incident=incident)
            reply = None
    return IngestResult(report, True, reply)


def _may_reply(org: Organization, report: Report, incident: Incident | None, key: str,
               sender: Sender = Sender.HOTLINE) -> bool:
    if not report.caller_hash or report.channel in ("web", "voice"):
        return False
    # Only a STOP to the sender that answers silences it (decision 62).
    if key not in ("start", "help") and is_opted_out(org.pk, report.caller_hash, sender=sender):
        return False
    if incident is not None and incident.kind == Kind.FLOOD:
        return False  # answering a flood only runs up the bill and tells the sender it works
    if not allow(f"reply:{org.pk}:{report.caller_hash}", org.replies_per_caller_per_hour, 3600):
        return False
    # The daily cap bounds the SMS bill of a flood from many numbers (settings.AMPARO_AUTO_REPLIES_PER_DAY).
    return allow(f"reply-org:{org.pk}", 300, 60) and allow(
        f"reply-org-day:{org.pk}", settings.AMPARO_AUTO_REPLIES_PER_DAY, 86400)


def reply_text(org: Organization, report: Report, incident: Incident | None, key: str) -> str:
    """The acknowledgement ``key`` for ``report``, in its language, with the reporter's reference."""
    lang = report.language or org.default_language
    # The reporter's own reference, never the incident's number: that one changes with merges and
    # splits, and a global id would tell anyone how busy the deployment is (issue 15, item 6).
    # A follow-up quotes the report it adds to: the caller's first one in this incident.
    first = report
    if key == "ack.followup" and incident is not None and report.caller_hash:
        first = (Report.objects.filter(organization=org, incident=incident, caller_hash=report.caller_hash)
                 .exclude(number=None).order_by("received_at", "pk").first()) or report
    text = render_text(org.pk, key, lang, ref=first.ref)
    if key == "ack.report":
        text = f"{text} {render_text(org.pk, 'kyr.short', lang)}"
    return text

