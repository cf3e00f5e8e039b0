"""On scene: check-in, the outcome and what it proposes, safe check-out, SOS.

Every state change is one named function here, called from the SMS reply
(``handle_reply``, router rule 2 via replies.py), the phone page and the sweep.
Like actions.py: conditional UPDATEs from the expected state, the dispatch row
locked first (``actions._lock_dispatch``) whenever offer rows change.

The outcome's proposed status is APPLIED at once (the incident leaves
"verifying" without waiting for a dispatcher, because the responder on scene is
the one who knows), and the dispatcher may override it with a reason
(``override_outcome``). State machine: docs/verification.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from amparo.incidents import actions as incident_actions
from amparo.incidents.actions import InvalidTransition, record_event
from amparo.incidents.models import Incident, Status
from amparo.verification import actions, notify, replies
from amparo.verification.models import (
    ASSIGNED,
    FEDERAL_AGENCIES,
    Agency,
    Offer,
    OfferStatus,
    Outcome,
    Responder,
)

BATCH = 200

# The table: outcome -> (proposed status, reason recorded on the incident).
PROPOSALS: dict[str, tuple[str, str]] = {
    Outcome.ENFORCEMENT_SEEN: (Status.CONFIRMED, "enforcement seen"),
    Outcome.OTHER_AGENCY: (Status.FALSE_ALARM, "other agency"),
    Outcome.NOTHING_FOUND: (Status.UNVERIFIABLE, "nothing found on arrival"),
    Outcome.NORMAL_ACTIVITY: (Status.FALSE_ALARM, "normal activity"),
}
OUTCOME_STATUSES = (Status.CONFIRMED, Status.FALSE_ALARM, Status.UNVERIFIABLE)
_APPLY = {Status.CONFIRMED: incident_actions.confirm_incident, Status.FALSE_ALARM: incident_actions.mark_false_alarm,
          Status.UNVERIFIABLE: incident_actions.mark_unverifiable}


def _label(responder: Responder) -> str:
    return f"responder {responder.pk}"


def _active(offer: Offer) -> Responder:
    responder = Responder.objects.select_related("organization").get(pk=offer.responder_id)
    if not responder.is_active:
        raise PermissionDenied
    return responder


# --- check-in and check-out ---------------------------------------------------------

def arrive(offer: Offer, *, now: datetime | None = None, via: str = "page") -> bool:
    """ACCEPTED -> ON_SCENE; arms the check-out deadline (T2). From the page the
    check-out prompt is texted; by SMS it is the reply (``handle_reply``)."""
    now = now or timezone.now()
    responder = _active(offer)
    due = now + timedelta(minutes=actions.settings_for(responder.organization).checkout_minutes)
    with transaction.atomic():
        actions._lock_dispatch(offer.dispatch_id)
        if not Offer.objects.filter(pk=offer.pk, status=OfferStatus.ACCEPTED).update(
                status=OfferStatus.ON_SCENE, arrived_at=now, checkout_due_at=due):
            return False
        record_event(offer.incident, "responder_arrived", by=_label(responder), at=now, offer=offer.pk, via=via)
        if via != "sms":
            notify.text(responder, "onscene.arrived", offer.incident, ref=offer.incident_id,
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
            body = _org_text(org, "onscene.safe_again", name=responder.name or _label(responder), ref=incident.pk)
            _text_dispatchers(org, body, now, incident)
            if before.safety_alerted_at or before.sos_at:
                _text_safety_contact(org, body, incident)
        actions.finish_dispatch_if_done(offer.dispatch_id, now)
    offer.refresh_from_db()
    return True


# --- the outcome ------------------------------------------------------------------

def proposed_status(outcome: str) -> tuple[str, str]:
    return PROPOSALS[outcome]


def _clean_agency(outcome: str, agency: str) -> str:
    if outcome == Outcome.ENFORCEMENT_SEEN and agency not in FEDERAL_AGENCIES:
        raise ValueError("enforcement seen needs the federal agency as identified")
    if outcome == Outcome.OTHER_AGENCY and (agency not in Agency.values or agency in FEDERAL_AGENCIES):
        raise ValueError("another agency needs a non-federal agency")
    return agency if outcome in (Outcome.ENFORCEMENT_SEEN, Outcome.OTHER_AGENCY) else ""


def report_outcome(offer: Offer, *, outcome: str, agency: str = "", note: str = "",
                   now: datetime | None = None, via: str = "page") -> str | None:
    """Record the responder's outcome on their assignment (they are the attester)
    and apply the status it proposes while the incident is still verifying.
    Returns the status applied, or None when the incident had already moved
    (a dispatcher or another responder decided first). Raises ValueError for
    an outcome/agency that does not fit, PermissionDenied for a removed responder."""
    now = now or timezone.now()
    if outcome not in PROPOSALS:
        raise ValueError("unknown outcome")
    agency = _clean_agency(outcome, agency)
    responder = _active(offer)
    status, reason = proposed_status(outcome)
    if agency:
        reason = f"{reason}: {Agency(agency).label}"
    with transaction.atomic():
        actions._lock_dispatch(offer.dispatch_id)
        if not Offer.objects.filter(pk=offer.pk, status__in=ASSIGNED, outcome="").update(
                outcome=outcome, agency=agency, outcome_note=(note or "").strip()[:2000] or None,
                outcome_reported_at=now):
            raise PermissionDenied  # not assigned any more, or already reported
        incident = Incident.objects.select_related("organization").get(pk=offer.incident_id)
        applied = None
        if incident.status == Status.VERIFYING:
            _APPLY[status](incident, by=responder.user or _label(responder), reason=reason)
            applied = status
        record_event(incident, "outcome_reported", by=_label(responder), at=now, offer=offer.pk, via=via,
                     outcome=outcome, agency=agency, proposed=status, applied=bool(applied),
                     attested_by=responder.pk)
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


# --- alerts -------------------------------------------------------------------------

def _org_text(org: Any, key: str, **ctx: Any) -> str:
    from amparo.texts.render import render_text

    return render_text(org.pk, key, org.default_language, **ctx)


def _text_dispatchers(org: Any, body: str, now: datetime, incident: Incident | None = None) -> int:
    """Text the on-duty dispatchers with a phone; the console shows the flag either way."""
    from amparo.messaging.actions import CannotMessage, send_sms
    from amparo.voice.duty import on_duty

    sent = 0
    for duty in on_duty(org, now):
        try:
            send_sms(org, duty.phone, body, incident=incident)
            sent += 1
        except CannotMessage:
            notify.log.warning("verification: cannot text a dispatcher (org %s)", org.pk)
    return sent


def _text_safety_contact(org: Any, body: str, incident: Incident | None = None) -> int:
    from amparo.messaging.actions import CannotMessage, send_sms

    phone = actions.settings_for(org).safety_contact_phone
    if not phone:
        return 0
    try:
        send_sms(org, phone, body, incident=incident)
    except CannotMessage:
        notify.log.warning("verification: cannot text the safety contact (org %s)", org.pk)
        return 0
    return 1


def _clock(org: Any, at: datetime) -> str:
    return date_format(timezone.localtime(at, ZoneInfo(org.time_zone)), "TIME_FORMAT")


def _who(offer: Offer) -> dict[str, Any]:
    r = offer.responder
    return {"name": r.name or _label(r), "phone": r.phone or "-", "ref": offer.incident_id,
            "area": notify.area(offer.incident)}


def raise_sos(responder: Responder, *, offer: Offer | None = None, now: datetime | None = None) -> dict[str, int]:
    """SOS / AYUDA: alert the dispatchers and the safety contact at once, never refused.
    Marked on the responder's assignment(s); without one it still alerts (no incident to name)."""
    now = now or timezone.now()
    offers = [offer] if offer is not None else list(
        Offer.objects.filter(responder=responder, status__in=ASSIGNED).select_related("incident__organization",
                                                                                       "responder"))
    sent = {"dispatchers": 0, "safety_contact": 0}
    org = responder.organization
    for o in offers:
        Offer.objects.filter(pk=o.pk).update(sos_at=now)
        body = _org_text(org, "onscene.sos_alert", **_who(o))
        sent["dispatchers"] += _text_dispatchers(org, body, now, o.incident)
        sent["safety_contact"] += _text_safety_contact(org, body, o.incident)
        record_event(o.incident, "responder_sos", by=_label(responder), at=now, offer=o.pk, **sent)
    if not offers:
        body = _org_text(org, "onscene.sos_alert", name=responder.name or _label(responder),
                         phone=responder.phone or "-", ref="-", area="-")
        sent["dispatchers"] += _text_dispatchers(org, body, now)
        sent["safety_contact"] += _text_safety_contact(org, body)
    return sent


