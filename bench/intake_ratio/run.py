"""Signed SMS intake against a bare Django view, on the same gunicorn, the same load, the same run.

    .venv/bin/python bench/intake_ratio/run.py                 # SQLite, then PostgreSQL if reachable
    .venv/bin/python bench/intake_ratio/run.py --db sqlite --steady 60 --rate 200
    KEEP=1 ...                                                 # keep the temporary directory

For each database it migrates a fresh one, creates an organization with a hotline, an auth token and a small
gazetteer, and starts the production profile (deploy/gunicorn.conf.py: on SQLite one process with threads; with
PostgreSQL and Redis, worker processes from the CPU count) plus the Huey consumer, with one extra URL,
``/bench/bare``, that reads the POST and answers empty TwiML. Then, on both URLs alike:

1. saturation: ``--conns`` keep-alive connections send as fast as answers come, ``--burst`` seconds each;
   ``intake/bare`` is the ratio of the two throughputs;
2. steady load: ``--rate`` requests a second for ``--steady`` seconds (open loop: latency is counted from when a
   request was due, so a stall is not hidden); p50 and p99 of each;
3. the worker's backlog: how long after the load until every stored report is processed;
4. SQL queries per report, in process (``queries.py``): the webhook's request, and the worker's processing.

Every request is a real Twilio request, signed with the organization's auth token by the twilio library's
``RequestValidator``, with its own MessageSid. The load generator runs on the same machine, so it takes CPU
from the server: it takes the same from both URLs, which is why only the ratio is compared.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

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
    stop_all,
    wait_up,
)

HERE = Path(__file__).resolve().parent
PG_URL = "postgres://postgres@127.0.0.1:5432/intake_bench"
REDIS_URL = "redis://127.0.0.1:6379/14"


@dataclass
class Result:
    done: int = 0
    errors: int = 0
    statuses: dict[int, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    seconds: float = 0.0

    def add(self, status: int, latency: float) -> None:
        self.done += 1
        self.statuses[status] = self.statuses.get(status, 0) + 1
        if status != 200:
            self.errors += 1
        self.latencies.append(latency)

    def pct(self, p: float) -> float:
        if not self.latencies:
            return float("nan")
        xs = sorted(self.latencies)
        return xs[min(len(xs) - 1, int(p * len(xs)))] * 1000

    @property
    def rps(self) -> float:
        return self.done / self.seconds if self.seconds else 0.0

    def line(self) -> str:
        return (f"{self.done} answered in {self.seconds:.1f} s = {self.rps:.0f}/s, p50 {self.pct(0.5):.1f} ms, "
                f"p99 {self.pct(0.99):.1f} ms, max {self.pct(1.0):.0f} ms, non-200 {self.errors} {self.statuses}")


async def saturate(port: int, requests: list[bytes], conns: int, seconds: float) -> Result:
    """Closed loop: each connection sends its next request as soon as the last is answered."""
    result, it = Result(), iter(requests)
    stop = time.perf_counter() + seconds

    async def client() -> None:
        reader, writer = await asyncio.open_connection("127.0.0.1", port)
        try:
            while time.perf_counter() < stop:
                req = next(it, None)
                if req is None:
                    return
                t = time.perf_counter()
                try:
                    status = await exchange(reader, writer, req)
                except (OSError, asyncio.IncompleteReadError):
                    result.add(599, time.perf_counter() - t)
                    writer.close()
                    reader, writer = await asyncio.open_connection("127.0.0.1", port)
                    continue
                result.add(status, time.perf_counter() - t)
        finally:
            writer.close()

    t0 = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(conns)))
    result.seconds = time.perf_counter() - t0
    return result


async def steady(port: int, requests: list[bytes], rate: float, seconds: float, max_conns: int = 256) -> Result:
    """Open loop at ``rate`` a second; latency counted from when each request was due."""
    result = Result()
    idle: list[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = []
    open_count = 0
    tasks = []
    t0 = time.perf_counter()

    async def one(due: float, req: bytes) -> None:
        nonlocal open_count
        if idle:
            conn = idle.pop()
        else:
            while open_count >= max_conns and not idle:
                await asyncio.sleep(0.001)
            if idle:
                conn = idle.pop()
            else:
                open_count += 1
                conn = await asyncio.open_connection("127.0.0.1", port)
        try:
            status = await exchange(conn[0], conn[1], req)
            idle.append(conn)
        except (OSError, asyncio.IncompleteReadError):
            status = 599
            open_count -= 1
            conn[1].close()
        result.add(status, time.perf_counter() - due)

    n = min(len(requests), int(rate * seconds))
    for i in range(n):
        due = t0 + i / rate
        delay = due - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(due, requests[i])))
    await asyncio.gather(*tasks)
    result.seconds = time.perf_counter() - t0
    for _r, w in idle:
        w.close()
    return result


def run_one(db: str, args: argparse.Namespace, work: Path) -> dict[str, float]:
    data = work / db
    data.mkdir(parents=True)
    port = free_port()
    env = base_env(data, port)
    env.update(PYTHONPATH=f"{HERE}{os.pathsep}{ROOT}", HUEY_NAME="intake-bench")
    if db == "sqlite":
        env["DATABASE_URL"] = f"sqlite:///{data}/bench.sqlite3"
    else:
        reset_postgres("intake_bench")
        env["DATABASE_URL"] = PG_URL
        if reachable("127.0.0.1", 6379):
            reset_redis(REDIS_URL)
            env["REDIS_URL"] = REDIS_URL
    print(f"\n=== {db}: {env['DATABASE_URL']}{' + Redis' if 'REDIS_URL' in env else ''}"
          f"{', synchronous=' + env.get('AMPARO_SQLITE_SYNCHRONOUS', 'full') if db == 'sqlite' else ''}"
          f"{f', {args.threads} threads' if args.threads else ''}; load average {os.getloadavg()[0]:.1f}", flush=True)
    manage(env, "migrate", "--noinput", "-v0")
    manage(env, "shell", "-c", SETUP)
    web_env = {**env, "DJANGO_SETTINGS_MODULE": "ratio_settings"}
    if args.threads:
        web_env["AMPARO_WEB_THREADS"] = str(args.threads)
    gunicorn = ROOT / ".venv/bin/gunicorn"
    procs = [
        subprocess.Popen([str(gunicorn), "-c", str(ROOT / "deploy/gunicorn.conf.py"), "amparo.wsgi"], env=web_env,
                         cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(data / "web.log", "w"),
                         start_new_session=True),
        subprocess.Popen([PY, str(ROOT / "manage.py"), "run_huey", "--workers", "2", "--worker-type", "thread"],
                         env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=open(data / "worker.log", "w"),
                         start_new_session=True),
    ]
    figures: dict[str, float] = {}
    try:
        wait_up(port)
        need = int(args.rate * args.steady) + 1500 * int(args.burst) + 2000
        intake_reqs = build_requests(port, "/hooks/twilio/sms", need, 1, db[:2] + "i")
        bare_reqs = build_requests(port, "/bench/bare", need, 1, db[:2] + "b")
        ii = bi = 0

        def take(reqs: list[bytes], at: int, n: int) -> list[bytes]:
            return reqs[at:at + n]

        asyncio.run(saturate(port, take(bare_reqs, 0, 200), 8, 30))
        asyncio.run(saturate(port, take(intake_reqs, 0, 200), 8, 30))
        ii = bi = 200
        time.sleep(2)
        bare = asyncio.run(saturate(port, bare_reqs[bi:], args.conns, args.burst))
        bi += bare.done + args.conns
        print(f"saturation, bare:   {bare.line()}", flush=True)
        time.sleep(2)
        intake = asyncio.run(saturate(port, intake_reqs[ii:], args.conns, args.burst))
        ii += intake.done + args.conns
        print(f"saturation, intake: {intake.line()}", flush=True)
        ratio = intake.rps / bare.rps if bare.rps else 0.0
        print(f"intake/bare at saturation: {ratio:.3f}", flush=True)
        figures.update(ratio=ratio, sat_intake=intake.rps, sat_bare=bare.rps)
        drain_wait(env, figures, "after saturation")
        rate = args.rate
        if args.steady and intake.rps < rate:
            # Past its capacity an open loop only measures the queue it builds: measure at 80 % of it.
            rate = max(1.0, round(0.8 * intake.rps))
            print(f"intake saturates at {intake.rps:.0f}/s, below {args.rate:.0f}/s: steady load at {rate:.0f}/s instead")
        figures["rate"] = rate
        if args.steady:
            sb = asyncio.run(steady(port, bare_reqs[bi:], rate, args.steady))
            print(f"steady {rate:.0f}/s, bare:   {sb.line()}", flush=True)
            time.sleep(2)
            si = asyncio.run(steady(port, intake_reqs[ii:], rate, args.steady))
            print(f"steady {rate:.0f}/s, intake: {si.line()}", flush=True)
            figures.update(p50=si.pct(0.5), p99=si.pct(0.99), bare_p50=sb.pct(0.5), bare_p99=sb.pct(0.99),
                           steady_errors=si.errors)
            drain_wait(env, figures, "after steady load")
    finally:
        stop_all(procs)
    print(manage(env, "shell", "-c", open(HERE / "queries.py").read()).strip(), flush=True)
    return figures


def drain_wait(env: dict[str, str], figures: dict[str, float], when: str) -> None:
    t0 = time.perf_counter()
    left = pending_count(env)
    first = left
    while left and time.perf_counter() - t0 < 600:
        time.sleep(1)
        left = pending_count(env)
    took = time.perf_counter() - t0
    print(f"worker backlog {when}: {first} reports unprocessed, all processed {took:.1f} s later"
          + ("" if not left else f" (STILL {left} left)"), flush=True)
    figures[f"drain {when}"] = took


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--db", choices=["sqlite", "postgres", "both"], default="both")
    parser.add_argument("--conns", type=int, default=32)
    parser.add_argument("--burst", type=float, default=15.0, help="seconds of saturation per URL")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--steady", type=float, default=60.0, help="seconds of steady load per URL (0: skip)")
    parser.add_argument("--threads", type=int, default=0,
                        help="gunicorn threads per process (default: deploy/gunicorn.conf.py's)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="amparo-ratio-"))
    try:
        results = {}
        for db in (["sqlite", "postgres"] if args.db == "both" else [args.db]):
            if db == "postgres" and not reachable("127.0.0.1", 5432):
                print("PostgreSQL is not reachable on 127.0.0.1:5432: skipped")
                continue
            results[db] = run_one(db, args, work)
        print("\n=== summary")
        for db, f in results.items():
            print(f"{db}: intake/bare {f.get('ratio', 0):.3f} ({f.get('sat_intake', 0):.0f}/s against "
                  f"{f.get('sat_bare', 0):.0f}/s); at {f.get('rate', args.rate):.0f}/s: p50 {f.get('p50', float('nan')):.1f} ms, "
                  f"p99 {f.get('p99', float('nan')):.1f} ms (bare p99 {f.get('bare_p99', float('nan')):.1f} ms)")
    finally:
        if os.environ.get("KEEP") == "1":
            print(f"kept: {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
