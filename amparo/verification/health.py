"""A dead worker never goes unnoticed: a banner on every member's page, and one SMS to the admins.

The worker is what runs escalation timers, dispatch rings, check-out alarms,
reminders and retries, so when it stops, nothing else would say so. The web
process notices (``amparo.core.heartbeat``: no minute sweep for three minutes),
and the first web process that notices texts each network's admins once per
silence, *directly* through the transport: the queue would wait for the very
worker that is dead.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from amparo.core.heartbeat import MINUTE_SWEEP, claim_alert, silent_since
from amparo.messaging.actions import CannotMessage, send_sms
from amparo.messaging.delivery import deliver
from amparo.orgs.models import Organization, Role
from amparo.verification.models import Responder
from amparo.voice.models import DutyStatus

log = logging.getLogger(__name__)

# One look per process every few seconds is enough for a 3-minute threshold.
_MEMO_SECONDS = 15.0
_memo: dict[str, tuple[float, datetime | None]] = {}


def worker_silent_since() -> datetime | None:
    """The last minute sweep, when the worker has been silent too long; else None."""
    cached = _memo.get(MINUTE_SWEEP)
    if cached is not None and time.monotonic() - cached[0] < _MEMO_SECONDS:
        return cached[1]
    since = silent_since(MINUTE_SWEEP)
    _memo[MINUTE_SWEEP] = (time.monotonic(), since)
    if since is not None and claim_alert(MINUTE_SWEEP):
        alert_admins(since)
    return since


def forget() -> None:
    """Drop this process's memo (tests; a second process would not have it)."""
    _memo.clear()


def assume(since: datetime | None, *, seconds: float = 3600.0) -> None:
    """Answer ``since`` without looking, for ``seconds`` (tests: pages' query counts stay exact)."""
    _memo[MINUTE_SWEEP] = (time.monotonic() + seconds - _MEMO_SECONDS, since)


def _admin_phones(org: Organization) -> list[str]:
    admins = list(get_user_model().objects.filter(
        memberships__organization_id=org.pk, memberships__role=Role.ADMIN, memberships__is_active=True)
        .values_list("pk", flat=True))
    phones = [d.phone for d in DutyStatus.objects.filter(organization_id=org.pk, user_id__in=admins)]
    phones += [r.phone for r in Responder.objects.filter(organization_id=org.pk, user_id__in=admins, is_active=True)]
    return list(dict.fromkeys(p for p in phones if p))


def alert_admins(since: datetime) -> int:
    """Text every network's admins that the worker is silent; the number of texts sent."""
    minutes = max(1, int((timezone.now() - since).total_seconds() // 60))
    sent = 0
    for org in Organization.objects.all():
        with translation.override(org.default_language or "en"):
            body = _("Amparo: the background worker has not run for %(minutes)d minutes. Dispatch rings, "
                     "check-out alarms and reminders are stopped until it is restarted. Reports are still "
                     "stored.") % {"minutes": minutes}
        ids: list[int] = []
        try:
            with transaction.atomic():
                ids = [send_sms(org, phone, body).pk for phone in _admin_phones(org)]
        except CannotMessage:
            log.warning("organization %s: no hotline number to text its admins that the worker is silent", org.pk)
            continue
        for message_id in ids:
            try:
                if deliver(message_id) != "failed":
                    sent += 1
            except Exception:  # one failed text must not stop the others, nor the page
                log.exception("worker-silent alert %s could not be sent", message_id)
    log.error("the background worker has been silent since %s: %d admin texts sent", since.isoformat(), sent)
    return sent
