"""Legal's background work: the minute sweep of hearing reminders, and the daily purge of closed cases."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.legal.actions.purge import purge_closed_cases, purge_unattached_people
from amparo.legal.actions.reminders import remind_hearings
from amparo.orgs.models import Organization


@db_periodic_task(crontab())
def sweep_hearing_reminders() -> int:
    """Every minute: the reminders now due (the database is the truth; a missed minute catches up)."""
    return remind_hearings()


@db_periodic_task(crontab(hour="3", minute="27"))
def purge_closed() -> dict[str, int]:
    """Daily: each organization's closed cases past their purge date, reduced to counts."""
    return {org.slug: purge_closed_cases(org) + purge_unattached_people(org) for org in Organization.objects.all()}
