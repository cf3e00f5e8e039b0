"""Who hears about an incident: the active subscribers of its areas, minus the alerts opt-outs.

An area is a ZIP or one of the network's zones; a zone holds the incident when
its ZIPs hold the incident's ZIP or its H3 cells hold the incident's cell (the
same rule as the public page). Each subscriber counts once, however many of
their areas match: the queryset filters ``Subscriber`` rows with ``Exists``, so
it never joins and never repeats a row, and a keyset walk over it stays cheap.

A correction's alert has an audience of its own (``correction_audience``): the
people earlier alerts about the incident reached, never the area, so that the
queue can plan it from the alert's id alone.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from amparo.alerts.models import (
    Alert,
    AlertDelivery,
    AlertKind,
    CorrectionRecipient,
    DeliveryStatus,
    Subscriber,
    SubscriberArea,
    SubscriberStatus,
)
from amparo.incidents.models import Incident
from amparo.orgs.models import Zone
from amparo.reports.models import Sender
from amparo.reports.optouts import opted_out_exists


def zones_holding(incident: Incident) -> list[Zone]:
    """The organization's zones that hold the incident, by ZIP or else by H3 cell, by name."""
    zones = list(Zone.objects.filter(organization_id=incident.organization_id).order_by("name"))
    by_zip = [z for z in zones if incident.zip and incident.zip in (z.zips or [])]
    if by_zip:
        return by_zip
    return [z for z in zones if incident.h3_r8 and incident.h3_r8 in (z.h3_cells or [])]


def active_subscribers(org_id: int) -> QuerySet[Subscriber]:
    """The organization's subscribers an alert may reach: ACTIVE and not opted out of the alerts sender."""
    return (Subscriber.objects.filter(organization_id=org_id, status=SubscriberStatus.ACTIVE)
            .exclude(opted_out_exists(org_id, OuterRef("phone_hash"), sender=Sender.ALERTS)))


def incident_audience(incident: Incident) -> QuerySet[Subscriber]:
    """The subscribers of the incident's areas (its ZIP, or a zone that holds it), each once."""
    org_id = incident.organization_id
    zone_ids = [z.pk for z in zones_holding(incident)]
    match = Q(pk__in=[])
    if incident.zip:
        match |= Q(zip=incident.zip)
    if zone_ids:
        match |= Q(zone_id__in=zone_ids)
    # By subscriber only: the subscribers are the organization's already, and an organization filter here led
    # PostgreSQL to AND a bitmap of every area of the network into each row's lookup.
    areas = SubscriberArea.objects.filter(match, subscriber_id=OuterRef("pk"))
    return active_subscribers(org_id).filter(Exists(areas))


# An alert reached a subscriber when its delivery got this far: they are the ones told the wrong thing.
REACHED = (DeliveryStatus.SENT, DeliveryStatus.DELIVERED, DeliveryStatus.CONSOLE)
# A subscriber who stopped or cannot be reached is not texted, whatever the opt-out table says.
GONE = (SubscriberStatus.STOPPED, SubscriberStatus.UNDELIVERABLE)


def earlier_recipients(incident: Incident) -> QuerySet[Subscriber]:
    """The subscribers an alert about the incident reached, still subscribed (or lapsed since)."""
    # Only alerts that said it was enforcement: a false-alarm notice needs no correction. Their ids are read
    # first (an incident has one or two), so that each subscriber is one probe of the (alert, subscriber)
    # index: planning walks subscribers by id a chunk at a time, and an IN over every delivery made
    # PostgreSQL hash all of them again for each chunk.
    alert_ids = list(Alert.objects.filter(organization_id=incident.organization_id, incident=incident,
                                          kind=AlertKind.CONFIRMED).values_list("pk", flat=True))
    reached = AlertDelivery.objects.filter(alert_id__in=alert_ids, subscriber_id=OuterRef("pk"), status__in=REACHED)
    return (Subscriber.objects.filter(Exists(reached), organization_id=incident.organization_id)
            .exclude(status__in=GONE).only("id", "organization_id", "phone_hash", "language", "status"))


def correction_audience(alert: Alert) -> QuerySet[Subscriber]:
    """Who a correction's alert reaches, computed where it is planned (the queue): the earlier alerts'
    recipients, less the numbers its reporters' texts went to from the hotline (the correction's
    ``CorrectionRecipient`` rows, written with them) and those opted out of the alerts sender. Each
    number once: a number the hotline told is never in it."""
    # Probes of the (correction, phone_hash) index, per subscriber walked: never a scan of the rows
    # that planning itself adds to the same table.
    told = CorrectionRecipient.objects.filter(correction=alert.correction_id, phone_hash=OuterRef("phone_hash"),
                                              sender=Sender.HOTLINE)
    return (earlier_recipients(alert.incident).exclude(Exists(told))
            .exclude(opted_out_exists(alert.organization_id, OuterRef("phone_hash"), sender=Sender.ALERTS)))


def alert_audience(alert: Alert) -> QuerySet[Subscriber]:
    """Whom ``alert`` is planned for: a correction's recipients, or the incident's areas."""
    return correction_audience(alert) if alert.correction_id else incident_audience(alert.incident)


def count_by_language(audience: QuerySet[Subscriber]) -> dict[str, int]:
    """How many of ``audience`` speak each language: one query."""
    rows = audience.order_by().values_list("language").annotate(n=Count("pk"))
    return {language: n for language, n in rows}
