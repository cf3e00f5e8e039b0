"""The case: opened for a person, then a few statuses and many repeatable events.

Each event is one function here that writes a ``CaseEvent`` (who, what, when).
Only the impossible is refused: any event on a closed case (``CaseClosed``), a
bond paid before a bond was set (``BondNotSet``). A hearing in the past is
recorded only with ``confirm_past`` (``HearingInPast`` otherwise): history is
allowed, a typo is caught.

Optimistic lock: every writer passes the ``Case.version`` its form was built
from; the change happens only with a conditional UPDATE on that version
(``StaleCase`` when someone else changed the case since). ``version=None``
(commands, the demo) skips the check, never the closed-case rule.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from amparo.audit.log import audit
from amparo.legal.actions.keeping import hold_incidents_of_open_cases, release_case_holds
from amparo.legal.actions.people import BadInput
from amparo.legal.family import share_event
from amparo.legal.models import (
    Case,
    CaseEvent,
    CaseEventKind,
    CaseStatus,
    CaseType,
    Facility,
    Hearing,
    HearingReminder,
    Person,
)

__all__ = [
    "CaseRefused", "CaseClosed", "BondNotSet", "HearingInPast", "StaleCase", "NOTE_MAX", "COURT_MAX",
    "open_case", "record_located", "record_transferred", "record_attorney_assigned", "record_bond_requested",
    "record_bond_set", "record_bond_denied", "record_bond_paid", "schedule_hearing", "reschedule_hearing", "add_note",
    "change_status",
]

NOTE_MAX = 2000
COURT_MAX = 200
ATTORNEY_MAX = 200
BOND_MAX_CENTS = 10_000_000_00  # $10 million: above any bond an immigration judge sets; a typo otherwise


class CaseRefused(Exception):
    """The change cannot happen; ``message`` says why, for the person who asked."""

    message: Any = ""

    def __init__(self) -> None:
        super().__init__(str(self.message))


class CaseClosed(CaseRefused):
    message = _("This case is closed: nothing can be added to it.")


class BondNotSet(CaseRefused):
    message = _("A bond can be recorded as paid only after it was set. Record the bond set first.")


class HearingInPast(CaseRefused):
    message = _("That date and time are in the past. To record a past hearing for the history, tick the confirmation.")


class StaleCase(CaseRefused):
    message = _("Someone else changed this case while you were typing. Nothing was saved: check the timeline, "
                "then send your entry again (it is still in the form).")


def _actor(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def open_case(person: Person, *, by: Any, case_type: str = CaseType.DETENTION_BOND) -> Case:
    """A new case for ``person``, numbered C<n> in its organization; its incidents are held."""
    if case_type not in CaseType.values:
        raise BadInput("case_type", _("Choose the kind of case."))
    for _attempt in range(5):
        number = (Case.objects.filter(organization_id=person.organization_id)
                  .aggregate(n=Max("number"))["n"] or 0) + 1
        try:
            with transaction.atomic():
                case = Case.objects.create(organization_id=person.organization_id, number=number, person=person,
                                           case_type=case_type, opened_by=_actor(by))
                CaseEvent.objects.create(organization_id=case.organization_id, case=case, kind=CaseEventKind.OPENED,
                                         status=CaseStatus.OPEN, actor=_actor(by))
                hold_incidents_of_open_cases(person, by=by)
        except IntegrityError:
            continue  # another case took the number at the same instant: take the next
        audit(case.organization_id, action="create", object_type="legal_case", object_ids=[case.pk], actor=by)
        return case
    raise RuntimeError("could not number a new case")


def _claim(case: Case, version: int | None) -> None:
    """Inside a transaction: bump the version if the case is not closed and (when given) still at ``version``."""
    rows = Case.objects.filter(pk=case.pk, organization_id=case.organization_id).exclude(status=CaseStatus.CLOSED)
    if version is not None:
        rows = rows.filter(version=version)
    if rows.update(version=F("version") + 1) == 1:
        case.version = (version if version is not None else case.version) + 1
        return
    current = Case.objects.filter(pk=case.pk).values_list("status", flat=True).first()
    if current == CaseStatus.CLOSED:
        raise CaseClosed
    raise StaleCase


def _event(case: Case, kind: str, *, by: Any, version: int | None, **fields: Any) -> CaseEvent:
    with transaction.atomic():
        _claim(case, version)
        event = CaseEvent.objects.create(organization_id=case.organization_id, case=case, kind=kind,
                                         actor=_actor(by), **fields)
    # What changed is the case's own timeline (who, what, when); the trail records that it changed.
    audit(case.organization_id, action="change", object_type="legal_case", object_ids=[case.pk], actor=by)
    return event


def _own_facility(case: Case, facility: Facility) -> Facility:
    if facility is None or facility.organization_id != case.organization_id:
        raise BadInput("facility", _("Choose a facility from the list."))
    return facility


def _set_facility(case: Case, facility: Facility) -> None:
    Case.objects.filter(pk=case.pk).update(facility=facility)
    case.facility = facility


def record_located(case: Case, *, facility: Facility, found_on: date | None, by: Any, version: int | None) -> CaseEvent:
    """The person was found at ``facility`` on ``found_on``; the case's current facility follows."""
    _own_facility(case, facility)
    with transaction.atomic():
        event = _event(case, CaseEventKind.LOCATED, by=by, version=version, facility=facility, occurred_on=found_on)
        _set_facility(case, facility)
    return event


