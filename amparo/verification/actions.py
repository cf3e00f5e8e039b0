"""Every state change of verification is one named function here, called
from every entry point (console panel, phone page, SMS reply, sweep).

Locking: seats are taken with a conditional UPDATE on ``Dispatch.accepted_count``
(``accepted_count < seats``), and every status change is a conditional UPDATE
from the state it expects, so two workers, two replies or a reply racing the
sweep never both win. ``select_for_update`` would do nothing on SQLite; the
conditional UPDATE works on both (on SQLite writers serialize, on PostgreSQL the
second UPDATE waits for the first and re-checks its WHERE).
Lock order, to never deadlock on PostgreSQL: the dispatch row first
(``_lock_dispatch``), then its offer rows, then the incident's row (its
``changes`` marker, moved last by each action: the open incident page polls
it). Callers may or may not hold a transaction; each function opens its own.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from amparo.crypto.keys import keyed_hash
from amparo.incidents import actions as incident_actions
from amparo.incidents.actions import mark_changed, record_event
from amparo.incidents.models import Incident, Kind, Status
from amparo.verification import notify
from amparo.verification.eligibility import refuse_picked
from amparo.verification.models import (
    ACTIVE_DISPATCH,
    ASSIGNED,
    Dispatch,
    DispatchStatus,
    Offer,
    OfferStatus,
    Responder,
    VerificationSettings,
)
from amparo.verification.ranking import Suggestion, incident_need, load_candidates, rank

# An expired offer may still be accepted while seats are free: a late YES is welcome.
ACCEPTABLE = (OfferStatus.OFFERED, OfferStatus.EXPIRED)


class Accept(enum.Enum):
    ASSIGNED = "assigned"  # took a seat
    ALREADY = "already"  # this offer was already accepted
    NOT_NEEDED = "not_needed"  # every seat was taken first
    CLOSED = "closed"  # declined, cancelled, dispatch over
    REFUSED = "refused"  # the responder is no longer on the roster


def settings_for(org: Any) -> VerificationSettings:
    vs, _created = VerificationSettings.objects.get_or_create(organization_id=org.pk)
    return vs


def _lock_dispatch(dispatch_id: int) -> None:
    """Row lock on PostgreSQL (a no-op on SQLite, whose IMMEDIATE transactions
    already serialize writers): taken before touching any of its offers."""
    list(Dispatch.objects.select_for_update().filter(pk=dispatch_id).values_list("pk", flat=True))


def active_dispatch(incident: Incident) -> Dispatch | None:
    return Dispatch.objects.filter(incident=incident, status__in=ACTIVE_DISPATCH).first()


# --- roster ---------------------------------------------------------------------

def phone_hash(org_id: int, e164: str) -> str:
    """Same scheme as Report.caller_hash (amparo/intake/pipeline.py)."""
    return keyed_hash(org_id, "tel:" + e164) if e164 else ""


def save_responder(org: Any, responder: Responder | None = None, *, name: str, phone: str,
                   languages: list[str], training: list[str], zones: list[Any], field_eligible: bool,
                   on_call: bool, schedule: list[dict], user: Any = None) -> Responder:
    """Add a responder (``responder=None``) or update one. ``phone`` is E.164."""
    responder = responder or Responder(organization_id=org.pk)
    if responder.organization_id != org.pk:
        raise PermissionDenied
    responder.name, responder.phone, responder.phone_hash = name, phone, phone_hash(org.pk, phone)
    responder.languages, responder.training = languages, training
    responder.field_eligible, responder.on_call, responder.schedule = field_eligible, on_call, schedule
    if user is not None:
        responder.user = user
    responder.save()
    responder.zones.set([z for z in zones if z.organization_id == org.pk])
    return responder


@transaction.atomic
def set_on_call(responder: Responder, on_call: bool) -> None:
    Responder.objects.filter(pk=responder.pk).update(on_call=on_call)
    responder.on_call = on_call


@transaction.atomic
def remove_responder(responder: Responder, *, by: Any, now: datetime | None = None) -> None:
    """Take a responder off the roster: open offers are cancelled, assignments released.
    The row stays (the timeline points at it); they can no longer accept or file anything."""
    now = now or timezone.now()
    Responder.objects.filter(pk=responder.pk).update(is_active=False, on_call=False, removed_at=now)
    responder.is_active = False
    for offer in Offer.objects.filter(responder=responder, status__in=ACCEPTABLE + ASSIGNED).select_related("incident"):
        final = OfferStatus.RELEASED if offer.status in ASSIGNED else OfferStatus.CANCELLED
        _lock_dispatch(offer.dispatch_id)
        if Offer.objects.filter(pk=offer.pk, status=offer.status).update(status=final, ended_at=now):
            if offer.status in ASSIGNED:
                Dispatch.objects.filter(pk=offer.dispatch_id, accepted_count__gt=0).update(
                    accepted_count=F("accepted_count") - 1)
                _reopen_if_short(offer.dispatch_id, now)
            else:
                _escalate_if_unanswered(offer.dispatch_id, now)
            record_event(offer.incident, "responder_removed", by=by, at=now, offer=offer.pk)
            mark_changed(offer.incident_id)


def _escalate_if_unanswered(dispatch_id: int, now: datetime) -> None:
    """An open offer was withdrawn (roster removal): when nobody else is left to answer
    this ring, the next ring goes out now instead of at the ring's deadline."""
    if Offer.objects.filter(dispatch_id=dispatch_id, status=OfferStatus.OFFERED).exists():
        return
    if Dispatch.objects.filter(pk=dispatch_id, status=DispatchStatus.OFFERING, escalate_at__gt=now).update(
            escalate_at=now):
        notify.wake_at(now)