# --- deadlines (sweep.py runs SWEEP_STEPS after expiry and escalation) --------------

def arm_unarrived(now: datetime) -> int:
    """An accepted responder who never checks in is owed the same check: the
    deadline runs from acceptance. Arrival re-arms it from the arrival time."""
    armed = 0
    due = Offer.objects.filter(status=OfferStatus.ACCEPTED, checkout_due_at__isnull=True).select_related(
        "responder__organization")[:BATCH]
    for offer in due:
        minutes = actions.settings_for(offer.responder.organization).checkout_minutes
        armed += Offer.objects.filter(pk=offer.pk, status=OfferStatus.ACCEPTED, checkout_due_at__isnull=True).update(
            checkout_due_at=(offer.accepted_at or now) + timedelta(minutes=minutes))
    return armed


def alert_overdue_checkouts(now: datetime) -> int:
    """Check-out overdue: alert the dispatchers, then arm the safety contact's deadline."""
    done = 0
    due = Offer.objects.filter(status__in=ASSIGNED, checkout_due_at__lte=now, checkout_alerted_at__isnull=True
                               ).select_related("responder", "incident__organization").order_by("checkout_due_at")
    for offer in due[:BATCH]:
        safety_at = now + timedelta(minutes=actions.settings_for(offer.incident.organization).safety_contact_minutes)
        with transaction.atomic():
            if not Offer.objects.filter(pk=offer.pk, status__in=ASSIGNED, checkout_alerted_at__isnull=True,
                                        checkout_due_at=offer.checkout_due_at).update(
                    checkout_alerted_at=now, checkout_due_at=None, safety_due_at=safety_at):
                continue  # another sweep claimed it
            org = offer.incident.organization
            body = _org_text(org, "onscene.checkout_overdue", **_who(offer),
                             due=_clock(org, offer.checkout_due_at))
            texted = _text_dispatchers(org, body, now, offer.incident)
            record_event(offer.incident, "checkout_overdue", at=now, offer=offer.pk, dispatchers_texted=texted)
        notify.wake_at(safety_at)
        done += 1
    return done


