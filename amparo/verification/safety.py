"""Safety on scene: SOS alerts and the check-out deadlines the sweep runs.

``SOS`` / ``AYUDA`` alerts the on-duty dispatchers (their duty phones,
amparo.voice) and the network's safety contact at once. A responder not
checked out T2 minutes after arriving (or after accepting, if they never
check in) alerts the dispatchers; ``safety_contact_minutes`` later, the
safety contact. Each step claims its row with a conditional UPDATE of the
deadline column, so two sweeps never alert twice.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format

from amparo.incidents.actions import mark_changed, record_event
from amparo.incidents.models import Incident
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.texts.render import render_text
from amparo.verification import actions, notify
from amparo.verification.models import ASSIGNED, Offer, OfferStatus, Responder
from amparo.voice.duty import on_duty

BATCH = 200


def _label(responder: Responder) -> str:
    return f"responder {responder.pk}"


# --- alerts -------------------------------------------------------------------------

def _org_text(org: Any, key: str, **ctx: Any) -> str:
    return render_text(org.pk, key, org.default_language, **ctx)


def _text_dispatchers(org: Any, body: str, now: datetime, incident: Incident | None = None) -> int:
    """Text the on-duty dispatchers with a phone; the console shows the flag either way."""
    sent = 0
    for duty in on_duty(org, now):
        assert duty.phone is not None  # on_duty() keeps only rows with a phone
        try:
            send_sms(org, duty.phone, body, incident=incident)
            sent += 1
        except CannotMessage:
            notify.log.warning("verification: cannot text a dispatcher (org %s)", org.pk)
    return sent


def _text_safety_contact(org: Any, body: str, incident: Incident | None = None) -> int:
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
    return {"name": r.name or _label(r), "phone": r.phone or "-", "ref": offer.incident.ref,
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
        mark_changed(o.incident_id)  # the on-scene panel flags the SOS
    if not offers:
        body = _org_text(org, "onscene.sos_alert_unassigned", name=responder.name or _label(responder),
                         phone=responder.phone or "-")
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
            assert offer.checkout_due_at is not None  # selected by checkout_due_at__lte (the object keeps it)
            body = _org_text(org, "onscene.checkout_overdue", **_who(offer),
                             due=_clock(org, offer.checkout_due_at))
            texted = _text_dispatchers(org, body, now, offer.incident)
            record_event(offer.incident, "checkout_overdue", at=now, offer=offer.pk, dispatchers_texted=texted)
            mark_changed(offer.incident_id)  # the on-scene panel flags it
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
