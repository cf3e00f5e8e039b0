"""Background jobs of verification: the minute sweep, and early wake-ups of it."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from amparo.core.heartbeat import beat
from amparo.verification.sweep import sweep


@db_periodic_task(crontab(minute="*"))
def sweep_verification() -> dict[str, int]:
    result = sweep()
    beat()  # the web process reads this to tell whether a worker is alive (amparo.verification.health)
    return result


@db_task()
def wake_sweep() -> dict[str, int]:
    return sweep()
