"""Who hears about an incident: the active subscribers of its areas, minus the alerts opt-outs.

An area is a ZIP or one of the network's zones; a zone holds the incident when
its ZIPs hold the incident's ZIP or its H3 cells hold the incident's cell (the
same rule as the public page). Each subscriber counts once, however many of
their areas match: the queryset filters ``Subscriber`` rows with ``Exists``, so
it never joins and never repeats a row, and a keyset walk over it stays cheap.
"""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from amparo.alerts.models import Subscriber, SubscriberArea, SubscriberStatus
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


def count_by_language(audience: QuerySet[Subscriber]) -> dict[str, int]:
    """How many of ``audience`` speak each language: one query."""
    rows = audience.order_by().values_list("language").annotate(n=Count("pk"))
    return {language: n for language, n in rows}
