from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from amparo.orgs.models import Organization
from amparo.retention.actions import purge_org, purge_unattached
from amparo.retention.provider import delete_inbound_message, undeleted_reports


@db_periodic_task(crontab(hour="3", minute="17"))
def purge_expired() -> dict[str, int]:
    """Daily: every organization's retention purge, then what belongs to no incident and no case."""
    return {org.slug: len(purge_org(org).incidents) + purge_unattached(org) for org in Organization.objects.all()}


@db_task(retries=3, retry_delay=120)
def delete_at_provider(report_id: int) -> str:
    return delete_inbound_message(report_id)


@db_periodic_task(crontab(minute="*/10"))
def sweep_provider_deletions() -> int:
    ids = undeleted_reports()
    for report_id in ids:
        delete_inbound_message(report_id)
    return len(ids)
