"""Storing a report sent through the public web form."""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amparo.intake.acks import acknowledge_web_report
from amparo.intake.pipeline import IngestResult, ingest_report
from amparo.orgs.models import Organization
from amparo.public.forms import WHEN_CHOICES
from amparo.reports.media import store_upload

log = logging.getLogger(__name__)


def org_zone(org: Organization) -> ZoneInfo:
    """The organization's time zone: a time typed in the form is local time there."""
    try:
        return ZoneInfo(org.time_zone)
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def _local_time(org: Organization, value: datetime) -> str:
    return timezone.localtime(value, org_zone(org)).strftime("%Y-%m-%d %H:%M")


def report_body(org: Organization, data: dict, language: str) -> str:
    """The report text a dispatcher reads, in the reporter's language."""
    with translation.override(language):
        lines = []
        if data.get("description"):
            lines.append(data["description"])
        where = [data[f] for f in ("address", "cross_streets", "landmark", "zip") if data.get(f)]
        if where:
            lines.append(_("Where: %(place)s") % {"place": " / ".join(where)})
        if data.get("when") == "at" and data.get("when_at"):
            when = _local_time(org, data["when_at"])
        else:
            when = str(dict(WHEN_CHOICES).get(data.get("when") or "now", "")).lower()
        lines.append(_("When: %(when)s") % {"when": when})
        return "\n".join(lines)


def report_extra(data: dict) -> dict:
    when_at = data.get("when_at")
    return {
        "what": data.get("what", ""),
        "when": when_at.isoformat() if data.get("when") == "at" and when_at else data.get("when", "now"),
        "may_call": bool(data.get("may_call")),
        "may_text": bool(data.get("may_text")),
        "address": data.get("address", ""),
        "cross_streets": data.get("cross_streets", ""),
        "zip": data.get("zip", ""),
        "landmark": data.get("landmark", ""),
    }


def submit_web_report(*, org: Organization, data: dict, nonce: str, language: str,
                      photo: Any = None) -> IngestResult:
    """Store a web report once per form nonce, with its photo, and text the
    reporter their reference when they asked (``intake.acks``).

    A resubmit of the same form returns the report already stored, untexted. The photo
    is stored after the report so that a failure to store it never loses the
    report; a resubmit stores a photo the first attempt did not.
    """
    result = ingest_report(
        org=org,
        channel="web",
        provider_id=f"web:{nonce}",
        from_number=data.get("callback") or None,
        body=report_body(org, data, language),
        extra=report_extra(data),
        language=language,
    )
    if photo is not None and (result.created or not result.report.media.exists()):
        try:
            store_upload(result.report, photo)
        except Exception:
            log.exception("report %s: the photo could not be stored", result.report.pk)
    if result.created:
        acknowledge_web_report(result.report)
    return result
