"""Who has an incident open right now: kept in the cache only, never the database.

Each open incident page pings every PING_SECONDS; an entry older than
STALE_SECONDS is someone who left. Read-modify-write without a lock: losing
a ping in a race costs one interval of accuracy, which presence can afford.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.cache import cache

PING_SECONDS = 10
STALE_SECONDS = 25


def _key(org_id: int, incident_id: int) -> str:
    return f"console:presence:{org_id}:{incident_id}"


def display_name(user: Any) -> str:
    return str(getattr(user, "display_name", "") or user.email)


def ping(org_id: int, incident_id: int, user: Any, *, now: float | None = None) -> list[str]:
    """Record that ``user`` has the incident open; return the others' names."""
    now = time.time() if now is None else now
    key = _key(org_id, incident_id)
    entries: dict[str, list[Any]] = cache.get(key) or {}
    entries = {uid: v for uid, v in entries.items() if now - v[1] < STALE_SECONDS}
    entries[str(user.pk)] = [display_name(user), now]
    cache.set(key, entries, timeout=STALE_SECONDS * 2)
    return sorted(name for uid, (name, _) in entries.items() if uid != str(user.pk))