def alert_safety_contacts(now: datetime) -> int:
    done = 0
    due = Offer.objects.filter(status__in=ASSIGNED, safety_due_at__lte=now, safety_alerted_at__isnull=True
                               ).select_related("responder", "incident__organization").order_by("safety_due_at")
    for offer in due[:BATCH]:
        with transaction.atomic():
            if not Offer.objects.filter(pk=offer.pk, status__in=ASSIGNED, safety_alerted_at__isnull=True,
                                        safety_due_at=offer.safety_due_at).update(
                    safety_alerted_at=now, safety_due_at=None):
                continue
            alerted = offer.checkout_alerted_at or now
            org = offer.incident.organization
            body = _org_text(org, "onscene.safety_overdue", **_who(offer),
                             alerted=_clock(org, alerted))
            texted = _text_safety_contact(org, body, offer.incident)
            record_event(offer.incident, "safety_contact_alerted", at=now, offer=offer.pk, texted=texted)
        done += 1
    return done


SWEEP_STEPS = [
    ("checkout_armed", arm_unarrived),
    ("checkout_alerted", alert_overdue_checkouts),
    ("safety_alerted", alert_safety_contacts),
]


# --- SMS replies: ARRIVED / LLEGUE, OUT / SALI, SOS / AYUDA ---------------------------

def handle_reply(responder: Responder, reply: replies.Reply, *, now: datetime) -> str | None:
    """Called by replies.handle_reply for an ACTIVE responder; returns the answer text."""
    if reply.verb == replies.SOS:
        offer, _key = replies.find_offer(responder, reply, ASSIGNED)
        raise_sos(responder, offer=offer if reply.code is not None else None, now=now)
        return notify.render_for(responder, "onscene.sos_ack")
    if reply.verb not in (replies.ARRIVED, replies.OUT):
        return None
    offer, key = replies.find_offer(responder, reply, ASSIGNED)
    if offer is None:
        return notify.render_for(responder, key, ref=reply.code or "42")
    ref, link = offer.incident_id, notify.offer_link(offer)
    if reply.verb == replies.ARRIVED:
        if offer.status == OfferStatus.ON_SCENE:
            return notify.render_for(responder, "onscene.already_arrived", ref=ref)
        arrive(offer, now=now, via="sms")
        return notify.render_for(responder, "onscene.arrived", ref=ref, link=link)
    check_out(offer, now=now, via="sms")
    return notify.render_for(responder, "onscene.checked_out", ref=ref, link=link)
