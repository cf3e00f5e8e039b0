"""What the console shows live of verification: per incident on the queue, and
the on-scene part of the incident page (``verification/onscene_panel.html``).

Time-to-accept runs from the first offer to the first acceptance; time-to-verify
from the incident's first report to the first outcome a responder reported
(the network's whole loop, which is what a caller waits for).

The counts are the offers' states now: ``accepted`` is every responder holding
or having held a seat (not those released), and of them ``on_scene`` are there
and ``checked_out`` have left; a responder who left is never shown as on the way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast

from django.db.models import Count, Min, Q

from amparo.audit.log import audit
from amparo.incidents.models import Incident, IncidentEvent, Status
from amparo.verification import notify
from amparo.verification.labels import outcome_phrase
from amparo.verification.models import ASSIGNED, Evidence, Offer, OfferStatus
from amparo.verification.onscene import OUTCOME_STATUSES, proposed_status

TAKEN = (*ASSIGNED, OfferStatus.CHECKED_OUT, OfferStatus.RELEASED)  # the on-scene panel lists these
SEATED = (*ASSIGNED, OfferStatus.CHECKED_OUT)  # took a seat and kept it: released responders gave it back


@dataclass
class LiveState:
    offered: int = 0
    accepted: int = 0
    on_scene: int = 0
    checked_out: int = 0
    time_to_accept: timedelta | None = None
    time_to_verify: timedelta | None = None

    @property
    def accept_minutes(self) -> int | None:
        return minutes(self.time_to_accept)

    @property
    def verify_minutes(self) -> int | None:
        return minutes(self.time_to_verify)

    @property
    def any(self) -> bool:
        return bool(self.offered or self.accepted or self.on_scene or self.checked_out or self.time_to_accept)


def minutes(delta: timedelta | None) -> int | None:
    return None if delta is None else max(0, round(delta.total_seconds() / 60))


def queue_state(org_id: int, incidents: list[Incident]) -> dict[int, LiveState]:
    """One query for every incident on the queue, whatever their number."""
    by_id = {i.pk: i for i in incidents}
    if not by_id:
        return {}
    rows = (Offer.objects.filter(organization_id=org_id, incident_id__in=list(by_id)).values("incident_id")
            .annotate(offered=Count("id", filter=Q(status=OfferStatus.OFFERED)),
                      accepted=Count("id", filter=Q(status__in=SEATED)),
                      on_scene=Count("id", filter=Q(status=OfferStatus.ON_SCENE)),
                      checked_out=Count("id", filter=Q(status=OfferStatus.CHECKED_OUT)),
                      first_offer=Min("offered_at"), first_accept=Min("accepted_at"),
                      first_outcome=Min("outcome_reported_at")).order_by())
    states = {}
    for row in rows:
        incident = by_id[row["incident_id"]]
        states[incident.pk] = LiveState(
            offered=row["offered"], accepted=row["accepted"], on_scene=row["on_scene"],
            checked_out=row["checked_out"],
            time_to_accept=(row["first_accept"] - row["first_offer"]) if row["first_accept"] else None,
            time_to_verify=(row["first_outcome"] - incident.first_report_at) if row["first_outcome"] else None,
        )
    return states


def onscene_context(incident: Incident, user: Any = None) -> dict[str, Any]:
    """Context for ``{% include "verification/onscene_panel.html" %}`` as ``onscene_panel``.
    Three queries (offers, evidence, the last override), whatever their number."""
    offers = list(Offer.objects.filter(organization_id=incident.organization_id, incident=incident, status__in=TAKEN)
                  .select_related("responder").order_by("accepted_at", "id"))
    filed = list(Evidence.objects.filter(organization_id=incident.organization_id, incident=incident)
                 .defer("note").order_by("created_at", "id"))
    reported = [o for o in offers if o.outcome_reported_at]
    notes = [o.pk for o in reported if o.outcome_note]
    if notes:  # the responders' outcome notes are read on this page
        audit(incident.organization_id, action="read", object_type="offer_outcome_note", object_ids=notes,
              actor=user)
    # Only offers with an outcome_reported_at are in ``reported``.
    first = min(reported, key=lambda o: cast(datetime, o.outcome_reported_at)) if reported else None
    proposal = proposed_status(first.outcome, first.agency) if first else None
    override = (IncidentEvent.objects.filter(organization_id=incident.organization_id, incident=incident,
                                             kind="outcome_overridden").select_related("actor").order_by("-at", "-id")
                .first()) if first else None
    state = queue_state(incident.organization_id, [incident]).get(incident.pk, LiveState()) if offers else LiveState()
    area = notify.area(incident) if offers else ""
    return {
        "incident": incident,
        "assignments": [{"offer": o, "area": area, "overdue": bool(o.checkout_alerted_at), "sos": bool(o.sos_at),
                         "evidence": [e for e in filed if e.offer_id == o.pk]} for o in offers],
        "evidence": filed,
        "first_outcome": first,
        "proposal": {"status": proposal[0], "label": Status(proposal[0]).label,
                     "reason": outcome_phrase(first.outcome, first.agency)}
        if proposal and first else None,
        "override": override,
        # A verdict can be changed whoever gave it: a dispatcher who confirmed by hand, with no responder's
        # outcome, must still be able to turn it into a false alarm (and so offer the correction).
        "can_override": incident.status in OUTCOME_STATUSES or (bool(first) and incident.status == "verifying"),
        "override_choices": [(s.value, s.label) for s in OUTCOME_STATUSES if s != incident.status],
        "state": state,
        "accept_minutes": minutes(state.time_to_accept),
        "verify_minutes": minutes(state.time_to_verify),
    }
