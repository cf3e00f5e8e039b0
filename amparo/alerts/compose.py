"""Alerts from a verdict: what may be alerted, the texts, who hears it, and the named actions
``compose_alert``, ``approve_alert`` and ``cancel_alert``.

Only an incident ``publishable_incidents`` keeps, whose verdict
(``with_verdict``) is confirmed or a false alarm, can be alerted. The text is
built from structured fields only (the agency the observers identified, for a
confirmed incident; the zone's name or the ZIP; the time of the verdict in the
network's zone; the verdict), through the texts registry's
``alerts.sms.confirmed`` / ``alerts.sms.false_alarm``, whose fixed lines no
override removes. Nothing a reporter wrote, no address, vehicle or plate can
reach an alert: no function here reads one.

An alert to more subscribers than ``approval_threshold`` waits for a second
dispatcher (two-person rule); otherwise it is sent at once. Planning runs in
the queue after commit (``fanout.plan_on_commit``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import OuterRef, Subquery
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _

from amparo.alerts.audience import count_by_language, incident_audience, zones_holding
from amparo.alerts.batches import UNSTARTED
from amparo.alerts.fanout import plan_on_commit
from amparo.alerts.models import (
    Alert,
    AlertBatch,
    AlertDelivery,
    AlertKind,
    AlertSettings,
    AlertStatus,
    BatchStatus,
    DeliveryStatus,
)
from amparo.alerts.selectors import alert_settings, publishable_incidents, with_verdict
from amparo.audit.log import audit
from amparo.incidents.models import Incident, Status
from amparo.orgs.models import Organization
from amparo.texts.render import render_text
from amparo.texts.segments import Segments, segments
from amparo.verification.models import Agency, Offer, Outcome

TEMPLATES = {AlertKind.CONFIRMED: "alerts.sms.confirmed", AlertKind.FALSE_ALARM: "alerts.sms.false_alarm"}
KIND_OF_VERDICT = {Status.CONFIRMED: AlertKind.CONFIRMED, Status.FALSE_ALARM: AlertKind.FALSE_ALARM}
# A zone's name may be long; the alert must stay within three segments.
AREA_MAX = 32
# Alerts still under way or sent: a second one of the same kind about the same incident is refused.
LIVE = (AlertStatus.AWAITING_APPROVAL, AlertStatus.SENDING, AlertStatus.SENT)


class AlertRefused(Exception):
    """Why this alert cannot be composed, approved or cancelled; the message is translated."""


@dataclass(frozen=True)
class Text:
    language: str
    text: str
    segments: Segments
    audience: int


@dataclass(frozen=True)
class Preview:
    """What the dispatcher sees before sending."""

    kind: str
    texts: list[Text]
    audience: int
    seconds: int  # time to deliver at the sender's rate
    needs_approval: bool
    has_sender: bool

    @property
    def minutes(self) -> int:
        return max(1, math.ceil(self.seconds / 60)) if self.audience else 0


def alert_kind(incident: Incident) -> tuple[str, datetime]:
    """The kind of alert the incident's verdict allows, and the verdict's time; AlertRefused otherwise."""
    row = (with_verdict(publishable_incidents(incident.organization_id)).filter(pk=incident.pk)
           .values_list("verdict", "verdict_at", "status").first())
    if row is None:
        raise AlertRefused(_("This incident cannot be alerted: only events, never at a home, never merged into "
                             "another."))
    verdict, verdict_at, status = row  # the row as it is now, not as the caller's instance was loaded
    if verdict not in KIND_OF_VERDICT or status not in (verdict, Status.CLOSED):
        raise AlertRefused(_("Only a confirmed incident or a false alarm can be alerted."))
    return KIND_OF_VERDICT[verdict], verdict_at


def area_label(incident: Incident) -> str:
    """The zone that holds the incident, with its ZIP; or the ZIP alone. Never an address."""
    zones = zones_holding(incident)
    name = zones[0].name[:AREA_MAX].strip() if zones else ""
    if name and incident.zip:
        return f"{name} ({incident.zip})"
    return name or incident.zip


def seen_agency(incident: Incident) -> str:
    """The agency a responder identified on scene (the latest), as its code; "" if none."""
    agency = (Offer.objects.filter(incident=OuterRef("pk"), outcome=Outcome.ENFORCEMENT_SEEN).exclude(agency="")
              .order_by("-outcome_reported_at", "-id").values("agency")[:1])
    return Incident.objects.filter(pk=incident.pk).annotate(a=Subquery(agency)).values_list("a", flat=True).first() or ""


def render_texts(org: Organization, incident: Incident, kind: str, verdict_at: datetime,
                 languages: list[str]) -> dict[str, str]:
    """The alert's text in each language, from structured fields only, with its fixed line."""
    agency = seen_agency(incident) if kind == AlertKind.CONFIRMED else ""
    area = area_label(incident)
    local = timezone.localtime(verdict_at, ZoneInfo(org.time_zone))
    texts = {}
    for language in languages:
        with translation.override(language):
            context: dict[str, Any] = {
                "area": area,
                "time": formats.time_format(local, "TIME_FORMAT"),
                "agency": str(Agency(agency).label) if agency in Agency.values else _("agency not identified"),
            }
            texts[language] = render_text(org.pk, TEMPLATES[AlertKind(kind)], language, **context)
    return texts


