"""What the incident page shows beside each report's words: its stored media,
whether the reporter may be called back, what the web form asked; and the
incident's legal hold. A constant number of queries, whatever the reports."""

from __future__ import annotations

from typing import Any

from amparo.console.views.media import INLINE_TYPES, is_audio
from amparo.orgs.models import Organization
from amparo.reports.models import WHAT_CHOICES, Channel, Report, ReportMedia
from amparo.retention.models import LegalHold


def may_call_back(report: Report) -> bool:
    """The rule amparo.voice.actions.call_back enforces, so the button is shown
    only where the call can be placed: a number, and for a web report the
    reporter's consent."""
    if not report.caller_number:
        return False
    return report.channel != Channel.WEB or bool((report.extra or {}).get("may_call"))


def web_answers(report: Report) -> dict[str, Any] | None:
    if report.channel != Channel.WEB or not report.extra:
        return None
    what = report.extra.get("what", "")
    return {"what": str(dict(WHAT_CHOICES).get(what, what)), "may_call": bool(report.extra.get("may_call")),
            "may_text": bool(report.extra.get("may_text"))}


def annotate_reports(org: Organization, reports: list[Report]) -> None:
    """Sets ``media_items``, ``can_call_back`` and ``web`` on each report (one query)."""
    by_report: dict[int, list[ReportMedia]] = {r.pk: [] for r in reports}
    media = (ReportMedia.objects.filter(organization=org, report_id__in=list(by_report), status=ReportMedia.STORED)
             .only("id", "report_id", "content_type", "size").order_by("id"))
    for m in media:
        m.is_audio = is_audio(m)  # type: ignore[attr-defined]  # a display attribute for the template
        m.is_inline = m.content_type in INLINE_TYPES  # type: ignore[attr-defined]  # a display attribute for the template
        by_report[m.report_id].append(m)
    for r in reports:
        r.media_items = by_report[r.pk]  # type: ignore[attr-defined]  # a display attribute for the template
        r.can_call_back = may_call_back(r)  # type: ignore[attr-defined]  # a display attribute for the template
        r.web = web_answers(r)  # type: ignore[attr-defined]  # a display attribute for the template


def hold_context(org: Organization, incident_id: int, *, is_admin: bool) -> dict[str, Any]:
    """The incident's active legal hold, and whether this user may set or release one."""
    holds = list(LegalHold.objects.filter(organization=org, incident_id=incident_id, released_at__isnull=True)
                 .select_related("set_by").order_by("set_at"))
    return {"legal_holds": holds, "can_hold": is_admin}
