"""The sweep: every deadline of verification is a column, handled here when due.

Run every minute by a Huey periodic task (tasks.py), and early by delayed
tasks. The database is the truth: a lost queue entry or a restarted worker
delays a timer by at most a minute. Each step claims its row with a
conditional UPDATE, so two sweeps running at once do each thing once.
"""

from __future__ import annotations

import importlib.util
from collections.abc import Callable
from datetime import datetime

from django.utils import timezone

from amparo.verification import actions
from amparo.verification.models import Dispatch, DispatchStatus

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
    # Check-out deadlines belong to the on-scene actions (items 3-4 of issue 4),
    # which list their steps as ``SWEEP_STEPS`` in amparo/verification/onscene.py.
    if importlib.util.find_spec("amparo.verification.onscene") is not None:
        from amparo.verification.onscene import SWEEP_STEPS

        steps += list(SWEEP_STEPS)
    return steps


def sweep(now: datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    return {name: step(now) for name, step in _steps()}
