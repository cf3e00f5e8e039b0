"""What shifts send: reminders to members and the check-out safety chain's alerts.

A member's phone is their roster entry's (verification's ``Responder`` linked
to the account) or else their duty phone (voice's ``DutyStatus``): Amparo
keeps no third copy. Texts are queued and sent after commit by messaging.
Alerts name a site (a place, never a home) and the member, never anyone else.
"""

from __future__ import annotations

import logging
from datetime import datetime
from typing import Any

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format

from amparo.core.clock import org_zone
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.orgs.models import Organization
from amparo.texts.render import render_text
from amparo.verification.actions import settings_for
from amparo.verification.models import Responder
from amparo.verification.notify import responder_language
from amparo.voice.duty import on_duty
from amparo.voice.models import DutyStatus

log = logging.getLogger(__name__)


def member_contact(org: Organization, user_id: int) -> tuple[str | None, str]:
    """(phone, language) to text a member: the roster's phone and language, else the duty phone."""
    responder = Responder.objects.filter(organization=org, user_id=user_id).exclude(phone_hash="").first()
    if responder is not None and responder.phone:
        return responder.phone, responder_language(responder)
    duty = DutyStatus.objects.filter(organization=org, user_id=user_id).exclude(phone_hash="").first()
    return (duty.phone if duty else None), org.default_language


def local(org: Organization, at: datetime, fmt: str = "D H:i") -> str:
    return date_format(timezone.localtime(at, org_zone(org)), fmt)


def shifts_link() -> str:
    return settings.AMPARO_PUBLIC_URL + reverse("volunteers:shifts")


def site_name(shift: Any) -> str:
    return shift.place.name if shift.place_id else "-"


def text_member(org: Organization, user_id: int, key: str, **ctx: Any) -> bool:
    phone, language = member_contact(org, user_id)
    if not phone:
        return False
    try:
        send_sms(org, phone, render_text(org.pk, key, language, **ctx))
    except CannotMessage as exc:
        log.warning("volunteers: cannot text member %s: %s", user_id, exc)
        return False
    return True


def text_dispatchers(org: Organization, body: str, now: datetime, *, skip_user: int | None = None) -> int:
    sent = 0
    for duty in on_duty(org, now):
        if duty.user_id == skip_user or not duty.phone:
            continue
        try:
            send_sms(org, duty.phone, body)
            sent += 1
        except CannotMessage:
            log.warning("volunteers: cannot text a dispatcher (org %s)", org.pk)
    return sent


def text_safety_contact(org: Organization, body: str) -> int:
    phone = settings_for(org).safety_contact_phone
    if not phone:
        return 0
    try:
        send_sms(org, phone, body)
    except CannotMessage:
        log.warning("volunteers: cannot text the safety contact (org %s)", org.pk)
        return 0
    return 1


def who(org: Organization, signup: Any) -> dict[str, Any]:
    phone, _language = member_contact(org, signup.user_id)
    user = signup.user
    return {"name": user.display_name or user.email, "phone": phone or "-", "site": site_name(signup.shift),
            "end": local(org, signup.shift.ends_at, "H:i")}


def tell_safe_again(signup: Any, now: datetime) -> None:
    """The overdue member checked out: those alerted hear it, so nobody keeps searching."""
    org = signup.shift.organization
    body = render_text(org.pk, "shifts.safe_again", org.default_language, **who(org, signup))
    if signup.dispatchers_alerted_at:
        text_dispatchers(org, body, now, skip_user=signup.user_id)
    if signup.safety_alerted_at:
        text_safety_contact(org, body)
