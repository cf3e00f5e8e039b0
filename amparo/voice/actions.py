"""Every state change of the voice hotline, one named function each.

Webhook handlers call these with the Call row they found by (organization,
CallSid); each one is safe to repeat, because Twilio may send a webhook twice
and a status callback may race the recording callback. Functions that must
not interleave lock the call row (``select_for_update``) in a transaction.
"""

from __future__ import annotations

import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.core.numbers import normalize_number
from amparo.core.provider import ProviderError, provider_account
from amparo.crypto.keys import keyed_hash
from amparo.incidents.actions import mark_changed, record_event
from amparo.incidents.models import Incident, Kind, Status
from amparo.orgs.models import HotlineNumber, Organization
from amparo.reports.models import Report
from amparo.voice import capture
from amparo.voice.languages import ivr_languages
from amparo.voice.models import Call, CallState, DutyStatus, Option, VoiceSettings
from amparo.voice.recordings import delete_twilio_recording

log = logging.getLogger(__name__)

# What Twilio sends as From when the caller hid their number.
ANONYMOUS_NUMBERS = frozenset({"+266696687", "+86282452253", "+8656696", "+2562533", "+7378742833",
                               "anonymous", "restricted", "unknown", "unavailable", "private"})
CONNECTED_DIAL_STATUSES = frozenset({"completed", "answered"})
# A call that ended while recording gets this long for its recording callback
# (Twilio sends one within seconds, "absent" when nothing was said) before the
# sweeper files what it captured without it. Short: a "report now" is urgent.
RECORDING_GRACE = timedelta(minutes=3)


class CallBackError(Exception):
    """A call back cannot be placed; the message is shown to the dispatcher."""


def caller_number(raw: str) -> str:
    number = normalize_number(raw)
    return "" if not number or number.lower() in ANONYMOUS_NUMBERS else number


def phone_hash(org_id: int, number: str) -> str:
    return keyed_hash(org_id, "duty-tel:" + number) if number else ""


def voice_settings(org: Organization) -> VoiceSettings:
    return VoiceSettings.objects.get_or_create(organization=org)[0]


def surge_active(org: Organization, vs: VoiceSettings | None = None) -> bool:
    vs = vs or VoiceSettings.objects.filter(organization=org).first()
    if vs is None:
        return False
    if vs.surge_forced:
        return True
    if not vs.surge_threshold:
        return False
    waiting = Incident.objects.filter(organization=org, kind=Kind.EVENT, status=Status.REPORTED).count()
    return waiting >= vs.surge_threshold


def start_call(org: Organization, *, call_sid: str, from_number: str, hotline: HotlineNumber | None,
               at: datetime | None = None) -> Call:
    """The call's row, created at its first webhook; a replay returns the same row.
    Surge mode is decided once, at the start, so one call hears one story."""
    existing = Call.objects.filter(organization=org, call_sid=call_sid).first()
    if existing is not None:
        return existing
    number = caller_number(from_number)
    call, _created = Call.objects.get_or_create(
        organization=org, call_sid=call_sid,
        defaults={"caller_number": number or None, "hotline": hotline, "surge": surge_active(org),
                  "caller_hash": keyed_hash(org.pk, "tel:" + number) if number else "",
                  "language": ivr_languages(org)[0], "started_at": at or timezone.now()},
    )
    return call


def set_state(call: Call, state: str) -> None:
    Call.objects.filter(pk=call.pk).update(state=state)
    call.state = state


def choose_language(call: Call, code: str) -> None:
    Call.objects.filter(pk=call.pk).update(language=code, state=CallState.LANGUAGE)
    call.language, call.state = code, CallState.LANGUAGE


def choose_option(call: Call, option: str) -> None:
    # Know-your-rights does not overwrite a report option chosen earlier in the call.
    if option == Option.KYR and call.option in (Option.NOW, Option.PAST):
        set_state(call, CallState.KYR)
        return
    state = CallState.KYR if option == Option.KYR else CallState.MENU
    Call.objects.filter(pk=call.pk).update(option=option, state=state)
    call.option, call.state = option, state


