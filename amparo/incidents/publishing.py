"""Which incidents must never leave the network, whatever their verdict.

Apps above incidents that know an incident is private fill this registry in
their ``AppConfig.ready()``: legal registers "linked to a person affected"
(``legal.PersonIncident``), because naming a ZIP, a time and "confirmed" next to
a detained person's case could identify them to anyone who knows the family.
``alerts.selectors.publishable_incidents`` applies every source; alerts never
imports legal (they are siblings, docs/architecture.md).

A source takes the organization's id and returns a queryset of incident ids
(``.values("incident_id")``), used as a subquery: one query for the whole
page, however many incidents it holds.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from amparo.incidents.models import Incident

PrivateSource = Callable[[int], QuerySet[Any]]

_SOURCES: list[PrivateSource] = []


def register_private_incidents(source: PrivateSource) -> PrivateSource:
    """Add a source of private incident ids (registering the same one twice is a no-op)."""
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def unregister_private_incidents(source: PrivateSource) -> None:
    if source in _SOURCES:
        _SOURCES.remove(source)


def exclude_private(incidents: QuerySet[Incident], org_id: int) -> QuerySet[Incident]:
    """``incidents`` without the private ones, nor those an incident that is private was merged into
    (the merged incident carries its reports, so it carries its privacy)."""
    for source in _SOURCES:
        ids = source(org_id)
        merged_private = Incident.objects.filter(merged_into=OuterRef("pk"), pk__in=source(org_id))
        incidents = incidents.exclude(pk__in=ids).exclude(Exists(merged_private))
    return incidents


def is_private(incident: Incident) -> bool:
    """Whether one incident must never be published or corrected publicly."""
    qs = Incident.objects.filter(pk=incident.pk)
    return not exclude_private(qs, incident.organization_id).exists()
