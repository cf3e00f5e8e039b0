"""Who may be sent into the field: the roster's own rule, plus checks apps above fill.

Dispatchable = active AND ``field_eligible`` (decision 22: a network can keep anyone
off the field) AND every registered check passes. ``volunteers`` registers "holds a
valid field certification" in its ``AppConfig.ready()``; verification never imports
it. Checks run when responders are picked (each ring, the console's suggestions,
picking by hand), never in a nightly job: a certification that expires stops
dispatch at the next pick.

A check takes the organization's id, the responders' ids and the time, and returns
the ids it refuses with the reason, translated in the active language. It must make
a bounded number of queries whatever the roster's size (ring selection asserts it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from amparo.verification.models import Responder

DispatchCheck = Callable[[int, list[int], datetime], dict[int, str]]

_CHECKS: list[DispatchCheck] = []


class NotDispatchable(PermissionDenied):
    """A responder picked by hand who may not be sent; ``reason`` says why, for the dispatcher."""

    def __init__(self, responder_id: int, reason: str) -> None:
        super().__init__(reason)
        self.responder_id = responder_id
        self.reason = reason


def register_dispatch_check(check: DispatchCheck) -> DispatchCheck:
    """Add a check (from ``AppConfig.ready()``; registering the same one twice is a no-op)."""
    if check not in _CHECKS:
        _CHECKS.append(check)
    return check


def unregister_dispatch_check(check: DispatchCheck) -> None:
    if check in _CHECKS:
        _CHECKS.remove(check)


def refusals(org_id: int, responder_ids: Iterable[int], now: datetime) -> dict[int, str]:
    """The responders (of ``org_id``) the registered checks refuse, each with the first reason."""
    ids = list(responder_ids)
    out: dict[int, str] = {}
    if not ids:
        return out
    for check in _CHECKS:
        for rid, reason in check(org_id, ids, now).items():
            out.setdefault(rid, reason)
    return out


def refuse_picked(org_id: int, responders: Iterable[Responder], now: datetime) -> None:
    """Raise ``NotDispatchable`` for the first responder picked by hand who may not go."""
    people = list(responders)
    for r in people:
        if r.organization_id != org_id or not r.is_active:
            raise NotDispatchable(r.pk, _("This person is not on the roster."))
        if not r.field_eligible:
            raise NotDispatchable(r.pk, _("Not cleared for field work: an admin must clear them first."))
    refused = refusals(org_id, [r.pk for r in people], now)
    for r in people:
        if r.pk in refused:
            raise NotDispatchable(r.pk, refused[r.pk])
