"""gunicorn settings for Amparo: `gunicorn -c deploy/gunicorn.conf.py amparo.wsgi`.

Two shapes, chosen by the environment (docs/deploy.md):
- with REDIS_URL (PostgreSQL + Redis, one or several app servers): worker processes
  from the CPU count, a few threads each; every limit lives in Redis;
- without it (one small server on SQLite): ONE process with threads, because the
  login, form, API and flood counters then live in that process's memory. Several
  processes without Redis are refused at start, with the reason.

No access log: it would hold addresses and user agents, which Amparo never keeps.
"""

from __future__ import annotations

import multiprocessing
import os
import sys

_redis = bool(os.environ.get("REDIS_URL"))
_cpus = multiprocessing.cpu_count()

bind = os.environ.get("AMPARO_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("WEB_CONCURRENCY") or (2 * _cpus + 1 if _redis else 1))
worker_class = "gthread"
threads = int(os.environ.get("AMPARO_WEB_THREADS") or (4 if _redis else 16))
# Twilio waits 15 s for a webhook; a request still running at 30 s is killed.
timeout = 30
graceful_timeout = 20
keepalive = 5
accesslog = None
errorlog = "-"
# Django reads WEB_CONCURRENCY too (amparo/settings.py) and refuses the same mistake.
raw_env = [f"WEB_CONCURRENCY={workers}"]


def on_starting(server):  # type: ignore[no-untyped-def]  # gunicorn's hook signature
    if server.cfg.workers > 1 and not _redis:
        sys.stderr.write(
            f"Refusing to start {server.cfg.workers} web processes without REDIS_URL: login limits, flood "
            "limits and used TOTP codes would be counted separately in each process. Set REDIS_URL, or run "
            "one process with threads (unset WEB_CONCURRENCY).\n")
        sys.exit(3)
