"""Recruitment: a stranger's sign-up on the public form (``sign_up``), and what it is checked against.

Nothing is granted by a sign-up. The form's checks that need the database live
here so every entry point (the public page, the demo, tests) applies them.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from amparo.crypto.keys import keyed_hash
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.messaging.typed_numbers import may_text_typed_number
from amparo.orgs.models import Organization, Zone
from amparo.texts.render import render_text
from amparo.verification.models import Responder
from amparo.voice.models import DutyStatus
from amparo.volunteers.models import Applicant, ApplicantStatus, RecruitmentSettings

log = logging.getLogger(__name__)

SIGNUP_FORM = "volunteer_signup"  # its budget in settings.AMPARO_FORM_TEXTS_PER_DAY


def recruitment_settings(org: Any) -> RecruitmentSettings:
    rs, _created = RecruitmentSettings.objects.get_or_create(organization_id=org.pk)
    return rs


def phone_hash(org_id: int, e164: str) -> str:
    """Same scheme as Responder.phone_hash and Report.caller_hash."""
    return keyed_hash(org_id, "tel:" + e164)


def network_zips(org: Organization) -> set[str]:
    """Every ZIP code of the organization's zones (empty: no zone names a ZIP, so none is refused)."""
    zips: set[str] = set()
    for row in Zone.objects.filter(organization=org).values_list("zips", flat=True):
        zips.update(str(z) for z in (row or []))
    return zips


def zip_in_network(org: Organization, zip_code: str) -> bool:
    zips = network_zips(org)
    return not zips or zip_code in zips


def is_known_member(org: Organization, hashed: str) -> bool:
    """Someone on the roster or on the desk with this phone (any status: a removed
    responder who signs up again is for the admin to call, not to vet from scratch)."""
    return (Responder.objects.filter(organization=org, phone_hash=hashed).exists()
            or DutyStatus.objects.filter(organization=org, phone_hash=hashed).exists())


@dataclass(frozen=True)
class SignUp:
    applicant: Applicant
    created: bool


def sign_up(org: Organization, *, data: dict, submission: str, language: str,
            now: datetime | None = None) -> SignUp:
    """Store a sign-up once per form submission and text its confirmation.

    ``data`` is the cleaned form: name, phone (E.164), email, languages, zip,
    availability, interests, skills. Someone already on the roster is stored
    with ``matches_member`` (the admin contacts them) and answered exactly like
    anyone else, so the form never reveals who is a member. A second pending
    sign-up from the same phone is the first one: it is not stored twice.
    The confirmation follows the shared anti-pumping rule (messaging.typed_numbers)."""
    now = now or timezone.now()
    hashed = phone_hash(org.pk, data["phone"])
    existing = Applicant.objects.filter(organization=org, submission=submission).first()
    if existing is None:
        existing = Applicant.objects.filter(organization=org, phone_hash=hashed,
                                            status=ApplicantStatus.PENDING).first()
    if existing is not None:
        return SignUp(existing, False)
    try:
        with transaction.atomic():
            applicant = Applicant.objects.create(
                organization=org, submission=submission, name=data["name"], phone=data["phone"],
                phone_hash=hashed, email=data.get("email") or "", languages=list(data.get("languages") or []),
                zip=data.get("zip", ""), availability=list(data.get("availability") or []),
                interests=list(data.get("interests") or []), skills=list(data.get("skills") or []),
                language=language, matches_member=is_known_member(org, hashed), created_at=now,
            )
    except IntegrityError:  # the same submission, stored a moment ago by a double click
        return SignUp(Applicant.objects.get(organization=org, submission=submission), False)
    _confirm(org, applicant)
    return SignUp(applicant, True)


def _confirm(org: Organization, applicant: Applicant) -> None:
    phone = applicant.phone or ""
    if not may_text_typed_number(org, phone, form=SIGNUP_FORM):
        return
    body = render_text(org.pk, "volunteers.signup_received", applicant.language or org.default_language,
                       org=org.name)
    try:
        send_sms(org, phone, body)
    except CannotMessage as exc:
        log.warning("volunteers: sign-up %s not confirmed: %s", applicant.pk, exc)
        return
    Applicant.objects.filter(pk=applicant.pk).update(confirmation_sent=True)
    applicant.confirmation_sent = True