def set_zip(call: Call, zip_code: str) -> None:
    Call.objects.filter(pk=call.pk).update(zip=zip_code)
    call.zip = zip_code


def accept_call(call: Call, *, dispatcher_number: str) -> bool:
    """A ringing dispatcher pressed 1. True for the first only: the row moves
    from ringing to connected once, so a second acceptor is told it is taken."""
    number = normalize_number(dispatcher_number)
    status = (DutyStatus.objects.filter(organization_id=call.organization_id, phone_hash=phone_hash(call.organization_id, number))
              .only("user_id").first()) if number else None
    won = Call.objects.filter(pk=call.pk, state=CallState.RINGING).update(
        state=CallState.CONNECTED, connected_to_id=status.user_id if status else None)
    if won:
        call.refresh_from_db(fields=["state", "connected_to"])
    return bool(won)


def dial_finished(call: Call, dial_status: str) -> bool:
    """The <Dial> ended. True when a dispatcher accepted and was connected;
    otherwise the caller goes on to the ZIP and the recording."""
    Call.objects.filter(pk=call.pk).update(dial_status=dial_status[:16])
    call.dial_status = dial_status
    return call.state == CallState.CONNECTED and dial_status in CONNECTED_DIAL_STATUSES


def receive_recording(call: Call, *, recording_sid: str, recording_url: str, status: str,
                      seconds: int | None) -> Report | None:
    """Twilio's recording status callback: file the recorded report (or, for an
    absent or failed recording, what the call captured), once per CallSid."""
    with transaction.atomic():
        call = Call.objects.select_for_update(of=("self",)).select_related("organization", "hotline").get(pk=call.pk)
        if call.recording_sid == recording_sid and call.report_id:
            return call.report
        if status != "completed" or not recording_url:
            set_state(call, CallState.RECORDED)
            return capture.file_captured(call)
        report = capture.file_recording(call, recording_sid=recording_sid, recording_url=recording_url,
                                        seconds=seconds)
        call_id = call.pk
        transaction.on_commit(lambda: delete_twilio_recording(call_id))
        return report


def end_call(call: Call, *, status: str, at: datetime | None = None) -> Report | None:
    """The call's status callback (completed, no-answer, busy, failed, canceled).

    A call that hung up midway still leaves a report of what it captured. One
    that ended while recording waits for its recording callback (the sweeper
    files it if that never comes)."""
    with transaction.atomic():
        call = Call.objects.select_for_update(of=("self",)).select_related("organization", "hotline", "report").get(pk=call.pk)
        if call.ended_at is None:
            call.ended_at, call.end_status = at or timezone.now(), status[:16]
            Call.objects.filter(pk=call.pk).update(ended_at=call.ended_at, end_status=call.end_status)
        if call.direction != Call.INBOUND or call.report_id:
            return call.report
        if call.state == CallState.RECORDING:
            return None
        return capture.file_captured(call)


def file_overdue_calls(now: datetime | None = None) -> list[int]:
    """Calls that ended while recording and never got their recording callback:
    file what they captured."""
    now = now or timezone.now()
    ids = list(Call.objects.filter(direction=Call.INBOUND, state=CallState.RECORDING, report__isnull=True,
                                   ended_at__lt=now - RECORDING_GRACE).values_list("pk", flat=True)[:200])
    for call_id in ids:
        with transaction.atomic():
            call = Call.objects.select_for_update(of=("self",)).select_related("organization", "hotline").get(pk=call_id)
            if call.state == CallState.RECORDING and not call.report_id:
                set_state(call, CallState.RECORDED)
                capture.file_captured(call)
    return ids


