"""The intake worker: correlation right after the webhook's commit, and the sweeper behind it.

The webhook enqueues ``process_intake`` after its commit, one task per stored report. Each task
processes every pending report of the organization in arrival order (``processing.drain``), so most
tasks in a burst find their report already done by an earlier one: that costs one indexed query.
A crash between the commit and the enqueue, or a worker killed mid-step, leaves reports pending;
the minute sweep processes them (decision 144).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from amparo.intake.processing import process_pending
from amparo.reports.models import Pending, Report

SWEEP_AFTER = timedelta(seconds=30)  # a report pending longer lost its task


@db_task()
def process_intake(org_id: int) -> int:
    return process_pending(org_id)


def schedule_processing(org_id: int) -> None:
    """Hand the organization's pending reports to the worker. Call it after commit."""
    process_intake(org_id)


@db_periodic_task(crontab(minute="*"))
def sweep_pending_reports() -> list[int]:
    """Process the organizations whose reports a crash left pending; returns their ids."""
    cutoff = timezone.now() - SWEEP_AFTER
    org_ids = sorted(set(Report.objects.exclude(pending=Pending.DONE).filter(created_at__lte=cutoff)
                         .values_list("organization_id", flat=True)))
    for org_id in org_ids:
        process_pending(org_id)
    return org_ids
