"""Where one signed SMS webhook request spends its time, in process: cProfile over signed requests posted
through Django's test client (middleware, signature, store, answer), on a fresh database.

    .venv/bin/python bench/intake_ratio/profile_webhook.py [--db sqlite|postgres] [-n 200] [--top 40]

It migrates a fresh database (SQLite in a temporary directory, or PostgreSQL ``intake_profile``), creates the
bench organization (``webload.SETUP``) and runs the requests in a ``manage.py shell`` with the production
profile's settings (``ratio_settings``), Huey not immediate: the webhook enqueues, nothing processes. Prints
the time and SQL per request, then the functions by cumulative and by own time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webload import SETUP, base_env, manage, reachable, reset_postgres, reset_redis  # noqa: E402

HERE = Path(__file__).resolve().parent

CODE = """
import cProfile, pstats, random, time
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from twilio.request_validator import RequestValidator
import webload
from amparo.orgs.models import Organization

N, TOP = {n}, {top}
org = Organization.objects.get(slug="bench")
client = Client()
url = settings.AMPARO_PUBLIC_URL + "/hooks/twilio/sms"
validator = RequestValidator(org.twilio_auth_token)
rng = random.Random(5)

def post(i):
    params = {{"MessageSid": f"SMp{{i:06d}}{{rng.getrandbits(48):012x}}", "From": f"+1310{{rng.randrange(10**7):07d}}",
              "To": webload.HOTLINE, "Body": webload.body_text(rng)}}
    r = client.post("/hooks/twilio/sms", params, HTTP_X_TWILIO_SIGNATURE=validator.compute_signature(url, params))
    assert r.status_code == 200, r.status_code

for i in range(20):  # warm: imports, keyring, first compilations
    post(10**6 + i)
with CaptureQueriesContext(connection) as ctx:
    t0, c0 = time.perf_counter(), time.process_time()
    for i in range(N):
        post(i)
    plain, cpu = (time.perf_counter() - t0) * 1000 / N, (time.process_time() - c0) * 1000 / N
print(f"{{connection.vendor}}: {{plain:.2f}} ms ({{cpu:.2f}} ms of this process's CPU) and "
      f"{{len(ctx.captured_queries) / N:.1f}} SQL queries per request (no profiler, {{N}} requests)")
if not TOP:
    raise SystemExit
sqls = {{}}
for q in ctx.captured_queries[:len(ctx.captured_queries) // N * 3]:
    sqls[q["sql"][:160]] = sqls.get(q["sql"][:160], 0) + 1
for s in sqls:
    print("   SQL:", s)
prof = cProfile.Profile()
prof.enable()
for i in range(N):
    post(N + i)
prof.disable()
stats = pstats.Stats(prof)
stats.sort_stats("cumulative").print_stats(TOP)
stats.sort_stats("tottime").print_stats(TOP)
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("-n", type=int, default=200)
    parser.add_argument("--top", type=int, default=40, help="functions listed (0: no profile, times only)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="amparo-profile-"))
    try:
        env = base_env(work, 8999)
        env.update(PYTHONPATH=f"{HERE}{os.pathsep}{HERE.parent}{os.pathsep}{HERE.parents[1]}")
        if args.db == "sqlite":
            env["DATABASE_URL"] = f"sqlite:///{work}/profile.sqlite3"
        else:
            if not reachable("127.0.0.1", 5432):
                raise SystemExit("PostgreSQL is not reachable on 127.0.0.1:5432")
            reset_postgres("intake_profile")
            env["DATABASE_URL"] = "postgres://postgres@127.0.0.1:5432/intake_profile"
            if reachable("127.0.0.1", 6379):
                reset_redis("redis://127.0.0.1:6379/5")
                env["REDIS_URL"] = "redis://127.0.0.1:6379/5"
                env["HUEY_NAME"] = "intake-profile"
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "shell", "-c", SETUP)
        env["DJANGO_SETTINGS_MODULE"] = "ratio_settings"
        print(manage(env, "shell", "-c", CODE.format(n=args.n, top=args.top)))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
