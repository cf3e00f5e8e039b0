"""The failed-login limit as one atomic counter per account, shared by every process.

allauth's own limiter keeps a list of timestamps and rewrites it under a lock
made of cache entries: a read-modify-write. This check sits in front of it
(``InvitationOnlyAdapter.pre_authenticate``) and uses only the cache's atomic
``add`` and ``incr``: with ``REDIS_URL`` that is Redis ``SET NX`` and ``INCRBY``,
so N web processes hitting one account at the same instant still get at most
``limit`` password checks per window.

A password check *reserves* a failure before it runs and *refunds* it when the
password was right. Concurrent wrong guesses therefore count before any of
them finishes, and never slip in between a read and a write.

Without Redis the cache is per-process memory; the production profile then runs
one gunicorn process with threads (deploy/gunicorn.conf.py), and start-up
refuses several processes (settings: WEB_CONCURRENCY).
"""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

SALT = "amparo.security.logins"


def _window_key(account: str, now: float) -> str:
    # The account (an e-mail address) is personal data: the cache holds its keyed hash only.
    digest = salted_hmac(SALT, account.strip().casefold()).hexdigest()[:32]
    window = int(now // (settings.AMPARO_LOGIN_LOCKOUT_MINUTES * 60))
    return f"login-failures:{digest}:{window}"


def reserve_login_attempt(account: str) -> str | None:
    """Count one password check for ``account``; the slot to refund, or None when it is locked."""
    seconds = settings.AMPARO_LOGIN_LOCKOUT_MINUTES * 60
    key = _window_key(account, time.time())
    if cache.add(key, 1, timeout=seconds + 5):
        count = 1
    else:
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr: a new window
            cache.add(key, 1, timeout=seconds + 5)
            count = 1
    if count > settings.AMPARO_LOGIN_FAILURES_PER_ACCOUNT:
        return None
    return key


def refund_login_attempt(slot: str) -> None:
    """The password was right (or was never checked): this attempt was not a failure."""
    try:
        cache.decr(slot)
    except ValueError:  # the window ended meanwhile
        pass
