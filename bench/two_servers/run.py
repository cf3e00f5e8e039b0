"""Two app servers and two workers on loopback, one PostgreSQL and one Redis: nothing lost, split or doubled.

    .venv/bin/python bench/two_servers/run.py            # 30 events of 8 reports, sent half to each server

It drops and creates the PostgreSQL database ``intake_two`` and flushes Redis database 12, then starts two
gunicorns (the production profile, two worker processes each, each with its own public URL, as two machines
behind their own names would have) and two Huey consumers (one runs the periodic sweeps). Then:

1. **Events.** 30 events at 30 gazetteer places 1.4 km apart; each is 8 reports from 8 numbers, worded
   differently, sent together, alternating between the servers, so that two reports of one event race
   through two servers and two workers. After the workers drain: every acknowledged report is stored once
   and processed, and each event's reports are in ONE incident (no event split by a race).
2. **Reply limit.** 12 HELPs from one number at the same instant, alternating servers: at most
   ``replies_per_caller_per_hour`` answers in all.
3. **Login limit.** 16 wrong passwords for one account at the same instant, alternating servers: at most
   5 password checks in all (decision 107).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlencode

import requests
from twilio.request_validator import RequestValidator

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webload import (  # noqa: E402
    HOTLINE,
    PY,
    ROOT,
    SETUP,
    TOKEN,
    base_env,
    free_port,
    manage,
    pending_count,
    reachable,
    reset_postgres,
    reset_redis,
    stop_all,
    wait_up,
)

DB = "intake_two"
REDIS_URL = "redis://127.0.0.1:6379/12"
LOCKED = "Too many failed login attempts for this account or from this connection"
WORDINGS = ["ICE at Market {i} right now {tag}", "la migra en el Mercado {i} ahorita {tag}",
            "agents detaining people at Market {i} {tag}", "unmarked vans outside Mercado {i} {tag}",
            "ICE in the parking lot of Market {i} {tag}", "hay agentes de inmigracion en Mercado {i} {tag}",
            "immigration officers at Market {i}, several cars {tag}", "migra afuera del Mercado {i} {tag}"]
USER = """
from amparo.accounts.models import User
u = User.objects.create_user(email="two@bench.invalid", password="the right password, long enough", display_name="T")
"""


def signed(port: int, params: dict[str, str]) -> bytes:
    url = f"http://127.0.0.1:{port}/hooks/twilio/sms"
    sig = RequestValidator(TOKEN).compute_signature(url, params)
    data = urlencode(params).encode()
    return (f"POST /hooks/twilio/sms HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/x-www-form-"
            f"urlencoded\r\nX-Twilio-Signature: {sig}\r\nContent-Length: {len(data)}\r\n\r\n").encode() + data


async def send_all(batch: list[tuple[int, bytes]]) -> list[tuple[int, str]]:
    async def one(port: int, req: bytes) -> tuple[int, str]:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            writer.write(req)
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = next((int(h.split(b":", 1)[1]) for h in head.split(b"\r\n")
                           if h.lower().startswith(b"content-length:")), 0)
            body = (await reader.readexactly(length)).decode() if length else ""
            return status, body
        finally:
            writer.close()

    return list(await asyncio.gather(*(one(p, r) for p, r in batch)))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=30)
    parser.add_argument("--per-event", type=int, default=8)
    args = parser.parse_args()
    if not (reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 6379)):
        print("PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are needed")
        return 2
    work = Path(tempfile.mkdtemp(prefix="amparo-two-"))
    reset_postgres(DB)
    reset_redis(REDIS_URL)
    ports = [free_port(), free_port()]
    envs = []
    for port in ports:
        env = base_env(work, port)
        env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}", REDIS_URL=REDIS_URL,
                   HUEY_NAME="intake-two", WEB_CONCURRENCY="2")
        envs.append(env)
    manage(envs[0], "migrate", "--noinput", "-v0")
    manage(envs[0], "shell", "-c", SETUP)
    manage(envs[0], "shell", "-c", USER)
    procs = []
    gunicorn = str(ROOT / ".venv/bin/gunicorn")
    for i, env in enumerate(envs):
        procs.append(subprocess.Popen([gunicorn, "-c", str(ROOT / "deploy/gunicorn.conf.py"), "amparo.wsgi"], env=env,
                                      cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(work / f"web{i}.log", "w"),
                                      start_new_session=True))
    for i, extra in enumerate([[], ["--no-periodic"]]):
        procs.append(subprocess.Popen([PY, str(ROOT / "manage.py"), "run_huey", "--workers", "2", "--worker-type",
                                       "thread", *extra], env=envs[i], cwd=ROOT, stdout=subprocess.DEVNULL,
                                      stderr=open(work / f"worker{i}.log", "w"), start_new_session=True))
    failures = []
    try:
        for port in ports:
            wait_up(port)
        rng = random.Random(5)
        # 1. Events.
        acked: dict[str, int] = {}
        sent = 0
        t0 = time.time()
        for i in range(args.events):
            batch, sids = [], []
            for k in range(args.per_event):
                sid = f"SMtwo{i:03d}{k:02d}{rng.getrandbits(40):010x}"
                params = {"MessageSid": sid, "From": f"+1415{i:03d}{k:04d}", "To": HOTLINE,
                          "Body": WORDINGS[k % len(WORDINGS)].format(i=i, tag=f"ref{rng.randrange(10**6):06d}")}
                batch.append((ports[k % 2], signed(ports[k % 2], params)))
                sids.append(sid)
            for sid, (status, _body) in zip(sids, asyncio.run(send_all(batch)), strict=True):
                sent += 1
                if status == 200:
                    acked[sid] = i
        print(f"events: {sent} reports sent in {time.time() - t0:.1f} s, {len(acked)} answered 200")
        t1 = time.time()
        while pending_count(envs[0]) and time.time() - t1 < 300:
            time.sleep(2)
        print(f"workers drained {time.time() - t1:.1f} s after the last report")
        (work / "acked.json").write_text(json.dumps(acked))
        check = f"""
