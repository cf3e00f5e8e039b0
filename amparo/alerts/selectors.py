"""What the community may be told, read in one place.

``publishable_incidents`` is the one rule of what may ever leave the network
about an incident: the public page and its feed start from it today, the
alerts and corrections of the next slices will too (docs/alerts.md).
``public_updates`` is what the public page shows right now.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db.models import CharField, Count, Exists, OuterRef, Q, QuerySet, Subquery
from django.db.models.fields.json import KT
from django.utils import timezone

from amparo.alerts.models import AlertSettings, Subscriber, SubscriberArea, SubscriberStatus
from amparo.audit.log import audit
from amparo.incidents.models import Incident, IncidentEvent, Kind, Status
from amparo.incidents.publishing import exclude_private
from amparo.orgs.models import Organization, Zone
from amparo.places.models import PlaceKind
from amparo.reports.models import Report
from amparo.verification.models import Agency, Offer, Outcome

VERDICTS = (Status.CONFIRMED, Status.FALSE_ALARM)
# A page, not an archive: in a surge the newest verdicts matter.
MAX_UPDATES = 200


def publishable_incidents(org_id: int) -> QuerySet[Incident]:
    """The organization's incidents that may ever be published or alerted.

    Only events: a vague lane mixes unrelated rumors and a flood group is spam
    under review. Not one merged into another (the incident it joined speaks
    for it). And nothing at a home: not the incident's place, and not the
    place of any of its reports (``PlaceKind.HOME`` in the gazetteer), because
    a ZIP, a time and "confirmed" could out a family. Nor an incident the
    registry ``incidents.publishing`` calls private: legal registers those
    linked to a person affected (alerts never imports legal).
    """
    report_at_home = Report.objects.filter(incident=OuterRef("pk"), place__kind=PlaceKind.HOME)
    return exclude_private(
        Incident.objects.filter(organization_id=org_id, kind=Kind.EVENT, merged_into__isnull=True)
        .exclude(place_kind=PlaceKind.HOME)
        .exclude(place__kind=PlaceKind.HOME)
        .exclude(Exists(report_at_home)),
        org_id,
    )


def with_verdict(incidents: QuerySet[Incident]) -> QuerySet[Any]:
    """Annotate ``verdict`` and ``verdict_at``: the incident's last status change
    other than closing. Every transition and every override writes one
    ``IncidentEvent`` of kind "status" (incidents.actions.transition,
    verification.onscene.override_outcome); closing keeps the verdict, and an
    idle close writes none."""
    last = (
        IncidentEvent.objects.filter(incident=OuterRef("pk"), kind="status")
        .exclude(data__after=str(Status.CLOSED))
        .annotate(after=KT("data__after"))
        .order_by("-at", "-id")
    )
    return incidents.annotate(verdict=Subquery(last.values("after")[:1], output_field=CharField()),
                              verdict_at=Subquery(last.values("at")[:1]))


@dataclass(frozen=True)
class PublicUpdate:
    """One entry of the public page: only structured, non-personal fields.

    No report, reporter, responder, evidence, note, reason or place name can
    reach the page, because nothing here holds one."""

    incident_id: int
    number: int  # the incident's number in its network: what the page's anchor and the feed's ids show
    verdict: str
    verdict_at: datetime
    published_at: datetime
    first_report_at: datetime
    zip: str
    areas: tuple[str, ...]  # names of the network's zones that hold it
    agency: str  # as identified on scene, for a confirmed incident; "" otherwise

    @property
    def confirmed(self) -> bool:
        return self.verdict == Status.CONFIRMED

    @property
    def agency_label(self) -> str:
        return str(Agency(self.agency).label) if self.agency in Agency.values else ""


def alert_settings(org: Organization) -> AlertSettings:
    """The organization's alerts settings; the defaults (unsaved) until an admin saves them.
    A public GET never writes a row."""
    return AlertSettings.objects.filter(organization=org).first() or AlertSettings(organization=org)


def public_updates(org: Organization, settings: AlertSettings, *, now: datetime | None = None
                   ) -> list[PublicUpdate]:
    """Confirmed incidents and false alarms whose verdict is at least
    ``updates_delay_minutes`` and at most ``updates_days`` old, newest first.
    A verdict changed by an override waits its own delay; until then the
    incident is not shown at all. Two queries, whatever the number of entries."""
    now = now or timezone.now()
    since = now - timedelta(days=settings.updates_days)
    delay = timedelta(minutes=settings.updates_delay_minutes)
    agency = (
        Offer.objects.filter(incident=OuterRef("pk"), outcome=Outcome.ENFORCEMENT_SEEN)
        .exclude(agency="").order_by("-outcome_reported_at", "-id").values("agency")[:1]
    )
    rows = (
        with_verdict(publishable_incidents(org.pk))
        .filter(status__in=(*VERDICTS, Status.CLOSED))
        .filter(Q(closed_at__isnull=True) | Q(closed_at__gte=since))  # a verdict comes before the close
        .filter(verdict__in=VERDICTS, verdict_at__gte=since, verdict_at__lte=now - delay)
        .annotate(seen_agency=Subquery(agency))
        .order_by("-verdict_at", "-id")
        .values_list("pk", "number", "verdict", "verdict_at", "first_report_at", "zip", "h3_r8", "seen_agency")
    )[:MAX_UPDATES]
    zones = list(Zone.objects.filter(organization=org).order_by("name").values_list("name", "zips", "h3_cells"))
    updates = []
    for pk, number, verdict, verdict_at, first_report_at, zip_code, h3_r8, seen_agency in rows:
        areas = tuple(name for name, zips, _cells in zones if zip_code and zip_code in zips)
        if not areas and h3_r8:
            areas = tuple(name for name, _zips, cells in zones if h3_r8 in cells)
        updates.append(PublicUpdate(
            incident_id=pk, number=number or pk, verdict=verdict, verdict_at=verdict_at, published_at=verdict_at + delay,
            first_report_at=first_report_at, zip=zip_code, areas=areas,
            agency=(seen_agency or "") if verdict == Status.CONFIRMED else "",
        ))
    return updates


# An area with fewer subscribers than this is shown as "fewer than 5": a count of 1 in a small
# ZIP says too much about who asked.
SMALL_AREA = 5


@dataclass(frozen=True)
class SubscriberCounts:
    """The admin's view of the subscribers: counts only, never a number, never a list."""

    total: int
    by_status: list[tuple[str, int]]  # (label, count), every status
    by_language: list[tuple[str, int]]  # active subscribers, (language code, count)
    by_area: list[tuple[str, int | None]]  # active subscribers, (ZIP or zone name, count or None if small)


def subscriber_counts(org: Organization, *, actor: Any) -> SubscriberCounts:
    """Counts by status, language and area. Audited as a read of the list (four queries and the audit)."""
    status = dict(Subscriber.objects.filter(organization=org).values_list("status")
                  .annotate(n=Count("pk")).values_list("status", "n"))
    active = Subscriber.objects.filter(organization=org, status=SubscriberStatus.ACTIVE)
    languages = list(active.values_list("language").annotate(n=Count("pk")).order_by("-n", "language")
                     .values_list("language", "n"))
    areas = (SubscriberArea.objects.filter(organization=org, subscriber__status=SubscriberStatus.ACTIVE)
             .values_list("zip", "zone__name").annotate(n=Count("subscriber", distinct=True))
             .order_by("-n", "zip", "zone__name"))
    audit(org.pk, action="read", object_type="subscriber_counts", object_ids=[org.pk], actor=actor,
          reason="subscriber counts page")
    return SubscriberCounts(
        total=sum(status.values()),
        by_status=[(str(label), status.get(value, 0)) for value, label in SubscriberStatus.choices],
        by_language=languages,
        by_area=[(z or (zone or ""), n if n >= SMALL_AREA else None) for z, zone, n in areas],
    )
