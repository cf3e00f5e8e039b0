"""Trainings: each state change is one named function, called by the pages, the
SMS keyword and the sweep alike.

Seats: ``Training.seats_taken`` moves only by a conditional UPDATE
(``seats_taken < capacity``), as dispatch seats do (decision 23): on PostgreSQL the
second UPDATE waits for the first and re-checks its WHERE, on SQLite writers
serialize. Two people taking the last seat at once: one wins, the other is told
the training is full. Attendance grants the training's certification.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F, Q, QuerySet
from django.utils import formats, timezone, translation

from amparo.audit.log import audit
from amparo.core.clock import org_zone
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.orgs.models import Organization
from amparo.texts.render import render_text
from amparo.verification.models import Responder
from amparo.volunteers.certifications import (
    grant_certification,
    kind_label,
    person_q,
    revoke_certification,
)
from amparo.volunteers.models import (
    Certification,
    CertificationKind,
    SignupVia,
    Training,
    TrainingSeat,
)

log = logging.getLogger(__name__)

DAY_BEFORE = timedelta(hours=24)
HOURS_BEFORE = timedelta(hours=2)


class SignUp(enum.Enum):
    TAKEN = "taken"
    ALREADY = "already"
    FULL = "full"
    CLOSED = "closed"  # cancelled, started, or not this organization's


@transaction.atomic
def create_training(org: Organization, *, kind: CertificationKind, starts_at: datetime, ends_at: datetime,
                    place: str, link: str, capacity: int, language: str, trainer: Any, by: Any) -> Training:
    if kind.organization_id != org.pk:
        raise ValueError("kind of another organization")
    training = Training.objects.create(
        organization_id=org.pk, kind=kind, starts_at=starts_at, ends_at=ends_at, place=place or None,
        link=link or None, capacity=capacity, language=language, trainer=trainer, created_by=by)
    audit(org.pk, action="change", object_type="training", object_ids=[training.pk], actor=by)
    return training


def open_trainings(org: Organization, now: datetime) -> QuerySet[Training]:
    return (Training.objects.filter(organization_id=org.pk, cancelled_at__isnull=True, starts_at__gt=now)
            .select_related("kind").order_by("starts_at", "id"))


def _seat_of(training: Training, user_id: int | None, responder: Responder | None) -> TrainingSeat | None:
    q = Q(pk__in=[])
    if user_id is not None:
        q |= Q(user_id=user_id)
    if responder is not None:
        q |= Q(responder_id=responder.pk)
    return TrainingSeat.objects.filter(q, training=training).first()


def sign_up(training: Training, *, user: Any = None, responder: Responder | None = None, via: str = SignupVia.WEB,
            now: datetime | None = None) -> SignUp:
    """Take a seat for a member (``user``) or a roster responder (``responder``), or both
    when the member is on the roster. The last seat goes to whoever's UPDATE runs first."""
    now = now or timezone.now()
    user_id = getattr(user, "pk", None) or (responder.user_id if responder is not None else None)
    if responder is not None and responder.organization_id != training.organization_id:
        return SignUp.CLOSED
    try:
        with transaction.atomic():
            seat = _seat_of(training, user_id, responder)
            if seat is not None and seat.cancelled_at is None:
                return SignUp.ALREADY
            if not Training.objects.filter(pk=training.pk, cancelled_at__isnull=True, starts_at__gt=now).exists():
                return SignUp.CLOSED
            if not Training.objects.filter(pk=training.pk, seats_taken__lt=F("capacity")).update(
                    seats_taken=F("seats_taken") + 1):
                return SignUp.FULL
            if seat is not None:  # back after leaving: the same row, its reminders to send again
                TrainingSeat.objects.filter(pk=seat.pk).update(
                    cancelled_at=None, signed_up_at=now, via=via, reminded_day_at=None, reminded_hours_at=None)
            else:
                TrainingSeat.objects.create(organization_id=training.organization_id, training=training,
                                            user_id=user_id, responder=responder, via=via, signed_up_at=now)
    except IntegrityError:  # the same person twice at once (two taps): the first seat stands
        return SignUp.ALREADY
    return SignUp.TAKEN


def leave(seat: TrainingSeat, *, now: datetime | None = None) -> bool:
    """Give the seat back (before the training starts)."""
    now = now or timezone.now()
    with transaction.atomic():
        if not TrainingSeat.objects.filter(pk=seat.pk, cancelled_at__isnull=True, attended__isnull=True,
                                           training__starts_at__gt=now).update(cancelled_at=now):
            return False
        Training.objects.filter(pk=seat.training_id, seats_taken__gt=0).update(seats_taken=F("seats_taken") - 1)
    return True


def may_record_attendance(user: Any, training: Training, *, is_admin: bool) -> bool:
    """The trainer of this training, or an admin of its organization."""
    return is_admin or (training.trainer_id is not None and training.trainer_id == getattr(user, "pk", None))


