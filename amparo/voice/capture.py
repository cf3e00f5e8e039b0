"""Turning what a call captured into a report, through the one intake pipeline.

The report's provider id is the CallSid, so whichever of the recording
callback, the status callback and the sweeper comes first files it, and the
others find it already stored.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from amparo.intake.pipeline import ingest_report
from amparo.reports.models import Report, ReportMedia
from amparo.reports.tasks import enqueue_media_fetch
from amparo.voice.models import Call, CallState, Option


def report_body(call: Call, *, seconds: int | None = None, recorded: bool = False) -> str:
    """A short text, in the caller's language, of what the call captured.

    The ZIP is written out in it because place understanding reads the body:
    a ZIP alone there places the report at ZIP precision."""
    with translation.override(call.language or call.organization.default_language):
        if recorded:
            parts = [_("Voice report")]
        elif call.state == CallState.CONNECTED:
            parts = [_("Call answered by a volunteer")]
        elif call.state in (CallState.RECORDING, CallState.RECORDED):
            parts = [_("Call without a usable recording")]
        else:
            parts = [_("Call ended before recording")]
        if call.option:
            parts.append(_("option %(option)s (%(label)s)") % {"option": call.option, "label": Option(call.option).label})
        if call.zip:
            parts.append(_("ZIP %(zip)s") % {"zip": call.zip})
        if recorded and seconds is not None:
            parts.append(_("recording %(seconds)s s") % {"seconds": seconds})
        return "; ".join(str(p) for p in parts)


def _extra(call: Call, **more: object) -> dict:
    return {"zip": call.zip, "option": call.option, "call_id": call.pk, "surge": call.surge,
            "connected": call.connected_to_id is not None, **more}


def _ingest(call: Call, body: str, media_urls: tuple[str, ...], extra: dict) -> Report:
    result = ingest_report(
        org=call.organization, channel="voice", provider_id=call.call_sid, from_number=call.caller_number,
        to_number=call.hotline.e164 if call.hotline else "", body=body, received_at=call.started_at,
        media_urls=media_urls, extra=extra, language=call.language or None,
    )
    return result.report


def file_recording(call: Call, *, recording_sid: str, recording_url: str, seconds: int | None) -> Report:
    """File the recorded report. Expects the call row locked (select_for_update)
    inside a transaction."""
    url = recording_url if recording_url.endswith(".mp3") else recording_url + ".mp3"
    body = report_body(call, seconds=seconds, recorded=True)
    report = _ingest(call, body, (url,), _extra(call, recording_sid=recording_sid, duration=seconds))
    if not report.media.exists():
        # The captured-only report was filed first (a status callback or the
        # sweeper won the race): the recording still joins it, never dropped.
        media = ReportMedia.objects.create(organization_id=call.organization_id, report=report, url=url)
        transaction.on_commit(lambda: enqueue_media_fetch([media.pk]))
    Call.objects.filter(pk=call.pk).update(recording_sid=recording_sid, report=report, state=CallState.RECORDED)
    call.recording_sid, call.report, call.state = recording_sid, report, CallState.RECORDED
    return report


def file_captured(call: Call) -> Report | None:
    """File what a call without a recording captured, if it captured anything:
    an option to report (1 or 2) or a ZIP. A call that hung up at the greeting,
    the language menu or after know-your-rights leaves no report."""
    if call.report_id:
        return call.report
    if call.option not in (Option.NOW, Option.PAST) and not call.zip:
        return None
    report = _ingest(call, report_body(call), (), _extra(call))
    Call.objects.filter(pk=call.pk).update(report=report)
    call.report = report
    return report
