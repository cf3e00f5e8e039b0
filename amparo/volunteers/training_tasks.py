"""Background job of trainings: the minute sweep (imported by ``VolunteersConfig.ready()``)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.volunteers.training_sweep import sweep


@db_periodic_task(crontab(minute="*"))
def sweep_trainings() -> dict[str, int]:
    return sweep()