def set_duty(org: Organization, user: Any, *, on_duty: bool, phone: str, schedule: list[dict]) -> DutyStatus:
    """Save a dispatcher's duty toggle, phone (E.164, already validated; "" clears
    it) and weekly schedule."""
    status, _created = DutyStatus.objects.get_or_create(organization=org, user=user)
    status.on_duty, status.schedule = on_duty, schedule
    status.phone, status.phone_hash = (phone or None), phone_hash(org.pk, phone)
    status.save(update_fields=["on_duty", "schedule", "phone", "phone_hash", "updated_at"])
    return status


def take_off_duty(status: DutyStatus, *, by: Any) -> None:
    """Switch a colleague's toggle off (they left it on and do not answer).
    Their schedule stays: it is theirs to change."""
    DutyStatus.objects.filter(pk=status.pk).update(on_duty=False, updated_at=timezone.now())
    audit(status.organization_id, action="duty_off", object_type="duty_status", object_ids=[status.pk], actor=by)


def end_duty(org: Organization, user: Any, *, by: Any) -> int:
    """A member leaves the network (offboarding): toggle off and weekly schedule cleared,
    so they are rung neither now nor at their next scheduled hour. Returns rows changed."""
    changed = DutyStatus.objects.filter(organization=org, user=user).update(
        on_duty=False, schedule=[], updated_at=timezone.now())
    if changed:
        ids = DutyStatus.objects.filter(organization=org, user=user).values_list("pk", flat=True)
        audit(org.pk, action="duty_off", object_type="duty_status", object_ids=list(ids), actor=by)
    return changed


def set_surge(org: Organization, *, forced: bool, threshold: int | None = None, by: Any) -> VoiceSettings:
    vs = voice_settings(org)
    vs.surge_forced, vs.surge_changed_by, vs.surge_changed_at = forced, by, timezone.now()
    fields = ["surge_forced", "surge_changed_by", "surge_changed_at"]
    if threshold is not None:
        vs.surge_threshold = threshold
        fields.append("surge_threshold")
    vs.save(update_fields=fields)
    return vs


def call_back(report: Report, *, by: Any) -> Call:
    """Call a reporter back through the hotline: Twilio rings the dispatcher's
    own duty phone, then (the voice hook ``bridge``) dials the reporter with
    the hotline as caller ID, so neither side sees the other's number."""
    org = report.organization
    duty = DutyStatus.objects.filter(organization=org, user=by).exclude(phone_hash="").first()
    if duty is None or not duty.phone:
        raise CallBackError(_("Set your phone number on the duty page first."))
    if not report.caller_number:
        raise CallBackError(_("This report has no phone number to call back."))
    if report.channel == "web" and not (report.extra or {}).get("may_call"):
        raise CallBackError(_("The reporter did not agree to be called."))
    hotline = report.hotline if report.hotline and report.hotline.voice else (
        HotlineNumber.objects.filter(organization=org, voice=True).order_by("pk").first())
    if hotline is None:
        raise CallBackError(_("The organization has no voice hotline number."))
    account = provider_account(org)
    if account is None:
        raise CallBackError(_("The organization has no Twilio account configured."))
    call = Call.objects.create(
        organization=org, call_sid=f"pending:{uuid.uuid4().hex}", direction=Call.OUTBOUND, hotline=hotline,
        caller_hash=report.caller_hash, caller_number=report.caller_number, language=report.language,
        state=CallState.CALLBACK, started_at=timezone.now(), report=report, connected_to=by,
    )
    try:
        sid = account.call_back(to=duty.phone, from_=hotline.e164, call_id=call.pk)
    except ProviderError as exc:
        Call.objects.filter(pk=call.pk).update(end_status="failed", ended_at=timezone.now())
        log.warning("call back for report %s refused by the provider: %s", report.pk, exc.code)
        raise CallBackError(_("Twilio could not place the call (error %(code)s).") % {"code": exc.code})
    Call.objects.filter(pk=call.pk).update(call_sid=sid)
    call.call_sid = sid
    audit(org.pk, action="call_back", object_type="report", object_ids=[report.pk], actor=by)
    if report.incident is not None:
        record_event(report.incident, "call_back", by=by, report=report.pk)
        mark_changed(report.incident_id)
    return call