def record_transferred(case: Case, *, facility: Facility, on: date | None, by: Any, version: int | None) -> CaseEvent:
    _own_facility(case, facility)
    with transaction.atomic():
        event = _event(case, CaseEventKind.TRANSFERRED, by=by, version=version, facility=facility, occurred_on=on)
        _set_facility(case, facility)
    return event


def record_attorney_assigned(case: Case, *, attorney: str, on: date | None, by: Any,
                             version: int | None) -> CaseEvent:
    name = " ".join((attorney or "").split())
    if not name:
        raise BadInput("attorney", _("Type the attorney's name."))
    if len(name) > ATTORNEY_MAX:
        raise BadInput("attorney", _("The name is too long."))
    return _event(case, CaseEventKind.ATTORNEY_ASSIGNED, by=by, version=version, details=name, occurred_on=on)


def record_bond_requested(case: Case, *, on: date | None, by: Any, version: int | None) -> CaseEvent:
    return _event(case, CaseEventKind.BOND_REQUESTED, by=by, version=version, occurred_on=on)


def record_bond_set(case: Case, *, amount_cents: int, on: date | None, by: Any, version: int | None) -> CaseEvent:
    if amount_cents is None or amount_cents <= 0 or amount_cents > BOND_MAX_CENTS:
        raise BadInput("amount", _("Type the bond amount in dollars, for example 1500."))
    return _event(case, CaseEventKind.BOND_SET, by=by, version=version, amount_cents=amount_cents, occurred_on=on)


def record_bond_denied(case: Case, *, on: date | None, by: Any, version: int | None) -> CaseEvent:
    return _event(case, CaseEventKind.BOND_DENIED, by=by, version=version, occurred_on=on)


def record_bond_paid(case: Case, *, on: date | None, by: Any, version: int | None) -> CaseEvent:
    """Refused until a bond was set (in this case, at any time before)."""
    if not CaseEvent.objects.filter(case=case, kind=CaseEventKind.BOND_SET).exists():
        if case.status == CaseStatus.CLOSED:
            raise CaseClosed
        raise BondNotSet
    return _event(case, CaseEventKind.BOND_PAID, by=by, version=version, occurred_on=on)


def schedule_hearing(case: Case, *, starts_at: datetime, court: str, by: Any, version: int | None,
                     confirm_past: bool = False, shareable: bool = False, now: datetime | None = None) -> Hearing:
    """A hearing at ``starts_at`` (aware) in ``court``. A past one needs ``confirm_past`` and gets no reminders."""
    now = now or timezone.now()
    court = " ".join((court or "").split())
    if not court:
        raise BadInput("court", _("Type the court (for example: Adelanto Immigration Court)."))
    if len(court) > COURT_MAX:
        raise BadInput("court", _("The court's name is too long."))
    past = starts_at <= now
    if past and not confirm_past:
        raise HearingInPast
    with transaction.atomic():
        event = _event(case, CaseEventKind.HEARING, by=by, version=version, occurred_on=None,
                       details=court, shareable=shareable, hearing_at=starts_at)
        hearing = Hearing.objects.create(organization_id=case.organization_id, case=case, event=event,
                                         starts_at=starts_at, court=court, shareable=shareable,
                                         # A hearing recorded for history is never reminded of.
                                         reminded_week_at=now if past else None, reminded_day_at=now if past else None)
    if shareable and not past:
        share_event(event, by=by, now=now)  # "the family may be told": told now, reminded later
    return hearing


