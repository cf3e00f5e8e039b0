"""Conversations that live above intake: the registry of threads a reply can join.

Rule 3 of the router (amparo/intake/router.py) joins a reply to the
conversation the sender is in. Incidents are intake's own; other apps keep
conversations of their own (legal: a case's thread with a family contact) and
register a finder here in their ``AppConfig.ready()``, so intake routes a
family's reply to its case without importing legal.

A finder returns the sender's thread, if any: when it was last active (the
router compares it with the incident conversation: the more recent wins) and
what to do with the stored report (``attach``), which returns a text key to
answer with, or None.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.core.exceptions import ImproperlyConfigured

from amparo.orgs.models import Organization
from amparo.reports.models import Report


@dataclass(frozen=True)
class Thread:
    name: str  # the registered finder's name ("legal.case")
    since: datetime  # the last message of the thread to this sender
    attach: Callable[[Report], str | None] = field(compare=False)


Finder = Callable[[Organization, str, datetime], Thread | None]
_FINDERS: dict[str, Finder] = {}


def register_thread_finder(name: str, finder: Finder) -> None:
    if _FINDERS.get(name, finder) is not finder:
        raise ImproperlyConfigured(f"two thread finders are named {name!r}")
    _FINDERS[name] = finder


def latest_thread(org: Organization, caller_hash: str, at: datetime) -> Thread | None:
    """The most recent registered thread this sender is in at ``at``, or None."""
    if not caller_hash:
        return None
    found = [t for f in _FINDERS.values() if (t := f(org, caller_hash, at)) is not None]
    return max(found, key=lambda t: t.since, default=None)
