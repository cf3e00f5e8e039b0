"""What verification sends: texts to responders and dispatchers, page links, wake-ups.

Texts are queued as OutboundMessage rows and sent after commit by the
messaging queue (``amparo.messaging.actions.send_sms``). An offer names the
incident's AREA only: a gazetteer place that is not a home, else the zone that
contains it, else the ZIP; never the reporter or their words.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from datetime import datetime
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from amparo.incidents.models import Incident
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.orgs.models import Zone
from amparo.places.models import PlaceKind
from amparo.texts.render import render_text
from amparo.verification.models import VerificationSettings
from amparo.verification.ranking import in_cells
from amparo.voice.duty import on_duty

log = logging.getLogger(__name__)

OFFER_SALT = "amparo.verification.offer"


def area(incident: Incident) -> str:
    place = incident.place if incident.place_id else None
    # A gazetteer entry may name a family's home: never put that in a text.
    if place is not None and place.kind != PlaceKind.HOME and place.name:
        return place.name
    for zone in Zone.objects.filter(organization_id=incident.organization_id):
        if (incident.zip and incident.zip in (zone.zips or [])) or in_cells(incident.h3_r8, frozenset(zone.h3_cells or [])):
            return zone.name
    if incident.zip:
        return _("ZIP %(zip)s") % {"zip": incident.zip}
    return _("the reported area")


def offer_token(offer: Any) -> str:
    return signing.dumps({"o": offer.pk}, salt=OFFER_SALT)


def read_offer_token(token: str, max_age: int | None = None) -> int | None:
    try:
        return int(signing.loads(token, salt=OFFER_SALT, max_age=max_age)["o"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def link_expired(offer: Any, token: str) -> bool:
    """Whether ``token``, a good signature for ``offer``, is older than the organization's
    ``link_days``: then the link opens nothing at all (issue 15, item 13)."""
    days = (VerificationSettings.objects.filter(organization_id=offer.organization_id)
            .values_list("link_days", flat=True).first())
    if days is None:
        days = VerificationSettings._meta.get_field("link_days").get_default()
    return read_offer_token(token, max_age=days * 86400) is None


def offer_link(offer: Any) -> str:
    return settings.AMPARO_PUBLIC_URL + reverse("verification:offer_page", args=[offer_token(offer)])


def responder_language(responder: Any) -> str:
    org = responder.organization
    for code in responder.languages or []:
        if code in org.language_codes():
            return code
    return org.default_language


def render_for(responder: Any, key: str, **context: Any) -> str:
    return render_text(responder.organization_id, key, responder_language(responder), **context)


def text(responder: Any, key: str, incident: Incident | None, **context: Any) -> None:
    """Text a responder (queued, sent after commit). A missing hotline is logged, not raised:
    the timeline and the console still show the offer."""
    if not responder.phone:
        return
    try:
        send_sms(responder.organization, responder.phone, render_for(responder, key, **context), incident=incident)
    except CannotMessage as exc:
        log.warning("verification: cannot text responder %s: %s", responder.pk, exc)


def offer(offer: Any, incident: Incident) -> None:
    text(offer.responder, "offer.sms", incident, area=area(incident), ref=incident.ref, link=offer_link(offer))


def assigned(offer: Any, incident: Incident) -> str:
    return render_for(offer.responder, "offer.assigned", area=area(incident), ref=incident.ref,
                      link=offer_link(offer))


def dispatchers(incident: Incident, now: datetime) -> int:
    """Text the on-duty dispatchers who set a phone; the console flag shows it either way."""
    org = incident.organization
    body = render_text(org.pk, "dispatch.escalated", org.default_language, ref=incident.ref, area=area(incident))
    sent = 0
    for duty in on_duty(org, now):
        if duty.phone:
            try:
                send_sms(org, duty.phone, body, incident=incident)
                sent += 1
            except CannotMessage as exc:
                log.warning("verification: cannot text dispatcher: %s", exc)
    return sent


# The queue's early wake-up of the sweep, wired by VerificationConfig.ready():
# tasks.py imports the sweep, which imports the actions that call wake_at.
_waker: Callable[[float], None] | None = None


def set_waker(waker: Callable[[float], None]) -> None:
    global _waker
    _waker = waker


def wake_at(at: datetime) -> None:
    """Ask the queue to run the sweep at ``at`` (after commit). Only an early
    wake-up: the periodic sweep finds the deadline within a minute anyway."""
    delay = max(0.0, (at - timezone.now()).total_seconds()) + 1

    def _schedule() -> None:
        if _waker is None:
            return
        try:
            _waker(delay)
        except Exception:  # a queue outage must not fail the action: the periodic sweep covers it
            log.exception("verification: could not schedule an early sweep")

    transaction.on_commit(_schedule)