def preview_alert(incident: Incident, *, settings: AlertSettings | None = None) -> Preview:
    """The texts, their segments and the audience per language; AlertRefused when nothing may be alerted."""
    org = incident.organization
    kind, verdict_at = alert_kind(incident)
    if not area_label(incident):
        raise AlertRefused(_("This incident has no ZIP or zone, so no subscriber's area holds it."))
    settings = settings or alert_settings(org)
    counts = count_by_language(incident_audience(incident))
    languages = list(dict.fromkeys([*org.language_codes(), *sorted(counts)]))
    texts = render_texts(org, incident, kind, verdict_at, languages)
    total = sum(counts.values())
    return Preview(
        kind=kind,
        texts=[Text(lang, texts[lang], segments(texts[lang]), counts.get(lang, 0)) for lang in languages],
        audience=total,
        seconds=math.ceil(total / settings.messages_per_second),
        needs_approval=total > settings.approval_threshold,
        has_sender=bool(settings.messaging_service_sid),
    )


def _require_sender(settings: AlertSettings) -> None:
    if not settings.messaging_service_sid:
        raise AlertRefused(_("No alert can be sent: this network has no alerts sender yet. An admin sets it on "
                             "the alerts settings page."))


def compose_alert(incident: Incident, *, actor: Any) -> Alert:
    """Compose the alert the incident's verdict allows. Sent at once (planned in the queue after
    commit), or AWAITING_APPROVAL when its audience is above the threshold. Takes the incident's row
    lock, so two dispatchers clicking together make one alert.

    The audience is counted before the transaction: counting 500,000 subscribers takes seconds, and on
    SQLite the transaction holds the database's only write lock, so intake could store no report
    meanwhile. Under the lock the verdict is read again, and the preview made again if it changed."""
    settings = alert_settings(incident.organization)
    _require_sender(settings)
    verdict = alert_kind(incident)
    preview = preview_alert(incident, settings=settings)
    return _create_alert(incident, settings, verdict, preview, actor=actor)


@transaction.atomic
def _create_alert(incident: Incident, settings: AlertSettings, verdict: tuple[str, datetime], preview: Preview, *,
                  actor: Any) -> Alert:
    Incident.objects.select_for_update().filter(pk=incident.pk).values_list("pk").first()
    org = incident.organization
    if alert_kind(incident) != verdict:
        preview = preview_alert(incident, settings=settings)
    if Alert.objects.filter(organization=org, incident=incident, kind=preview.kind, status__in=LIVE).exists():
        raise AlertRefused(_("An alert about this verdict was already sent or is waiting for approval."))
    now = timezone.now()
    waits = preview.needs_approval
    alert = Alert.objects.create(
        organization=org, incident=incident, kind=preview.kind,
        status=AlertStatus.AWAITING_APPROVAL if waits else AlertStatus.SENDING,
        texts={t.language: t.text for t in preview.texts}, audience=preview.audience, created_by=actor,
        approved_at=None if waits else now,
    )
    audit(org.pk, action="create", object_type="alert", object_ids=[alert.pk], actor=actor,
          reason=f"{preview.kind}, {preview.audience} subscribers" + (", awaiting approval" if waits else ""))
    if not waits:
        plan_on_commit(alert.pk)
    return alert


@transaction.atomic
def approve_alert(alert: Alert, *, actor: Any) -> Alert:
    """The second dispatcher's approval of an alert above the threshold; never its author's. The
    verdict is checked again: it may have changed while the alert waited."""
    if alert.created_by_id is not None and getattr(actor, "pk", None) == alert.created_by_id:
        raise AlertRefused(_("Another dispatcher must approve this alert: its author cannot."))
    _require_sender(alert_settings(alert.organization))
    kind, _at = alert_kind(alert.incident)
    if kind != alert.kind:
        raise AlertRefused(_("The verdict changed since this alert was written. Cancel it and write a new one."))
    now = timezone.now()
    moved = Alert.objects.filter(pk=alert.pk, status=AlertStatus.AWAITING_APPROVAL).update(
        status=AlertStatus.SENDING, approved_by=actor, approved_at=now)
    if not moved:
        raise AlertRefused(_("This alert is no longer waiting for approval."))
    audit(alert.organization_id, action="approve", object_type="alert", object_ids=[alert.pk], actor=actor)
    plan_on_commit(alert.pk)
    alert.refresh_from_db()
    return alert


@transaction.atomic
def cancel_alert(alert: Alert, *, actor: Any, reason: str) -> None:
    """Stop an alert: waiting for approval, or its batches that have not started (their
    deliveries are CANCELLED). A batch already sending finishes: it is at most ten seconds of texts."""
    now = timezone.now()
    moved = Alert.objects.filter(pk=alert.pk, status__in=(AlertStatus.AWAITING_APPROVAL, AlertStatus.SENDING)).update(
        status=AlertStatus.CANCELLED, cancelled_by=actor, finished_at=now)
    if not moved:
        raise AlertRefused(_("This alert can no longer be cancelled: it was already sent, cancelled or expired."))
    unstarted = AlertBatch.objects.filter(alert=alert, status__in=UNSTARTED)
    AlertDelivery.objects.filter(batch__in=unstarted, status=DeliveryStatus.QUEUED).update(
        status=DeliveryStatus.CANCELLED, updated_at=now)
    unstarted.update(status=BatchStatus.CANCELLED, finished_at=now)
    audit(alert.organization_id, action="cancel", object_type="alert", object_ids=[alert.pk], actor=actor,
          reason=reason)
    alert.refresh_from_db()
