"""The dossier's PDF summary: what happened, in the organization's time zone, with nobody named.

Rendered from a Django template by WeasyPrint. Its URL fetcher refuses every
URL: the page is self-contained (inline CSS, no images), so nothing outside the
ZIP can reach into it, and rendering never touches the network or the disk.
Fonts come from the system (fontconfig): Noto covers every catalog's script.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.template.loader import render_to_string
from django.utils import timezone, translation

from amparo.core.clock import org_zone
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.legal.dossier.collect import Item, Pseudonyms, Subject
from amparo.legal.models import CaseEvent
from amparo.reports.models import Report
from amparo.verification.models import Agency, Evidence, EvidenceKind, Offer, Outcome

# WeasyPrint logs each rendering step at INFO: one dossier would fill a worker's log.
logging.getLogger("weasyprint.progress").setLevel(logging.WARNING)


def _refuse(url: str, headers: Any = None) -> Any:
    raise ValueError(f"the dossier's PDF fetches nothing: {url[:80]}")


def nothing_outside() -> Any:
    """WeasyPrint's URL fetcher, refusing every URL (``file:``, ``http:``, ``data:`` alike)."""
    from weasyprint.urls import URLFetcher  # start-up cost, as in render_summary

    class NothingOutside(URLFetcher):
        fetch = staticmethod(_refuse)

    return NothingOutside()


@dataclass(frozen=True)
class Checked:
    """A file as written into the ZIP: its hash at export against the one recorded at upload."""

    item: Item
    sha256_now: str

    @property
    def matches(self) -> bool:
        return self.sha256_now == self.item.sha256


def _local(value: datetime | None, zone: ZoneInfo) -> str:
    if value is None:
        return ""
    local = timezone.localtime(value, zone)
    return f"{local:%Y-%m-%d %H:%M} {local.tzname() or ''}".strip()


def _status(value: object) -> str:
    """A status change's words in the reader's language ("Confirmed"), not its code."""
    return str(Status(value).label) if value in Status.values else str(value)


def _incident_context(org_id: int, incident: Incident, names: Pseudonyms, zone: ZoneInfo) -> dict[str, Any]:
    events = [{"at": _local(e.at, zone), "who": names.label(e.actor_id, e.actor_label),
               "what": e.kind.replace("_", " ").capitalize(),
               "detail": " → ".join(_status(e.data[k]) for k in ("before", "after") if k in e.data)}
              for e in IncidentEvent.objects.filter(organization_id=org_id, incident=incident).order_by("at", "pk")]
    reports = [{"at": _local(r.received_at, zone), "channel": r.get_channel_display(), "language": r.language,
                "body": r.body}
               for r in Report.objects.filter(organization_id=org_id, incident=incident).order_by("received_at", "pk")]
    observations = [{"at": _local(ev.created_at, zone), "who": names.responder(ev.offer.responder_id),
                     "text": ev.note or ""}
                    for ev in Evidence.objects.filter(organization_id=org_id, incident=incident,
                                                      kind=EvidenceKind.NOTE)
                    .select_related("offer").order_by("created_at", "pk")]
    outcomes = [{"who": names.responder(o.responder_id), "accepted": _local(o.accepted_at, zone),
                 "arrived": _local(o.arrived_at, zone), "reported": _local(o.outcome_reported_at, zone),
                 "checked_out": _local(o.checked_out_at, zone),
                 "outcome": Outcome(o.outcome).label if o.outcome in Outcome.values else "",
                 "agency": Agency(o.agency).label if o.agency in Agency.values else ""}
                for o in Offer.objects.filter(organization_id=org_id, incident=incident, accepted_at__isnull=False)
                .order_by("accepted_at", "pk")]
    return {"incident": incident, "status": incident.get_status_display(),
            "first": _local(incident.first_report_at, zone), "last": _local(incident.last_report_at, zone),
            "events": events, "reports": reports, "observations": observations, "outcomes": outcomes}


def _case_context(subject: Subject, names: Pseudonyms, zone: ZoneInfo) -> dict[str, Any] | None:
    case = subject.case
    if case is None:
        return None
    events = [{"on": e.occurred_on.isoformat() if e.occurred_on else "", "at": _local(e.created_at, zone),
               "who": names.user(e.actor_id), "what": e.get_kind_display(),
               "facility": e.facility.name if e.facility else "",
               "amount": f"${e.amount_cents / 100:,.2f}" if e.amount_cents is not None else "",
               "details": e.details or ""}
              for e in CaseEvent.objects.filter(organization_id=subject.organization.pk, case=case)
              .select_related("facility").order_by("created_at", "pk")]
    return {"case": case, "person": case.person.name, "type": case.get_case_type_display(),
            "status": case.get_status_display(), "facility": case.facility.name if case.facility else "",
            "opened": _local(case.opened_at, zone), "events": events}


def render_summary(subject: Subject, checked: list[Checked], *, names: Pseudonyms, public_key: str,
                   key_fingerprint: str, generated_at: datetime, language: str) -> bytes:
    """The PDF's bytes. Reads the timeline, reports, observations and outcomes (a few queries per incident)."""
    org = subject.organization
    zone = org_zone(org)
    with translation.override(language):
        html = render_to_string("legal/dossier/summary.html", {
            "org": org, "zone": str(zone), "generated": _local(generated_at, zone), "language": language,
            "case": _case_context(subject, names, zone),
            "incidents": [_incident_context(org.pk, i, names, zone) for i in subject.incidents],
            "files": [{"path": c.item.path, "kind": c.item.kind, "size": c.item.size, "sha256": c.item.sha256,
                       "matches": c.matches, "recorded": _local(c.item.recorded_at, zone),
                       "who": names.responder(c.item.responder_id)} for c in checked],
            "public_key": public_key, "fingerprint": key_fingerprint,
        })
    # Imported here for its start-up cost: WeasyPrint loads Pango and parses its stylesheets,
    # which every process that loads the URL map would otherwise pay (and log).
    from weasyprint import HTML

    pdf = HTML(string=html, base_url=None, url_fetcher=nothing_outside()).write_pdf()
    assert isinstance(pdf, bytes)
    return pdf
