"""Background jobs of messaging: send one message by id; sweep what a crash left queued."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from amparo.messaging.delivery import deliver, stale_queued


@db_task(retries=3, retry_delay=30)
def send_outbound(message_id: int) -> str:
    return deliver(message_id)


def sweep_queued() -> list[int]:
    ids = stale_queued()
    for message_id in ids:
        send_outbound(message_id)
    return ids


@db_periodic_task(crontab(minute="*"))
def sweep_queued_messages() -> list[int]:
    return sweep_queued()
