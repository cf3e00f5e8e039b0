"""Background jobs of the provider slice: the minute sweep of unanswered referrals and family hearing reminders."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from amparo.legal.family import remind_family_of_hearings
from amparo.legal.referral_sweep import sweep_referrals


@db_periodic_task(crontab(minute="*"))
def sweep_legal_referrals() -> dict[str, int]:
    result = sweep_referrals()
    result["family_reminders"] = remind_family_of_hearings()
    return result
