"""On scene: check-in, the outcome and what it proposes, safe check-out, SOS.

Every state change is one named function here, called from the SMS reply
(replies.py), the phone page and the sweep.
Like actions.py: conditional UPDATEs from the expected state, the dispatch row
locked first (``actions._lock_dispatch``) whenever offer rows change.

The outcome's proposed status is APPLIED at once (the incident leaves
"verifying" without waiting for a dispatcher, because the responder on scene is
the one who knows), and the dispatcher may override it with a reason
(``override_outcome``). The outcome may come after the check-out, within the
organization's ``outcome_hours_after_checkout`` (the safety advice is "leave,
then file"). State machine: docs/verification.md.

Each action moves the incident page's change marker last (``mark_changed``,
or the status change's own UPDATE), after the dispatch and offer rows.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Protocol

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from amparo.incidents import actions as incident_actions
from amparo.incidents.actions import InvalidTransition, mark_changed, record_event
from amparo.incidents.models import Incident, Status
from amparo.verification import actions, notify
from amparo.verification.models import (
    ASSIGNED,
    FEDERAL_AGENCIES,
    Agency,
    Offer,
    OfferStatus,
    Outcome,
    Responder,
)
from amparo.verification.safety import (
    _label,
    _org_text,
    _text_dispatchers,
    _text_safety_contact,
)

# The table: outcome -> (proposed status, reason recorded on the incident).
PROPOSALS: dict[str, tuple[str, str]] = {
    Outcome.ENFORCEMENT_SEEN: (Status.CONFIRMED, "enforcement seen"),
    Outcome.OTHER_AGENCY: (Status.FALSE_ALARM, "other agency"),
    Outcome.NOTHING_FOUND: (Status.UNVERIFIABLE, "nothing found on arrival"),
    Outcome.NORMAL_ACTIVITY: (Status.FALSE_ALARM, "normal activity"),
}
OUTCOME_STATUSES = (Status.CONFIRMED, Status.FALSE_ALARM, Status.UNVERIFIABLE)


class _Apply(Protocol):
    def __call__(self, incident: Incident, *, by: Any, reason: str = ...,
                 expected_version: int | None = ...) -> Incident: ...


_APPLY: dict[str, _Apply] = {
    Status.CONFIRMED: incident_actions.confirm_incident, Status.FALSE_ALARM: incident_actions.mark_false_alarm,
    Status.UNVERIFIABLE: incident_actions.mark_unverifiable}


def _active(offer: Offer) -> Responder:
    responder = Responder.objects.select_related("organization").get(pk=offer.responder_id)
    if not responder.is_active:
        raise PermissionDenied
    return responder


# --- check-in and check-out ---------------------------------------------------------

def arrive(offer: Offer, *, now: datetime | None = None, via: str = "page") -> bool:
    """ACCEPTED -> ON_SCENE; arms the check-out deadline (T2). From the page the
    check-out prompt is texted; by SMS it is the reply (replies.py)."""
    now = now or timezone.now()
    responder = _active(offer)
    due = now + timedelta(minutes=actions.settings_for(responder.organization).checkout_minutes)
    with transaction.atomic():
        actions._lock_dispatch(offer.dispatch_id)
        if not Offer.objects.filter(pk=offer.pk, status=OfferStatus.ACCEPTED).update(
                status=OfferStatus.ON_SCENE, arrived_at=now, checkout_due_at=due):
            return False
        record_event(offer.incident, "responder_arrived", by=_label(responder), at=now, offer=offer.pk, via=via)
        mark_changed(offer.incident_id)
        if via != "sms":
            notify.text(responder, "onscene.arrived", offer.incident, ref=offer.incident.ref,
                        link=notify.offer_link(offer))
    notify.wake_at(due)
    offer.refresh_from_db()
    return True


def check_out(offer: Offer, *, now: datetime | None = None, via: str = "page") -> bool:
    """ACCEPTED | ON_SCENE -> CHECKED_OUT: the assignment's final state. Those
    already alerted (overdue or SOS) are told the responder is safe."""
    now = now or timezone.now()
    responder = _active(offer)
    with transaction.atomic():
        actions._lock_dispatch(offer.dispatch_id)
        before = Offer.objects.get(pk=offer.pk)
        if not Offer.objects.filter(pk=offer.pk, status__in=ASSIGNED).update(
                status=OfferStatus.CHECKED_OUT, checked_out_at=now, ended_at=now, checkout_due_at=None,
                safety_due_at=None):
            return False
        incident = Incident.objects.select_related("organization").get(pk=offer.incident_id)
        record_event(incident, "responder_checked_out", by=_label(responder), at=now, offer=offer.pk, via=via,
                     after_alert=bool(before.checkout_alerted_at or before.sos_at))
        if before.checkout_alerted_at or before.sos_at:
            org = incident.organization
            body = _org_text(org, "onscene.safe_again", name=responder.name or _label(responder), ref=incident.ref)
            _text_dispatchers(org, body, now, incident)
            if before.safety_alerted_at or before.sos_at:
                _text_safety_contact(org, body, incident)
        actions.finish_dispatch_if_done(offer.dispatch_id, now)
        mark_changed(incident.pk)
    offer.refresh_from_db()
    return True


# --- the outcome ------------------------------------------------------------------

def proposed_status(outcome: str, agency: str = "") -> tuple[str, str]:
    """(status, reason) the outcome proposes; the reason names the agency as identified."""
    status, reason = PROPOSALS[outcome]
    return status, f"{reason}: {Agency(agency).label}" if agency else reason


def _clean_agency(outcome: str, agency: str) -> str:
    if outcome == Outcome.ENFORCEMENT_SEEN and agency not in FEDERAL_AGENCIES:
        raise ValueError("enforcement seen needs the federal agency as identified")
    if outcome == Outcome.OTHER_AGENCY and (agency not in Agency.values or agency in FEDERAL_AGENCIES):
        raise ValueError("another agency needs a non-federal agency")
    return agency if outcome in (Outcome.ENFORCEMENT_SEEN, Outcome.OTHER_AGENCY) else ""


class OutcomeRefused(PermissionDenied):
    """No outcome can be recorded on this offer; ``reason`` says why, for the page and the SMS answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