def record_attendance(training: Training, attended: dict[int, bool], *, by: Any,
                      now: datetime | None = None) -> int:
    """Mark seats attended or not. Attending grants the training's kind (once per seat);
    a seat changed back to absent loses the certification this training granted.
    Returns the certifications granted."""
    now = now or timezone.now()
    org = training.organization
    granted = 0
    with transaction.atomic():
        seats = TrainingSeat.objects.filter(training=training, cancelled_at__isnull=True,
                                            pk__in=list(attended)).select_related("responder")
        for seat in seats:
            value = attended[seat.pk]
            if not TrainingSeat.objects.filter(pk=seat.pk).exclude(attended=value).update(
                    attended=value, attendance_by=by, attendance_at=now):
                continue  # unchanged: no second certification for one attendance
            if value:
                grant_certification(org, training.kind, user=seat.user, responder=seat.responder, by=by,
                                    training=training, now=now)
                granted += 1
            elif seat.attended:
                for cert in Certification.objects.filter(
                        person_q(org.pk, user_id=seat.user_id, responder=seat.responder),
                        organization_id=org.pk, training=training, revoked_at__isnull=True):
                    revoke_certification(cert, by=by, now=now)
        audit(org.pk, action="change", object_type="training_attendance", object_ids=[training.pk], actor=by)
    return granted


# --- texts ---------------------------------------------------------------------------

def when_text(org: Organization, moment: datetime, language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(moment, org_zone(org)), "D j M, H:i")


def day_text(org: Organization, moment: datetime, language: str) -> str:
    with translation.override(language):
        return formats.date_format(timezone.localtime(moment, org_zone(org)), "j M Y")


def where_text(training: Training) -> str:
    text = " ".join(part for part in (training.place or "", training.link or "") if part)
    return text + "." if text and not text.endswith(".") else text


def training_context(training: Training, language: str) -> dict[str, str]:
    with translation.override(language):
        kind = kind_label(training.kind)
    return {"kind": kind, "n": str(training.pk), "when": when_text(training.organization, training.starts_at, language),
            "where": where_text(training)}


def roster_profile(org_id: int, user_id: int | None) -> Responder | None:
    if user_id is None:
        return None
    return Responder.objects.filter(organization_id=org_id, user_id=user_id, is_active=True).first()


def person_language(org: Organization, responder: Responder | None) -> str:
    for code in (responder.languages if responder is not None else None) or []:
        if code in org.language_codes():
            return code
    return org.default_language


def tell_person(org: Organization, key: str, *, user: Any, responder: Responder | None,
                context: Callable[[str], dict[str, str]]) -> bool:
    """Text the person (their roster phone), else e-mail the member. False when neither is known.
    ``context(language)`` gives the text's values in the person's language."""
    responder = responder or roster_profile(org.pk, getattr(user, "pk", None))
    language = person_language(org, responder)
    body = render_text(org.pk, key, language, **context(language))
    if responder is not None and responder.phone:
        try:
            send_sms(org, responder.phone, body)
            return True
        except CannotMessage as exc:
            log.warning("volunteers: cannot text responder %s: %s", responder.pk, exc)
    email = getattr(user, "email", "")
    if email:
        send_mail(f"Amparo · {org.name}", body, settings.DEFAULT_FROM_EMAIL, [email], fail_silently=True)
        return True
    return False


# --- the sweep -----------------------------------------------------------------------

BATCH = 200


def remind_seats(now: datetime) -> int:
    """A day before (not within two hours), then two hours before: each seat once per
    reminder, claimed by a conditional UPDATE so two sweeps never text twice."""
    sent = 0
    live = Q(cancelled_at__isnull=True, training__cancelled_at__isnull=True)
    day = (TrainingSeat.objects.filter(live, reminded_day_at__isnull=True, reminded_hours_at__isnull=True,
                                       training__starts_at__gt=now + HOURS_BEFORE,
                                       training__starts_at__lte=now + DAY_BEFORE)
           .select_related("training__kind", "training__organization", "user", "responder")[:BATCH])
    for seat in list(day):
        if TrainingSeat.objects.filter(pk=seat.pk, reminded_day_at__isnull=True).update(reminded_day_at=now):
            _remind(seat, "training.reminder_day")
            sent += 1
    hours = (TrainingSeat.objects.filter(live, reminded_hours_at__isnull=True, training__starts_at__gt=now,
                                         training__starts_at__lte=now + HOURS_BEFORE)
             .select_related("training__kind", "training__organization", "user", "responder")[:BATCH])
    for seat in list(hours):
        if TrainingSeat.objects.filter(pk=seat.pk, reminded_hours_at__isnull=True).update(reminded_hours_at=now):
            _remind(seat, "training.reminder_hours")
            sent += 1
    return sent


def _remind(seat: TrainingSeat, key: str) -> None:
    training = seat.training
    tell_person(training.organization, key, user=seat.user, responder=seat.responder,
                context=lambda language: training_context(training, language))


# --- invitations -----------------------------------------------------------------------

def training_ics(training: Training, language: str) -> bytes:
    """The training as an iCalendar invitation (RFC 5545), for the phone's calendar.
    Only the training's own facts: no attendee, nobody else's name."""
    # Imported here, not at the top: this module loads at start-up (the SMS keyword), and a
    # machine whose environment predates requirements.txt's icalendar must still start;
    # only the .ics download needs it.
    from icalendar import Calendar, Event

    ctx = training_context(training, language)
    cal = Calendar()
    cal.add("prodid", "-//Amparo//trainings//EN")
    cal.add("version", "2.0")
    cal.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"training-{training.pk}-{training.organization_id}@amparo")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", training.starts_at)
    event.add("dtend", training.ends_at)
    event.add("summary", f"{ctx['kind']} ({training.organization.name})")
    if training.place:
        event.add("location", training.place)
    if training.link:
        event.add("url", training.link)
        event.add("description", training.link)
    if training.cancelled_at:
        event.add("status", "CANCELLED")
    cal.add_component(event)
    return cal.to_ical()
