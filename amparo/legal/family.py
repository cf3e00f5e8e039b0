"""Family updates: shareable events texted to the safe-to-call contacts, and their replies.

- ``share_event`` marks an event shareable (once) and texts each contact of the
  person who is safe to call, has a phone, gave consent to SMS updates (the
  latest ``Consent`` for ``sms_updates``, theirs or the person's) and has not
  sent STOP to the hotline. The text goes from the hotline number, in the
  contact's language, and names no one.
- A contact's reply within ``LegalSettings.family_reply_days`` of a case text
  joins that case's thread (``find_family_thread``, registered in intake's
  thread registry). A dispatcher who texted the same number more recently wins,
  as router rule 3 says; the reply never becomes a report in the queue.
- ``remind_family_of_hearings`` (the minute sweep) texts the contacts 7 days and
  1 day before a shareable hearing, once per date: a hearing moved to another
  date is reminded again.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, connection, transaction
from django.utils import formats, timezone
from django.utils.translation import override

from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.intake.threads import Thread
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    Consent,
    ConsentPurpose,
    EmergencyContact,
    FamilyDirection,
    FamilyHearingReminder,
    FamilyMessage,
    FamilyReminderKind,
    Hearing,
)
from amparo.legal.referrals import legal_settings
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.messaging.models import MessageKind, MessageStatus
from amparo.orgs.models import Organization
from amparo.reports.models import Report, Sender
from amparo.reports.optouts import opted_out
from amparo.texts.render import render_text

THREAD_NAME = "legal.case"
# What a family may be told: what happened to their loved one. The case's own workings (opened, referred to a
# provider, the provider's answer, a coordinator's note) are never texted.
SHAREABLE_KINDS = frozenset({
    CaseEventKind.LOCATED, CaseEventKind.TRANSFERRED, CaseEventKind.ATTORNEY_ASSIGNED, CaseEventKind.BOND_REQUESTED,
    CaseEventKind.BOND_SET, CaseEventKind.BOND_DENIED, CaseEventKind.BOND_PAID, CaseEventKind.HEARING,
    CaseEventKind.HEARING_MOVED, CaseEventKind.STATUS,
})


def _consented(person_id: int, org_id: int) -> dict[int | None, bool]:
    """The latest SMS-updates consent, per contact (None: the person's own), in one query."""
    latest: dict[int | None, bool] = {}
    for contact_id, given in (Consent.objects.filter(organization_id=org_id, person_id=person_id,
                                                     purpose=ConsentPurpose.SMS_UPDATES)
                              .order_by("recorded_at", "pk").values_list("contact_id", "given")):
        latest[contact_id] = given
    return latest


def reachable_contacts(case: Case) -> list[EmergencyContact]:
    """The contacts a case text may go to: safe to call, a phone, consent, no STOP to the hotline."""
    contacts = [c for c in EmergencyContact.objects.filter(organization_id=case.organization_id,
                                                           person_id=case.person_id, safe_to_call=True)
                if c.phone]
    consent = _consented(case.person_id, case.organization_id)
    stopped = opted_out(case.organization_id, [c.phone_hash for c in contacts], sender=Sender.HOTLINE)
    return [c for c in contacts
            if consent.get(c.pk, consent.get(None, False)) and c.phone_hash not in stopped]


def _language(contact: EmergencyContact) -> str:
    code = contact.language or "es"
    return code if code in {lang for lang, _name in settings.LANGUAGES} else "es"


def _when(org: Organization, at: datetime, language: str) -> str:
    with override(language):
        return str(formats.date_format(timezone.localtime(at, org_zone(org)), "DATETIME_FORMAT"))


def _amount(cents: int | None) -> str:
    if cents is None:
        return ""
    return f"${cents / 100:,.0f}" if cents % 100 == 0 else f"${cents / 100:,.2f}"


def event_text(event: CaseEvent, language: str) -> str:
    """The family's text for ``event``, in ``language``; never a name."""
    case, org = event.case, event.case.organization
    ref = case.reference
    facility = event.facility.name if event.facility_id and event.facility else ""
    if event.kind == CaseEventKind.LOCATED and facility:
        return render_text(org.pk, "family.located", language, ref=ref, facility=facility)
    if event.kind == CaseEventKind.TRANSFERRED and facility:
        return render_text(org.pk, "family.transferred", language, ref=ref, facility=facility)
    if event.kind == CaseEventKind.BOND_SET and event.amount_cents is not None:
        return render_text(org.pk, "family.bond_set", language, ref=ref, amount=_amount(event.amount_cents))
    hearing = Hearing.objects.filter(organization_id=event.organization_id, event=event).first()
    if event.kind == CaseEventKind.HEARING and hearing is not None:
        return render_text(org.pk, "family.hearing", language, ref=ref, when=_when(org, hearing.starts_at, language),
                           court=hearing.court)
    if event.kind == CaseEventKind.HEARING_MOVED and event.hearing_at is not None:
        # The new date, as a hearing's own message says it: what the family must know is when and where.
        return render_text(org.pk, "family.hearing", language, ref=ref, when=_when(org, event.hearing_at, language),
                           court=event.details or "")
    with override(language):
        what = str(CaseEventKind(event.kind).label)
    return render_text(org.pk, "family.update", language, ref=ref, what=what)


def _send(case: Case, contact: EmergencyContact, text: str, *, event: CaseEvent | None, now: datetime) -> bool:
    try:
        message = send_sms(case.organization, contact.phone or "", text, kind=MessageKind.SYSTEM)
    except CannotMessage:
        return False
    FamilyMessage.objects.create(organization_id=case.organization_id, case=case, contact=contact,
                                 direction=FamilyDirection.OUT, event=event, outbound=message, created_at=now)
    return message.status != MessageStatus.FAILED


@transaction.atomic
def share_event(event: CaseEvent, *, by: Any, now: datetime | None = None) -> int:
    """Mark ``event`` shareable and text the family; returns how many texts went out.

    Sent once: marking an event shareable again sends nothing (``shared_at`` is claimed
    with a conditional UPDATE). A shareable hearing is also reminded to the family."""
    now = now or timezone.now()
    if event.kind not in SHAREABLE_KINDS:
        return 0
    claimed = CaseEvent.objects.filter(pk=event.pk, organization_id=event.organization_id,
                                       shared_at__isnull=True).update(shareable=True, shared_at=now)
    if not claimed:
        return 0
    event = CaseEvent.objects.select_related("case", "case__organization", "facility").get(
        pk=event.pk, organization_id=event.organization_id)
    Hearing.objects.filter(organization_id=event.organization_id, event=event).update(shareable=True)
    audit(event.organization_id, action="change", object_type="legal_case_event", object_ids=[event.pk], actor=by,
          reason="shared with the family")
    sent = 0
    for contact in reachable_contacts(event.case):
        sent += _send(event.case, contact, event_text(event, _language(contact)), event=event, now=now)
    return sent


# Asked by the SMS webhook for every message: almost every sender has no family thread, so one plain
# statement (no queryset to compile) answers that before the real query runs.
_ANY_FAMILY_TEXT = ("SELECT 1 FROM legal_familymessage m JOIN legal_emergencycontact c"
                    " ON c.id = m.contact_id WHERE c.phone_hash = %s AND m.organization_id = %s"
                    " AND m.direction = %s AND m.created_at <= %s LIMIT 1")


def find_family_thread(org: Organization, caller_hash: str, at: datetime) -> Thread | None:
    """Intake's rule 3c: the case whose text to this number is the latest, within the reply window."""
    with connection.cursor() as cursor:
        cursor.execute(_ANY_FAMILY_TEXT, [caller_hash, org.pk, FamilyDirection.OUT,
                                          connection.ops.adapt_datetimefield_value(at)])
        if cursor.fetchone() is None:
            return None
    last = (FamilyMessage.objects.filter(organization=org, direction=FamilyDirection.OUT,
                                         contact__phone_hash=caller_hash, created_at__lte=at)
            .exclude(outbound__status__in=[MessageStatus.FAILED, MessageStatus.UNDELIVERED])
            .select_related("case").order_by("-created_at", "-pk").first())
    if last is None or last.created_at < at - timedelta(days=legal_settings(org).family_reply_days):
        return None
    return Thread(THREAD_NAME, last.created_at, attach=lambda report: attach_reply(last, report))


def attach_reply(last: FamilyMessage, report: Report) -> str | None:
    """A contact's reply joins the case's thread (the report stays as received, with no incident)."""
    FamilyMessage.objects.create(organization_id=last.organization_id, case_id=last.case_id,
                                 contact_id=last.contact_id, direction=FamilyDirection.IN, report=report,
                                 created_at=report.received_at)
    return "family.reply_ack"


def remind_family_of_hearings(now: datetime | None = None) -> int:
    """Text the family 7 days and 1 day before each shareable hearing, once per date."""
    now = now or timezone.now()
    sent = 0
    windows = ((FamilyReminderKind.WEEK, timedelta(days=1), timedelta(days=7)),
               (FamilyReminderKind.DAY, timedelta(0), timedelta(days=1)))
    for kind, after, before in windows:
        # Every organization by design; each hearing is claimed by a unique row below.
        hearings = (Hearing.objects.filter(shareable=True, starts_at__gt=now + after, starts_at__lte=now + before,
                                           case__status="open")
                    .select_related("case", "case__organization", "event").order_by("starts_at")[:500])
        for hearing in hearings:
            if kind == FamilyReminderKind.WEEK and hearing.event.shared_at and (
                    hearing.event.shared_at > hearing.starts_at - timedelta(days=7)):
                continue  # the family learned of it inside the week: the date is fresh news already
            try:
                with transaction.atomic():
                    FamilyHearingReminder.objects.create(organization_id=hearing.organization_id, hearing=hearing,
                                                         kind=kind, starts_at=hearing.starts_at, sent_at=now)
                    for contact in reachable_contacts(hearing.case):
                        lang = _language(contact)
                        text = render_text(hearing.organization_id, "family.hearing_reminder", lang,
                                           ref=hearing.case.reference, court=hearing.court,
                                           when=_when(hearing.case.organization, hearing.starts_at, lang))
                        sent += _send(hearing.case, contact, text, event=hearing.event, now=now)
            except IntegrityError:
                continue  # reminded for this date already
    return sent