def reschedule_hearing(hearing: Hearing, *, starts_at: datetime, court: str = "", by: Any, version: int | None,
                       confirm_past: bool = False, now: datetime | None = None) -> CaseEvent:
    """Move ``hearing`` to ``starts_at`` (and to ``court`` when one is typed): a "hearing moved" event.

    Both reminder columns are re-armed (a moved past hearing is history and stays reminded of), the
    coordinator's reminders for the old date leave the queue, and the .ics SEQUENCE goes up so calendars
    take the new time. The family's reminders name their date (``FamilyHearingReminder.starts_at``), so a
    shareable hearing is reminded again for the new one, and the move itself is texted to the family."""
    now = now or timezone.now()
    court = " ".join((court or "").split()) or hearing.court
    if len(court) > COURT_MAX:
        raise BadInput("court", _("The court's name is too long."))
    past = starts_at <= now
    if past and not confirm_past:
        raise HearingInPast
    case = hearing.case
    with transaction.atomic():
        event = _event(case, CaseEventKind.HEARING_MOVED, by=by, version=version, details=court,
                       moved_hearing=hearing, hearing_from=hearing.starts_at, hearing_at=starts_at,
                       shareable=hearing.shareable)
        HearingReminder.objects.filter(organization_id=hearing.organization_id, hearing=hearing).delete()
        armed = now if past else None
        Hearing.objects.filter(pk=hearing.pk, organization_id=hearing.organization_id).update(
            starts_at=starts_at, court=court, reminded_week_at=armed, reminded_day_at=armed,
            sequence=F("sequence") + 1)
        hearing.refresh_from_db()
    if hearing.shareable:
        share_event(event, by=by, now=now)
    return event


def add_note(case: Case, *, text: str, by: Any, version: int | None) -> CaseEvent:
    text = (text or "").strip()
    if not text:
        raise BadInput("text", _("The note is empty."))
    if len(text) > NOTE_MAX:
        raise BadInput("text", _("The note is too long: at most %(n)d characters.") % {"n": NOTE_MAX})
    return _event(case, CaseEventKind.NOTE, by=by, version=version, details=text)


def change_status(case: Case, *, status: str, by: Any, version: int | None, reason: str = "") -> CaseEvent:
    """Move the case to ``status``: released, transferred out of reach, removed, closed (with a reason),
    or back to open (re-detained). Closing is final and releases the holds the case placed."""
    if status not in CaseStatus.values:
        raise BadInput("status", _("Choose a status."))
    reason = (reason or "").strip()
    if status == CaseStatus.CLOSED and not reason:
        raise BadInput("reason", _("Say why the case is closed."))
    if len(reason) > NOTE_MAX:
        raise BadInput("reason", _("The reason is too long: at most %(n)d characters.") % {"n": NOTE_MAX})
    now = timezone.now()
    with transaction.atomic():
        event = _event(case, CaseEventKind.STATUS, by=by, version=version, status=status, details=reason or None)
        ended_at = None if status == CaseStatus.OPEN else (case.ended_at or now)
        if status == CaseStatus.CLOSED:
            ended_at = now
        case.status, case.ended_at = status, ended_at
        case.closed_reason = reason if status == CaseStatus.CLOSED else None
        # save(), not update(): the reason is encrypted at save.
        case.save(update_fields=["status", "ended_at", "closed_reason"])
        if status == CaseStatus.CLOSED:
            release_case_holds(case, by=by)
            if case.provider_id:
                from amparo.legal.referrals import (
                    release_place,  # the provider's place is free again
                )

                release_place(case.provider_id)
    return event