import json
from collections import Counter, defaultdict
from amparo.reports.models import Report
acked = json.load(open({str(work / "acked.json")!r}))
rows = Counter(Report.objects.filter(provider_id__in=acked).values_list("provider_id", flat=True))
incidents = defaultdict(set)
pending = 0
for sid, inc, p in Report.objects.filter(provider_id__in=acked).values_list("provider_id", "incident_id", "pending"):
    incidents[acked[sid]].add(inc)
    pending += p != ""
split = sorted(e for e, incs in incidents.items() if len(incs) > 1)
owner = Counter(next(iter(incs)) for incs in incidents.values() if len(incs) == 1)
print(json.dumps({{"missing": sum(1 for s in acked if rows[s] == 0), "twice": sum(1 for s in acked if rows[s] > 1),
                  "pending": pending, "events_split": split, "events_sharing_an_incident": sum(n - 1 for n in owner.values() if n > 1),
                  "incidents": len({{i for incs in incidents.values() for i in incs}})}}))
"""
        result = json.loads(manage(envs[0], "shell", "-c", check).strip().splitlines()[-1])
        print(f"events: {json.dumps(result)}")
        if result["missing"] or result["twice"] or result["pending"] or result["events_split"]:
            failures.append("events")
        # 2. The reply limit, across both servers.
        batch = []
        for k in range(12):
            params = {"MessageSid": f"SMhelp{k:02d}{rng.getrandbits(40):010x}", "From": "+14155550123",
                      "To": HOTLINE, "Body": "HELP"}
            batch.append((ports[k % 2], signed(ports[k % 2], params)))
        answers = asyncio.run(send_all(batch))
        answered = sum(1 for status, body in answers if status == 200 and "<Message>" in body)
        print(f"reply limit: 12 HELPs from one number over both servers, {answered} answered (limit 6), "
              f"statuses {sorted({s for s, _ in answers})}")
        if answered > 6:
            failures.append("reply limit")
        # 3. The login limit, across both servers.
        bases = [f"http://127.0.0.1:{p}" for p in ports]
        page = requests.get(f"{bases[0]}/accounts/login/", timeout=30)
        token = page.cookies["csrftoken"]

        def attempt(i: int) -> str:
            r = requests.post(f"{bases[i % 2]}/accounts/login/", timeout=300, allow_redirects=False,
                              cookies={"csrftoken": token},
                              data={"csrfmiddlewaretoken": token, "login": "two@bench.invalid", "password": "wrong"})
            return "checked" if r.status_code == 200 and LOCKED not in r.text else f"refused {r.status_code}"

        with ThreadPoolExecutor(16) as pool:
            results = list(pool.map(attempt, range(16)))
        checked = results.count("checked")
        print(f"login limit: 16 wrong passwords at once over both servers, {checked} checked (limit 5)")
        if checked > 5:
            failures.append("login limit")
        print("PASS" if not failures else f"FAIL: {', '.join(failures)}")
        return 1 if failures else 0
    finally:
        stop_all(procs)
        if os.environ.get("KEEP") == "1":
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