# --- offering -------------------------------------------------------------------

def suggest_responders(incident: Incident, *, limit: int | None = None, now: datetime | None = None,
                       exclude: list[int] | tuple[int, ...] = ()) -> list[Suggestion]:
    """The best responders for ``incident``, best first (see ranking.py)."""
    now = now or timezone.now()
    org = incident.organization
    already = Offer.objects.filter(incident=incident, dispatch__status__in=ACTIVE_DISPATCH).values_list(
        "responder_id", flat=True)
    found = rank(incident_need(incident), load_candidates(org, now), exclude=[*exclude, *already])
    return found[:limit] if limit is not None else found


def offer_incident(incident: Incident, *, by: Any, responders: list[Responder] | None = None,
                   now: datetime | None = None) -> Dispatch:
    """Offer ``incident`` to ``responders`` (picked by hand) or to the next ring of
    suggestions. Opens the dispatch if none is active and moves the incident
    reported -> verifying when the first offer goes out."""
    now = now or timezone.now()
    with transaction.atomic():
        incident = Incident.objects.select_related("organization").get(pk=incident.pk)
        if incident.status not in (Status.REPORTED, Status.VERIFYING):
            raise incident_actions.InvalidTransition(incident.get_status_display())
        if incident.kind == Kind.VAGUE:
            # Nowhere to send anyone: the dispatcher asks the reporter where, then merges or splits.
            raise incident_actions.InvalidTransition(incident.get_kind_display())
        dispatch = active_dispatch(incident) or _open_dispatch(incident, by=by, now=now)
        by_hand = responders is not None
        if responders is None:
            ids = [s.responder_id for s in suggest_responders(incident, limit=dispatch.ring_size, now=now)]
            responders = list(Responder.objects.filter(pk__in=ids))
            responders.sort(key=lambda r: ids.index(r.pk))
        else:
            taken = set(Offer.objects.filter(dispatch=dispatch).values_list("responder_id", flat=True))
            # Refused with the reason (not cleared, no valid field certification): NotDispatchable.
            refuse_picked(incident.organization_id, responders, now)
            responders = [r for r in responders if r.pk not in taken]
        _send_ring(dispatch, incident, responders, by=by, by_hand=by_hand, now=now)
        if incident.status == Status.REPORTED and responders:
            incident_actions.start_verifying(incident, by=by)
    return dispatch


