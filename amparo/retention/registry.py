"""The purge registry: how retention reaches every domain's personal data
without importing the domains.

Retention owns the policy (which closed incidents are due, legal holds, the
mode) and purges what sits below it (reports, their media). Each domain above
it registers a purger in its ``AppConfig.ready()``::

    @purger("messaging")
    def purge_texts(incident: Incident, report_ids: list[int], mode: str) -> list[str]: ...

A purger runs inside the purge transaction of one incident; it blanks or
deletes its own rows about that incident (or its reports) and returns the
names of stored files to delete once the transaction commits. ``mode`` is
``purge`` or ``coarsen`` (amparo.retention.models.Mode).

Personal data tied to no incident (volunteers' sign-ups, subscribers) has a
schedule of its own: its domain registers an organization purger, run by the
daily purge for every organization, which deletes what its own settings say is
due and returns how many records it removed::

    @org_purger("volunteers.applicants")
    def purge_applicants(org: Organization, now: datetime) -> int: ...
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured

from amparo.incidents.models import Incident

Purger = Callable[[Incident, list[int], str], list[str]]

_PURGERS: dict[str, Purger] = {}


def register_purger(name: str, fn: Purger) -> None:
    if _PURGERS.get(name, fn) is not fn:
        raise ImproperlyConfigured(f"two purgers registered as {name!r}")
    _PURGERS[name] = fn


def purger(name: str) -> Callable[[Purger], Purger]:
    """Decorator form of ``register_purger``."""

    def register(fn: Purger) -> Purger:
        register_purger(name, fn)
        return fn

    return register


def purgers() -> dict[str, Purger]:
    return dict(_PURGERS)


OrgPurger = Callable[[Any, datetime], int]

_ORG_PURGERS: dict[str, OrgPurger] = {}


def register_org_purger(name: str, fn: OrgPurger) -> None:
    if _ORG_PURGERS.get(name, fn) is not fn:
        raise ImproperlyConfigured(f"two organization purgers registered as {name!r}")
    _ORG_PURGERS[name] = fn


def org_purger(name: str) -> Callable[[OrgPurger], OrgPurger]:
    """Decorator form of ``register_org_purger``."""

    def register(fn: OrgPurger) -> OrgPurger:
        register_org_purger(name, fn)
        return fn

    return register


def org_purgers() -> dict[str, OrgPurger]:
    return dict(_ORG_PURGERS)


# Rows that belong to no incident and no case (keyword texts, texts sent) have a period of their own
# (``OrgRetention.unattached_days``). A domain that owns such rows registers how to purge them before a
# cutoff; one that must keep some reports (a live subscriber's consent, a live case's family replies) registers
# a keeper. Texts sent are kept the same way (a live case's texts to its family): a sent-text keeper.
UnattachedPurger = Callable[[int, datetime], int]
Keeper = Callable[[int, list[int]], set[int]]
F = TypeVar("F", bound=Callable[..., Any])
_UNATTACHED: dict[str, UnattachedPurger] = {}
_KEEPERS: dict[str, Keeper] = {}
_SENT_KEEPERS: dict[str, Keeper] = {}


def _registrar(table: dict[str, F], what: str, name: str) -> Callable[[F], F]:
    """A decorator that registers ``fn`` in ``table`` as ``name``: the same function again is a no-op
    (a module imported twice), another one under that name is a configuration error."""

    def register(fn: F) -> F:
        if table.get(name, fn) is not fn:
            raise ImproperlyConfigured(f"two {what} registered as {name!r}")
        table[name] = fn
        return fn

    return register


def unattached_purger(name: str) -> Callable[[UnattachedPurger], UnattachedPurger]:
    """``fn(org_id, cutoff) -> rows purged``: blank the domain's unattached rows created before ``cutoff``."""
    return _registrar(_UNATTACHED, "unattached purgers", name)


def report_keeper(name: str) -> Callable[[Keeper], Keeper]:
    """``fn(org_id, report_ids) -> ids to keep``: unattached reports that must outlive the period."""
    return _registrar(_KEEPERS, "report keepers", name)


def sent_text_keeper(name: str) -> Callable[[Keeper], Keeper]:
    """``fn(org_id, outbound_ids) -> ids to keep``: unattached texts sent that must outlive the period."""
    return _registrar(_SENT_KEEPERS, "sent-text keepers", name)


def sent_text_keepers() -> dict[str, Keeper]:
    return dict(_SENT_KEEPERS)


def unattached_purgers() -> dict[str, UnattachedPurger]:
    return dict(_UNATTACHED)


def report_keepers() -> dict[str, Keeper]:
    return dict(_KEEPERS)
