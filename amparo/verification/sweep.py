"""The sweep: every deadline of verification is a column, handled here when due.

Run every minute by a Huey periodic task (tasks.py), and early by delayed
tasks. The database is the truth: a lost queue entry or a restarted worker
delays a timer by at most a minute. Each step claims its row with a
conditional UPDATE, so two sweeps running at once do each thing once.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from amparo.verification import actions
from amparo.verification.models import Dispatch, DispatchStatus
from amparo.verification.safety import SWEEP_STEPS

BATCH = 200


def escalate_due(now: datetime) -> int:
    due = list(Dispatch.objects.filter(status=DispatchStatus.OFFERING, escalate_at__lte=now)
               .order_by("escalate_at")[:BATCH])
    return sum(1 for d in due if actions.escalate_dispatch(d, now=now))


def _steps() -> list[tuple[str, Callable[[datetime], int]]]:
    steps: list[tuple[str, Callable[[datetime], int]]] = [
        ("expired", actions.expire_offers),
        ("escalated", escalate_due),
    ]
    # Then the check-out deadlines of responders on scene (safety.py).
    steps += list(SWEEP_STEPS)
    return steps


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: step(now) for name, step in _steps()}
