"""Kill web and worker processes at random under load, then check that nothing was lost or done twice.

    .venv/bin/python bench/crash_intake/run.py               # 20 s of kills at 8 requests a second
    .venv/bin/python bench/crash_intake/run.py --seconds 30 --rate 60 --seed 2

PostgreSQL (database ``intake_crash`` on 127.0.0.1, dropped and created) and Redis (database 13, flushed)
must be reachable. It starts gunicorn with the production profile (deploy/gunicorn.conf.py, two worker
processes), the Huey consumer that runs the periodic sweeps and one more consumer, and a fake Twilio REST
API on loopback that counts every text it is asked to send. Signed SMS arrive from a few hundred numbers,
so that follow-ups (answered by the worker, after correlation) are common. Every 0.5-2 s one process is
killed with SIGKILL: a gunicorn worker, the gunicorn master with its workers, or a consumer; each is
started again. After the load, it waits until no report is pending and no text is queued, then checks:

- every MessageSid answered 200 is stored exactly once, and processed (none left pending);
- no report was added to an incident twice (processed once), and none sits in an incident without it;
- the worker answered no report twice, and the fake Twilio was asked to send no text twice.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from webload import (  # noqa: E402
    PY,
    ROOT,
    SETUP,
    base_env,
    build_requests,
    exchange,
    free_port,
    manage,
    pending_count,
    reachable,
    reset_postgres,
    reset_redis,
    wait_up,
)

HERE = Path(__file__).resolve().parent
DB = "intake_crash"
REDIS_URL = "redis://127.0.0.1:6379/13"


class FakeTwilio(BaseHTTPRequestHandler):
    sent: Counter[tuple[str, str]] = Counter()
    lock = threading.Lock()
    serial = 0

    def do_POST(self) -> None:  # noqa: N802 (http.server's name)
        form = parse_qs(self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode())
        with FakeTwilio.lock:
            FakeTwilio.sent[(form.get("To", [""])[0], form.get("Body", [""])[0])] += 1
            FakeTwilio.serial += 1
            sid = f"SMfake{FakeTwilio.serial:026d}"
        body = json.dumps({"sid": sid, "status": "queued", "to": form.get("To", [""])[0]}).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


class Stack:
    """The processes of one server, each restartable."""

    def __init__(self, env: dict[str, str], logs: Path) -> None:
        self.env, self.logs = env, logs
        self.procs: dict[str, subprocess.Popen[bytes]] = {}

    def start(self, name: str) -> None:
        web_env = {**self.env, "DJANGO_SETTINGS_MODULE": "crash_settings"}
        cmd = {
            "web": [str(ROOT / ".venv/bin/gunicorn"), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "amparo.wsgi"],
            "scheduler": [PY, str(ROOT / "manage.py"), "run_huey", "--workers", "2", "--worker-type", "thread"],
            "worker": [PY, str(ROOT / "manage.py"), "run_huey", "--workers", "2", "--worker-type", "thread",
                       "--no-periodic"],
        }[name]
        self.procs[name] = subprocess.Popen(cmd, env=web_env, cwd=ROOT, stdout=subprocess.DEVNULL,
                                            stderr=open(self.logs / f"{name}.log", "a"), start_new_session=True)

    def children(self, name: str) -> list[int]:
        out = subprocess.run(["pgrep", "-P", str(self.procs[name].pid)], capture_output=True, text=True).stdout
        return [int(p) for p in out.split()]

    def kill_group(self, name: str) -> None:
        try:
            os.killpg(self.procs[name].pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        self.procs[name].wait()

    def stop(self) -> None:
        for name in list(self.procs):
            self.kill_group(name)


def chaos(stack: Stack, seconds: float, rng: random.Random, port: int) -> Counter[str]:
    kills: Counter[str] = Counter()
    stop = time.time() + seconds
    while time.time() < stop:
        time.sleep(rng.uniform(0.5, 2.0))
        what = rng.choice(["web-worker", "web-worker", "web-master", "scheduler", "worker"])
        if what == "web-worker":
            children = stack.children("web")
            if children:
                os.kill(rng.choice(children), signal.SIGKILL)  # the master starts another
                kills[what] += 1
            continue
        name = "web" if what == "web-master" else what
        stack.kill_group(name)
        kills[what] += 1
        time.sleep(rng.uniform(0.2, 1.0))
        stack.start(name)
        if name == "web":
            wait_up(port)
    return kills


async def load(port: int, requests: list[tuple[str, bytes]], rate: float, seconds: float) -> tuple[list[str], Counter[int]]:
    """Open loop; each request on a fresh connection after a failure. Returns the MessageSids answered 200."""
    acked: list[str] = []
    statuses: Counter[int] = Counter()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    errors: Counter[str] = Counter()

    async def one(sid: str, req: bytes) -> None:
        try:
            conn = idle.pop() if idle else await asyncio.wait_for(asyncio.open_connection("127.0.0.1", port), 5)
            status = await asyncio.wait_for(exchange(conn[0], conn[1], req), 60)
            idle.append(conn)
        except (TimeoutError, OSError, asyncio.IncompleteReadError, ValueError, IndexError) as exc:
            status = 599
            errors[type(exc).__name__] += 1
        statuses[status] += 1
        if status == 200:
            acked.append(sid)

    t0, tasks = time.perf_counter(), []
    for i, (sid, req) in enumerate(requests[:int(rate * seconds)]):
        delay = t0 + i / rate - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(sid, req)))
    await asyncio.gather(*tasks)
    if errors:
        print(f"client errors: {dict(errors)}")
    return acked, statuses


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--rate", type=float, default=8.0)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    if not (reachable("127.0.0.1", 5432) and reachable("127.0.0.1", 6379)):
        print("PostgreSQL on 127.0.0.1:5432 and Redis on 127.0.0.1:6379 are needed")
        return 2
    work = Path(tempfile.mkdtemp(prefix="amparo-crash-"))
    port, twilio_port = free_port(), free_port()
    fake = ThreadingHTTPServer(("127.0.0.1", twilio_port), FakeTwilio)
    threading.Thread(target=fake.serve_forever, daemon=True).start()
    reset_postgres(DB)
    reset_redis(REDIS_URL)
    env = base_env(work, port)
    env.update(DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{DB}", REDIS_URL=REDIS_URL, HUEY_NAME="intake-crash",
               WEB_CONCURRENCY="2", AMPARO_SMS_TRANSPORT="twilio", BENCH_TWILIO_API=f"http://127.0.0.1:{twilio_port}",
               PYTHONPATH=f"{HERE}{os.pathsep}{ROOT}")
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    stack = Stack(env, work)
    rng = random.Random(args.seed)
    try:
        for name in ("web", "scheduler", "worker"):
            stack.start(name)
        wait_up(port)
        raw = build_requests(port, "/hooks/twilio/sms", int(args.rate * args.seconds), args.seed, "cr", senders=300)
        requests = [(r.split(b"MessageSid=", 1)[1].split(b"&", 1)[0].decode(), r) for r in raw]
        kills: Counter[str] = Counter()
        chaos_thread = threading.Thread(target=lambda: kills.update(chaos(stack, args.seconds, rng, port)))
        t0 = time.time()
        chaos_thread.start()
        acked, statuses = asyncio.run(load(port, requests, args.rate, args.seconds))
        chaos_thread.join()
        print(f"{len(requests)} sent in {time.time() - t0:.1f} s, answers {dict(statuses)}; kills {dict(kills)}")
        for name, proc in stack.procs.items():
            if proc.poll() is not None:
                stack.start(name)
        wait_up(port)
        t1 = time.time()
        while time.time() - t1 < 300:
            left = pending_count(env)
            queued = int(manage(env, "shell", "-c", "from amparo.messaging.models import OutboundMessage as M; "
                                "print(M.objects.filter(status='queued').count())").split()[-1])
            if not left and not queued:
                break
            time.sleep(3)
        print(f"drained {time.time() - t1:.0f} s after the load (pending reports {left}, queued texts {queued})")
        (work / "acked.json").write_text(json.dumps(acked))
        out = manage({**env, "BENCH_ACKED": str(work / "acked.json")}, "shell", "-c", open(HERE / "check.py").read())
        result = json.loads(out.strip().splitlines()[-1])
        # A text may rightly go twice to one number with one body (two follow-ups quote one first report):
        # sent twice means the fake Twilio got a (to, body) more often than there are messages with it.
        stored = Counter({(to, body): n for to, body, n in result.pop("outbound_keys")})
        twice = sum(max(0, n - stored[key]) for key, n in FakeTwilio.sent.items())
        result.update(texts_sent=sum(FakeTwilio.sent.values()), texts_sent_twice=twice)
        print(json.dumps(result, indent=1))
        ok = not (result["acked_missing"] or result["acked_stored_twice"] or result["pending"]
                  or result["report_added_twice"] or result["answered_by_worker_twice"] or twice)
        print("PASS" if ok else "FAIL")
        return 0 if ok else 1
    finally:
        stack.stop()
        fake.shutdown()
        if os.environ.get("KEEP") == "1":
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