def _open_dispatch(incident: Incident, *, by: Any, now: datetime) -> Dispatch:
    vs = settings_for(incident.organization)
    need = incident_need(incident)
    dispatch = Dispatch.objects.create(
        organization_id=incident.organization_id, incident=incident, seats=vs.seats, ring_size=vs.ring_size,
        max_rings=vs.max_rings, offer_minutes=vs.offer_minutes, created_at=now,
        language=sorted(need.languages)[0] if len(need.languages) == 1 else "",
        created_by=by if getattr(by, "is_authenticated", False) else None,
    )
    record_event(incident, "dispatch_opened", by=by, at=now, dispatch=dispatch.pk, seats=vs.seats)
    return dispatch


def _send_ring(dispatch: Dispatch, incident: Incident, responders: list[Responder], *, by: Any,
               by_hand: bool, now: datetime) -> None:
    ring = dispatch.ring + 1
    expires = now + timedelta(minutes=dispatch.offer_minutes)
    Dispatch.objects.filter(pk=dispatch.pk).update(
        ring=ring, escalate_at=expires, status=DispatchStatus.OFFERING
        if dispatch.status == DispatchStatus.STALLED else dispatch.status)
    dispatch.ring, dispatch.escalate_at = ring, expires
    if dispatch.status == DispatchStatus.STALLED:
        dispatch.status = DispatchStatus.OFFERING
    offers = [Offer.objects.create(organization_id=incident.organization_id, dispatch=dispatch, incident=incident,
                                   responder=r, ring=ring, by_hand=by_hand, offered_at=now, expires_at=expires)
              for r in responders]
    record_event(incident, "offers_sent", by=by, at=now, dispatch=dispatch.pk, ring=ring,
                 offers=[o.pk for o in offers], by_hand=by_hand)
    mark_changed(incident.pk)
    for offer in offers:
        notify.offer(offer, incident)
    notify.wake_at(expires)


# --- answers --------------------------------------------------------------------

def accept_offer(offer: Offer, *, now: datetime | None = None, via: str = "sms") -> Accept:
    """Take a seat for ``offer``'s responder if one is left (first K win)."""
    now = now or timezone.now()
    with transaction.atomic():
        responder = Responder.objects.get(pk=offer.responder_id)
        if not responder.is_active:
            return Accept.REFUSED
        _lock_dispatch(offer.dispatch_id)
        claimed = Offer.objects.filter(pk=offer.pk, status__in=ACCEPTABLE,
                                       dispatch__status__in=ACTIVE_DISPATCH).update(
            status=OfferStatus.ACCEPTED, responded_at=now, accepted_at=now)
        if not claimed:
            current = Offer.objects.filter(pk=offer.pk).values_list("status", flat=True).get()
            if current in ASSIGNED:
                return Accept.ALREADY
            return Accept.NOT_NEEDED if current == OfferStatus.NOT_NEEDED else Accept.CLOSED
        seat = Dispatch.objects.filter(pk=offer.dispatch_id, status__in=ACTIVE_DISPATCH,
                                       accepted_count__lt=F("seats")).update(accepted_count=F("accepted_count") + 1)
        incident = Incident.objects.get(pk=offer.incident_id)
        if not seat:
            Offer.objects.filter(pk=offer.pk).update(status=OfferStatus.NOT_NEEDED, accepted_at=None, ended_at=now)
            record_event(incident, "offer_too_late", by="responder", at=now, offer=offer.pk, via=via)
            mark_changed(incident.pk)
            return Accept.NOT_NEEDED
        Dispatch.objects.filter(pk=offer.dispatch_id, first_accepted_at__isnull=True).update(first_accepted_at=now)
        record_event(incident, "offer_accepted", by="responder", at=now, offer=offer.pk, via=via)
        dispatch = Dispatch.objects.get(pk=offer.dispatch_id)
        if dispatch.accepted_count >= dispatch.seats:
            _staff(dispatch, incident, now)
        mark_changed(incident.pk)
    offer.refresh_from_db()
    return Accept.ASSIGNED


