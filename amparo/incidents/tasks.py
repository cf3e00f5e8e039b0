from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.incidents.actions import close_idle_incidents


@db_periodic_task(crontab(minute="*/5"))
def close_idle() -> int:
    """Close incidents, lanes and flood groups that have gone quiet."""
    return close_idle_incidents()
