"""The intake worker's step: route and correlate what the webhooks stored, in arrival order.

The webhook (``pipeline.ingest_report``) stores a report, answers keywords at once and marks every
other report ``pending``. This module finishes them, per organization, strictly in arrival order
(report id): conversations (rule 3 of the router) and floods depend on where the sender's earlier
reports went, and two worker threads must never reorder one network's reports.

Each report is processed in its own transaction under the organization's intake lock (decision 7):
the next pending report is read under the lock, routed, correlated, and marked done in that same
transaction. So a report is processed exactly once: a second worker waiting on the lock then finds
it done, and a crash rolls the step back, leaving it pending for the next task or the sweeper
(``tasks.sweep_pending_reports``). The answer that depends on correlation (a follow-up quotes the
caller's first report in the incident) is stored as an outbound message in the same transaction,
and a message is sent at most once (decision 24): never lost, never twice.
"""

from __future__ import annotations

import fcntl
import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction

from amparo.blocklist.actions import blocked_group, is_blocked
from amparo.core.throttle import allow
from amparo.incidents import actions
from amparo.incidents.correlate import correlate
from amparo.incidents.models import Incident, Kind
from amparo.intake.keywords import Answer, Message, code_prefix_of
from amparo.intake.router import route_conversation
from amparo.messaging.actions import send_ack
from amparo.orgs.models import Organization
from amparo.reports.models import Pending, Report, Route, Sender
from amparo.reports.optouts import is_opted_out
from amparo.texts.render import render_text

INTAKE_LOCK_NAMESPACE = 7_331  # pg advisory lock class for per-organization processing
STORE_LOCK_NAMESPACE = 7_332  # pg advisory lock class for per-organization storing (the webhook)


def intake_lock(org: Organization) -> None:
    """Serialize the processing of reports per organization, so two reports of one event arriving
    together cannot both open a new incident, and run a keyword's handler under it too. SQLite needs
    nothing: the connection runs IMMEDIATE transactions, one writer at a time."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [INTAKE_LOCK_NAMESPACE, org.pk])


_sqlite_write = threading.Lock()
SQLITE_WORKER_YIELD = 0.01  # seconds the worker leaves SQLite's write lock free between two reports
_lock_files: dict[str, int] = {}


@contextmanager
def sqlite_writer() -> Iterator[None]:
    """On SQLite, let intake's writers (the webhooks' threads, the worker's) take the database's one
    write lock in turn. Waiting on SQLite's own busy handler, a writer sleeps and retries (1 ms up to
    100 ms) and loses every round to one that never sleeps: under a burst, webhooks waited seconds
    while the worker correlated report after report. A thread lock queues this process's threads, and
    an flock on a file beside the database queues the processes: the kernel wakes a waiter as soon as
    it is free. Nothing when the caller already holds a transaction (it holds the write lock: BEGIN
    IMMEDIATE), nor on PostgreSQL."""
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        yield
        return
    database = str(connection.settings_dict["NAME"])
    with _sqlite_write:
        if database == ":memory:" or "mode=memory" in database:  # tests: one process, no file
            yield
            return
        fd = _lock_file(database)
        fcntl.flock(fd, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)


def _lock_file(database: str) -> int:
    fd = _lock_files.get(database)
    if fd is None:  # under _sqlite_write: opened once per process and database
        fd = os.open(f"{database}.intake-lock", os.O_RDWR | os.O_CREAT, 0o600)
        _lock_files[database] = fd
    return fd


def store_lock(org: Organization) -> None:
    """Serialize the storing of reports per organization (decision 152): the replay check, the
    checks on what is stored (conversation, flood), the report's number and its insert. Not the
    processing lock: the webhook does not wait while the worker correlates. Taken before
    ``intake_lock`` whenever both are held, never after it. SQLite: one writer at a time anyway."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [STORE_LOCK_NAMESPACE, org.pk])


@dataclass(frozen=True)
class Processed:
    report: Report
    reply: str | None  # the answer owed, when the report was stored as Pending.ANSWER


def has_place(report: Report) -> bool:
    info = report.place_info if isinstance(report.place_info, dict) else {}
    return report.geo_precision != "none" or bool(info.get("streets"))


