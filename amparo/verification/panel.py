"""What the console's incident page shows of verification (``dispatch_panel.html``)."""

from __future__ import annotations

from typing import Any

from amparo.incidents.models import Incident, Kind, Status
from amparo.verification.actions import active_dispatch, settings_for, suggest_responders
from amparo.verification.models import Dispatch, Offer, Responder


def panel_context(incident: Incident, user: Any = None) -> dict[str, Any]:
    """Context for ``{% include "verification/dispatch_panel.html" %}``: pass it as
    ``dispatch_panel``. A bounded number of queries, whatever the roster size."""
    dispatch = active_dispatch(incident) or Dispatch.objects.filter(incident=incident).first()
    offers = list(Offer.objects.filter(dispatch=dispatch).select_related("responder")) if dispatch else []
    placeless = incident.kind == Kind.VAGUE  # no place to send a responder to (offer_incident refuses it)
    can_offer = incident.status in (Status.REPORTED, Status.VERIFYING) and not placeless
    suggestions: list[dict[str, Any]] = []
    if can_offer:
        vs = settings_for(incident.organization)
        found = suggest_responders(incident, limit=max(vs.ring_size * 2, 10))
        by_id = Responder.objects.in_bulk([s.responder_id for s in found])
        suggestions = [{"s": s, "responder": by_id[s.responder_id]} for s in found if s.responder_id in by_id]
    time_to_accept = (dispatch.first_accepted_at - dispatch.created_at) if dispatch and dispatch.first_accepted_at else None
    return {
        "incident": incident,
        "dispatch": dispatch,
        "offers": offers,
        "suggestions": suggestions,
        "can_offer": can_offer,
        "placeless": placeless,
        "stalled": bool(dispatch and dispatch.status == "stalled"),
        "time_to_accept": time_to_accept,
    }