def _staff(dispatch: Dispatch, incident: Incident, now: datetime) -> None:
    """Every seat is taken: stop escalating and tell the others they are not needed."""
    Dispatch.objects.filter(pk=dispatch.pk, status__in=(DispatchStatus.OFFERING, DispatchStatus.STALLED)).update(
        status=DispatchStatus.STAFFED, escalate_at=None)
    _close_open_offers(dispatch, incident, OfferStatus.NOT_NEEDED, now)
    record_event(incident, "dispatch_staffed", at=now, dispatch=dispatch.pk)


def _close_open_offers(dispatch: Dispatch, incident: Incident, status: str, now: datetime) -> None:
    for offer in Offer.objects.filter(dispatch=dispatch, status__in=ACCEPTABLE).select_related("responder"):
        if Offer.objects.filter(pk=offer.pk, status=offer.status).update(status=status, ended_at=now):
            # Only those who could still be on their way are texted; an expired offer's silence is an answer.
            if offer.status == OfferStatus.OFFERED:
                notify.text(offer.responder, "offer.not_needed", incident, ref=incident.ref)


def decline_offer(offer: Offer, *, now: datetime | None = None, via: str = "sms") -> bool:
    """NO: the offer is declined. When nobody is left to answer, escalation comes now."""
    now = now or timezone.now()
    with transaction.atomic():
        _lock_dispatch(offer.dispatch_id)
        if not Offer.objects.filter(pk=offer.pk, status__in=ACCEPTABLE).update(
                status=OfferStatus.DECLINED, responded_at=now, ended_at=now):
            return False
        incident = Incident.objects.get(pk=offer.incident_id)
        record_event(incident, "offer_declined", by="responder", at=now, offer=offer.pk, via=via)
        mark_changed(incident.pk)
        if not Offer.objects.filter(dispatch_id=offer.dispatch_id, status=OfferStatus.OFFERED).exists():
            moved = Dispatch.objects.filter(pk=offer.dispatch_id, status=DispatchStatus.OFFERING,
                                            escalate_at__gt=now).update(escalate_at=now)
            if moved:
                notify.wake_at(now)
    return True


# --- deadlines (run by sweep.py) ------------------------------------------------

def expire_offers(now: datetime) -> int:
    """Offers unanswered past ``expires_at`` become expired (still acceptable while seats are free)."""
    return Offer.objects.filter(status=OfferStatus.OFFERED, expires_at__lte=now).update(
        status=OfferStatus.EXPIRED)


def escalate_dispatch(dispatch: Dispatch, *, now: datetime) -> str:
    """``escalate_at`` passed with seats empty: next ring, or alert the dispatcher.
    Returns "ring", "stalled" or "" (someone else handled it first)."""
    with transaction.atomic():
        # Claim the deadline so two sweeps never send two rings.
        if not Dispatch.objects.filter(pk=dispatch.pk, status=DispatchStatus.OFFERING,
                                       escalate_at=dispatch.escalate_at, escalate_at__lte=now).update(escalate_at=None):
            return ""
        dispatch.refresh_from_db()
        incident = Incident.objects.select_related("organization").get(pk=dispatch.incident_id)
        if dispatch.ring < dispatch.max_rings:
            ids = [s.responder_id for s in suggest_responders(incident, limit=dispatch.ring_size, now=now)]
            if ids:
                responders = sorted(Responder.objects.filter(pk__in=ids), key=lambda r: ids.index(r.pk))
                record_event(incident, "dispatch_escalated", at=now, dispatch=dispatch.pk, ring=dispatch.ring + 1)
                _send_ring(dispatch, incident, responders, by=None, by_hand=False, now=now)
                return "ring"
        Dispatch.objects.filter(pk=dispatch.pk).update(status=DispatchStatus.STALLED, stalled_at=now)
        dispatch.status = DispatchStatus.STALLED
        texted = notify.dispatchers(incident, now)
        record_event(incident, "dispatch_stalled", at=now, dispatch=dispatch.pk, rings=dispatch.ring,
                     dispatchers_texted=texted)
        mark_changed(incident.pk)
    return "stalled"