def process_report(org: Organization, report: Report) -> str | None:
    """Route and correlate one stored report. Call it under the intake lock, in the transaction
    that marks it done. Returns the answer text when one is owed and allowed."""
    incident: Incident | None = None
    answer: Answer | None = None
    reply_key: str | None = None
    owed = report.pending == Pending.ANSWER and not report.imported
    if is_blocked(org.pk, report.caller_hash):
        # Stored like anyone's (never lose a report), routed to review, unanswered.
        incident = blocked_group(org, report.received_at)
        actions.add_report(incident, report, by="intake")
        return None
    body = report.body or ""
    sender = Sender(report.sender)  # the sender it reached: its keywords, its opt-outs
    decision = route_conversation(org, body=body, caller_hash=report.caller_hash, at=report.received_at,
                                  has_place=has_place(report), sender=sender)
    if decision.route != report.route:
        report.route = decision.route
        if decision.route != Route.REPORT:
            report.text_fingerprint = ""  # only a new report counts towards a chain-text flood
        report.save(update_fields=["route", "text_fingerprint"])
    if decision.keyword is not None:
        # Rule 2: a stranger's word with a number gets a helpful answer; nothing changes.
        answer = decision.keyword.handler(Message(
            org=org, caller_hash=report.caller_hash, body=body, code=decision.code, now=report.received_at,
            language=report.language, sender=sender, in_audience=decision.in_audience,
            code_prefix=code_prefix_of(body), number=report.caller_number or ""))
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
    if not owed:
        return None
    if answer is not None and answer.text:
        return answer.text if answer.always or may_reply(org, report, None, "keyword", sender=sender) else None
    if reply_key and may_reply(org, report, incident, reply_key):
        return reply_text(org, report, incident, reply_key)
    return None


@dataclass(frozen=True)
class Drained:
    count: int  # reports processed
    handed: Report | None = None  # report ``hand_back``, processed
    reply: str | None = None  # its answer, returned instead of sent


def drain(org_id: int, *, hand_back: int | None = None) -> Drained:
    """Process every pending report of the organization, oldest first, one transaction each.

    Answers owed are stored as outbound messages and sent after commit, except the answer of report
    ``hand_back``, which is returned instead: a caller that processes its own report at once answers
    in its HTTP response. A report to the alerts sender is answered from the hotline (``send_ack``),
    never in the response: the alerts sender is not the number people report to."""
    count, handed, handed_reply = 0, None, None
    if not _any_pending(org_id):
        # Most tasks of a burst find their report done by an earlier one: a read tells, without the
        # lock (on SQLite, the one write lock the webhooks wait for).
        return Drained(0)
    org = Organization.objects.get(pk=org_id)
    while True:
        with sqlite_writer(), transaction.atomic():
            intake_lock(org)
            report = (Report.objects.filter(organization=org).exclude(pending=Pending.DONE)
                      .order_by("pk").first())
            if report is None:
                break
            reply = process_report(org, report)
            if report.pk == hand_back:
                handed = report
            if report.pk == hand_back and report.sender == Sender.HOTLINE:
                handed_reply = reply
            elif reply:
                send_ack(report, reply)
            Report.objects.filter(pk=report.pk).update(pending=Pending.DONE)
            report.pending = Pending.DONE
            count += 1
        if connection.vendor == "sqlite" and not connection.in_atomic_block:
            # Let a webhook woken by the flock take the write lock before the next report: releasing
            # and taking it again at once, the worker would keep it through its whole backlog.
            time.sleep(SQLITE_WORKER_YIELD)
    return Drained(count, handed, handed_reply)


def _any_pending(org_id: int) -> bool:
    return Report.objects.filter(organization_id=org_id).exclude(pending=Pending.DONE).exists()


def process_pending(org_id: int) -> int:
    """The worker's step: process what the organization's webhooks stored. Returns how many."""
    return drain(org_id).count


def may_reply(org: Organization, report: Report, incident: Incident | None, key: str,
              sender: Sender = Sender.HOTLINE) -> bool:
    """``sender``: the sender that answers (a keyword's answer comes from the sender it reached;
    every other answer from the hotline)."""
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