NOT_ASSIGNED, ALREADY_REPORTED, TOO_LATE = "not_assigned", "already", "too_late"


def outcome_window(org: Any) -> timedelta:
    """How long after checking out a responder can still report the outcome (an org setting)."""
    return timedelta(hours=actions.settings_for(org).outcome_hours_after_checkout)


def outcome_refusal(offer: Offer, now: datetime, window: timedelta) -> str:
    """"" while ``offer``'s responder can report the outcome, else why not:
    assigned, or checked out less than ``window`` ago, and nothing reported yet."""
    if offer.outcome:
        return ALREADY_REPORTED
    if offer.status in ASSIGNED:
        return ""
    if offer.status == OfferStatus.CHECKED_OUT:
        left = offer.checked_out_at
        return "" if left is not None and left >= now - window else TOO_LATE
    return NOT_ASSIGNED


def report_outcome(offer: Offer, *, outcome: str, agency: str = "", note: str = "",
                   now: datetime | None = None, via: str = "page") -> str | None:
    """Record the responder's outcome on their assignment (they are the attester)
    and apply the status it proposes while the incident is still verifying.
    Allowed while assigned, and for ``outcome_window`` after checking out.

    An outcome settles the dispatch: nobody else needs to go, so its open offers
    close and it stops escalating (``actions.conclude_dispatch``).
    Returns the status applied, or None when the incident had already moved
    (a dispatcher or another responder decided first). Raises ValueError for
    an outcome/agency that does not fit, OutcomeRefused (a PermissionDenied)
    when the offer is not the responder's to report on any more, PermissionDenied
    for a removed responder."""
    now = now or timezone.now()
    if outcome not in PROPOSALS:
        raise ValueError("unknown outcome")
    agency = _clean_agency(outcome, agency)
    responder = _active(offer)
    window = outcome_window(responder.organization)
    status, reason = proposed_status(outcome, agency)
    with transaction.atomic():
        actions._lock_dispatch(offer.dispatch_id)
        reportable = Q(status__in=ASSIGNED) | Q(status=OfferStatus.CHECKED_OUT, checked_out_at__gte=now - window)
        if not Offer.objects.filter(reportable, pk=offer.pk, outcome="").update(
                outcome=outcome, agency=agency, outcome_reported_at=now):
            raise OutcomeRefused(outcome_refusal(Offer.objects.get(pk=offer.pk), now, window) or NOT_ASSIGNED)
        note = (note or "").strip()[:2000]
        claimed = Offer.objects.get(pk=offer.pk)
        if note:  # an encrypted field is written through the model, never by a bulk UPDATE
            claimed.outcome_note = note
            claimed.save(update_fields=["outcome_note"])
        incident = Incident.objects.select_related("organization").get(pk=offer.incident_id)
        # Offer rows before the incident's row (the lock order of actions.py).
        closed = actions.conclude_dispatch(offer.dispatch_id, incident, now)
        applied = None
        if incident.status == Status.VERIFYING:
            _APPLY[status](incident, by=responder.user or _label(responder), reason=reason)
            applied = status
        record_event(incident, "outcome_reported", by=_label(responder), at=now, offer=offer.pk, via=via,
                     outcome=outcome, agency=agency, proposed=status, applied=bool(applied),
                     attested_by=responder.pk, after_checkout=claimed.status == OfferStatus.CHECKED_OUT,
                     offers_closed=closed)
        mark_changed(incident.pk)
    offer.refresh_from_db()
    return applied


def override_outcome(incident: Incident, status: str, *, by: Any, reason: str,
                     expected_version: int | None = None) -> Incident:
    """The dispatcher replaces the responder's (or anyone's) verification
    outcome: confirmed | false_alarm | unverifiable, with a reason. From
    "verifying" it is the ordinary transition; between outcome states it is a
    correction the general TRANSITIONS table does not offer, recorded as a
    status event with ``override=True``. ``expected_version`` guards against a
    concurrent change (StaleIncident)."""
    reason = (reason or "").strip()
    if status not in OUTCOME_STATUSES:
        raise InvalidTransition(status)
    if not reason:
        raise ValueError("an override needs a reason")
    before = incident.status
    with transaction.atomic():
        if before == Status.VERIFYING:
            _APPLY[status](incident, by=by, reason=reason, expected_version=expected_version)
        elif before in OUTCOME_STATUSES and before != status:
            incident_actions._bump(incident, expected_version, status=status, status_reason=reason[:200])
            record_event(incident, "status", by=by, before=before, after=status, reason=reason[:200], override=True)
        else:
            raise InvalidTransition(status)
        record_event(incident, "outcome_overridden", by=by, before=before, after=status, reason=reason[:200])
    return incident