# --- ending ---------------------------------------------------------------------

@transaction.atomic
def cancel_dispatch(dispatch: Dispatch, *, by: Any, reason: str = "", now: datetime | None = None) -> bool:
    """Stop the dispatch: open offers cancelled (texted), assignments released (texted)."""
    now = now or timezone.now()
    if not Dispatch.objects.filter(pk=dispatch.pk, status__in=ACTIVE_DISPATCH).update(
            status=DispatchStatus.CANCELLED, escalate_at=None, closed_at=now):
        return False
    dispatch.status = DispatchStatus.CANCELLED
    incident = Incident.objects.get(pk=dispatch.incident_id)
    _close_open_offers(dispatch, incident, OfferStatus.CANCELLED, now)
    for offer in Offer.objects.filter(dispatch=dispatch, status__in=ASSIGNED).select_related("responder"):
        if Offer.objects.filter(pk=offer.pk, status=offer.status).update(status=OfferStatus.RELEASED, ended_at=now):
            notify.text(offer.responder, "offer.released", incident, ref=incident.ref)
    record_event(incident, "dispatch_cancelled", by=by, at=now, dispatch=dispatch.pk, reason=reason[:200])
    mark_changed(incident.pk)
    return True


def conclude_dispatch(dispatch_id: int, incident: Incident, now: datetime) -> int:
    """The incident's verification is decided (a responder's outcome): nobody else
    needs to go. Open offers close as not needed (those still offered are texted),
    escalation stops, and the dispatch is done, or staffed (no more offers, no
    more rings) until the responders still out check out (``finish_dispatch_if_done``).
    Callers hold the dispatch's lock (``_lock_dispatch``). Returns the offers closed."""
    dispatch = Dispatch.objects.filter(pk=dispatch_id, organization_id=incident.organization_id,
                                       status__in=ACTIVE_DISPATCH).first()
    if dispatch is None:
        return 0
    closed = Offer.objects.filter(dispatch=dispatch, status__in=ACCEPTABLE).count()
    _close_open_offers(dispatch, incident, OfferStatus.NOT_NEEDED, now)
    if Offer.objects.filter(dispatch=dispatch, status__in=ASSIGNED).exists():
        Dispatch.objects.filter(pk=dispatch.pk, status__in=ACTIVE_DISPATCH).update(
            status=DispatchStatus.STAFFED, escalate_at=None)
    else:
        Dispatch.objects.filter(pk=dispatch.pk, status__in=ACTIVE_DISPATCH).update(
            status=DispatchStatus.DONE, escalate_at=None, closed_at=now)
    return closed


def finish_dispatch_if_done(dispatch_id: int, now: datetime | None = None) -> bool:
    """A staffed dispatch whose assignments all ended (checked out or released) is done.
    Called by the on-scene actions after a check-out or release."""
    now = now or timezone.now()
    if Offer.objects.filter(dispatch_id=dispatch_id, status__in=ASSIGNED + ACCEPTABLE).exists():
        return False
    return bool(Dispatch.objects.filter(pk=dispatch_id, status=DispatchStatus.STAFFED).update(
        status=DispatchStatus.DONE, closed_at=now))


def _reopen_if_short(dispatch_id: int, now: datetime) -> None:
    """A seat came free on a staffed dispatch (roster removal): escalate at once for a replacement."""
    if Dispatch.objects.filter(pk=dispatch_id, status=DispatchStatus.STAFFED).update(
            status=DispatchStatus.OFFERING, escalate_at=now):
        notify.wake_at(now)
