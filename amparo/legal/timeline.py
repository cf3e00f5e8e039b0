"""Each case event in words: what happened, in the reader's language. Never a bare code."""

from __future__ import annotations

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from amparo.core.clock import local_datetime
from amparo.legal.models import CaseEvent, CaseEventKind, CaseStatus


def dollars(cents: int | None) -> str:
    if cents is None:
        return ""
    whole, part = divmod(cents, 100)
    return f"${whole:,}" + (f".{part:02d}" if part else "")


def _on(event: CaseEvent) -> str:
    return date_format(event.occurred_on, "DATE_FORMAT") if event.occurred_on else ""


def phrase(event: CaseEvent) -> str:
    """One line for the timeline. ``facility`` and ``hearing`` must be loaded with the event."""
    kind, on = event.kind, _on(event)
    facility = event.facility.name if event.facility_id and event.facility else _("a facility no longer listed")
    if kind == CaseEventKind.OPENED:
        return _("Case opened")
    if kind == CaseEventKind.LOCATED:
        return (_("Located at %(facility)s, found on %(on)s") if on else _("Located at %(facility)s")) % {
            "facility": facility, "on": on}
    if kind == CaseEventKind.TRANSFERRED:
        return (_("Transferred to %(facility)s on %(on)s") if on else _("Transferred to %(facility)s")) % {
            "facility": facility, "on": on}
    if kind == CaseEventKind.ATTORNEY_ASSIGNED:
        return _("Attorney assigned: %(name)s") % {"name": event.details or ""}
    if kind == CaseEventKind.BOND_REQUESTED:
        return _("Bond requested") + (f" ({on})" if on else "")
    if kind == CaseEventKind.BOND_SET:
        return _("Bond set at %(amount)s") % {"amount": dollars(event.amount_cents)} + (f" ({on})" if on else "")
    if kind == CaseEventKind.BOND_DENIED:
        return _("Bond denied") + (f" ({on})" if on else "")
    if kind == CaseEventKind.BOND_PAID:
        return _("Bond paid") + (f" ({on})" if on else "")
    if kind == CaseEventKind.HEARING:
        hearing = getattr(event, "hearing", None)
        if hearing is None:
            return _("Hearing scheduled")
        # The time it named when scheduled: a later move is its own line.
        return _("Hearing on %(when)s at %(court)s") % {
            "when": local_datetime(event.hearing_at or hearing.starts_at), "court": event.details or hearing.court}
    if kind == CaseEventKind.HEARING_MOVED and event.hearing_from and event.hearing_at:
        return _("Hearing moved from %(old)s to %(new)s at %(court)s") % {
            "old": local_datetime(event.hearing_from), "new": local_datetime(event.hearing_at),
            "court": event.details or ""}
    if kind == CaseEventKind.NOTE:
        return _("Note")
    if kind == CaseEventKind.STATUS:
        label = CaseStatus(event.status).label if event.status in CaseStatus.values else _("changed")
        return _("Status: %(status)s") % {"status": label}
    return str(CaseEventKind(kind).label) if kind in CaseEventKind.values else _("Other change")
