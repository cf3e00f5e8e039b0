"""What the hand-run web benchmarks share: signed Twilio requests, a raw HTTP/1.1 client, a fresh
database, the server's processes. Not a test helper: nothing under tests/ imports it."""

from __future__ import annotations

import asyncio
import os
import random
import signal
import socket
import subprocess
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlparse

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv/bin/python")
TOKEN = "bench-auth-token-0123456789abcdef"
ACCOUNT = "AC" + "0" * 32
HOTLINE = "+12135550100"

STREETS = ["Broadway", "Main", "Spring", "Hill", "Olive", "Grand", "Figueroa", "Flower", "Hope", "Alameda",
           "Soto", "Whittier", "Cesar Chavez", "Boyle", "Pico", "Olympic"]
PHRASES = ["ICE at {n}th and {s}", "la migra en la {n} y {s} ahorita", "agents detaining people at {s} & {n}th St",
           "ICE vans near Market {p}", "migra en el Mercado {p}, {k} carros", "they are still here",
           "hay agentes en {s} cerca de la {n}", "unmarked vans on {s}, {k} agents", "ya se fueron",
           "ICE checkpoint {s} and {n}th street right now"]

SETUP = f"""
from amparo.orgs.actions import create_organization
from amparo.orgs.models import HotlineNumber
from amparo.places.actions import create_place
org = create_organization(slug="bench", name="Intake bench", languages=["en", "es"],
                          time_zone="America/Los_Angeles", twilio_auth_token={TOKEN!r},
                          twilio_account_sid={ACCOUNT!r})
HotlineNumber.objects.get_or_create(e164={HOTLINE!r}, defaults={{"organization": org}})
for i in range(30):
    create_place(org, name=f"Market {{i}}", aliases=[f"Mercado {{i}}"], lat=34.0 + i * 0.01,
                 lon=-118.3 + i * 0.01, zip="90012", kind="store")
"""


def base_env(data: Path, port: int) -> dict[str, str]:
    """The environment of a bench server: development settings, a data directory of its own."""
    env = {k: v for k, v in os.environ.items() if k not in (
        "REDIS_URL", "DATABASE_URL", "AMPARO_MASTER_KEYS", "AMPARO_MASTER_KEYS_FILE", "HUEY_IMMEDIATE",
        "WEB_CONCURRENCY", "AMPARO_WEB_THREADS")}
    env.update(AMPARO_ENV="development", AMPARO_DATA_DIR=str(data), LOG_LEVEL="WARNING",
               AMPARO_PUBLIC_URL=f"http://127.0.0.1:{port}", AMPARO_BIND=f"127.0.0.1:{port}")
    return env


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def body_text(rng: random.Random) -> str:
    return rng.choice(PHRASES).format(n=rng.randint(1, 40), s=rng.choice(STREETS), p=rng.randint(0, 29),
                                      k=rng.randint(2, 9))


def build_requests(port: int, path: str, count: int, seed: int, tag: str, senders: int = 5000,
                   public_port: int | None = None) -> list[bytes]:
    """``count`` signed inbound SMS, each with its own MessageSid; senders from a pool of 5,000 numbers."""
    rng = random.Random(seed)
    validator = RequestValidator(TOKEN)
    url = f"http://127.0.0.1:{public_port or port}{path}"
    out = []
    for i in range(count):
        params = {"MessageSid": f"SM{tag}{i:08d}{rng.getrandbits(64):016x}", "AccountSid": "AC" + "0" * 32,
                  "From": f"+1213{rng.randrange(senders):07d}", "To": HOTLINE, "Body": body_text(rng), "NumMedia": "0",
                  "NumSegments": "1", "SmsStatus": "received", "ApiVersion": "2010-04-01"}
        sig = validator.compute_signature(url, params)
        data = urlencode(params).encode()
        out.append(f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
                   f"Content-Type: application/x-www-form-urlencoded\r\nX-Twilio-Signature: {sig}\r\n"
                   f"Content-Length: {len(data)}\r\n\r\n".encode() + data)
    return out


async def exchange(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, request: bytes) -> int:
    writer.write(request)
    head = await reader.readuntil(b"\r\n\r\n")
    status = int(head.split(b" ", 2)[1])
    length = 0
    for line in head.split(b"\r\n"):
        if line.lower().startswith(b"content-length:"):
            length = int(line.split(b":", 1)[1])
    if length:
        await reader.readexactly(length)
    return status


def wait_up(port: int, timeout: float = 60) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
                s.sendall(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                if s.recv(64).startswith(b"HTTP/1.1 200"):
                    return
        except OSError:
            pass
        time.sleep(0.3)
    raise SystemExit(f"the server on port {port} did not come up")


def manage(env: dict[str, str], *args: str, check: bool = True) -> str:
    out = subprocess.run([PY, str(ROOT / "manage.py"), *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if check and out.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{out.stderr[-3000:]}")
    return out.stdout


def pending_count(env: dict[str, str]) -> int:
    out = manage(env, "shell", "-c", "from amparo.reports.models import Report; "
                 "print(Report.objects.filter(pending=True).count() if hasattr(Report, 'pending') else 0)")
    return int(out.strip().splitlines()[-1])


def reachable(host: str, port: int) -> bool:
    try:
        socket.create_connection((host, port), timeout=1).close()
        return True
    except OSError:
        return False




def reset_postgres(name: str) -> None:
    import psycopg

    with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")


def in_process_database() -> None:
    """For a bench that runs Django in its own process: a temporary ``AMPARO_DATA_DIR``, and the database
    ``DATABASE_URL`` names dropped and created (PostgreSQL), else a fresh SQLite file in that directory."""
    os.environ["AMPARO_DATA_DIR"] = tempfile.mkdtemp(prefix="amparo-bench-")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        reset_postgres(urlparse(os.environ["DATABASE_URL"]).path.lstrip("/"))
    else:
        os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")


def reset_redis(url: str) -> None:
    import redis

    redis.Redis.from_url(url).flushdb()


def stop_all(procs: list) -> None:
    """Stop each process group: TERM, then KILL what has not ended after 20 s."""
    for p in procs:
        try:
            os.killpg(p.pid, signal.SIGTERM)
        except ProcessLookupError:
            pass
    for p in procs:
        try:
            p.wait(20)
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
