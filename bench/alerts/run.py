"""Planning an alert to 500,000 subscribers while intake keeps flowing, and pacing at 100 messages/s.

A measurement, not a test (bench/README.md). For SQLite (a fresh database in a
temporary AMPARO_DATA_DIR) and, when it answers, PostgreSQL
(postgres://postgres@127.0.0.1:5432/fanout_bench, dropped and created again):

1. a child process migrates, creates the network with an alerts sender at 100
   messages per second and bulk-inserts N subscribers (encrypted numbers, one
   ZIP each) directly, not through the subscriptions' actions (that is setup,
   not what is measured), and a confirmed incident in their ZIP;
2. ``manage.py runserver`` on the same database, in a child of its own;
3. a child composes the alert and runs ``plan_alert`` (every batch and delivery
   row, every batch's task enqueued in Huey's own store): its wall time and its
   peak resident set (``ru_maxrss`` of that child alone, ``os.wait4``; this
   parent never loads Django, so nothing large is inherited at fork);
4. meanwhile this parent posts a signed inbound SMS to the webhook every 0.25 s
   and prints the response times (goal: under 1 s, even on SQLite's one writer);
5. a child plans a second alert to 5,000 subscribers and sends its batches with
   the console transport, each at its ``send_at`` (as the queue's scheduler
   would), and prints the achieved rate over the configured rate (goal: +-5%).

Goals: plan and enqueue in under 60 s, under 200 MB.

Run: .venv/bin/python bench/alerts/run.py [SUBSCRIBERS]      (default 500000)
     PG_ONLY=1 / SQLITE_ONLY=1 to run one database; KEEP=1 keeps the directory.
"""

from __future__ import annotations

import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG_URL = "postgres://postgres@127.0.0.1:5432/fanout_bench"
TOKEN = "bench-auth-token-000000000000000"
HOTLINE = "+12135550100"
MG = "MG" + "0123456789abcdef" * 2
RATE = 100
PACE_SUBSCRIBERS = 5000
BIG_ZIP, PACE_ZIP = "90033", "90022"


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()


def setup(n: int) -> None:
    """Child: migrate, the network, N + PACE_SUBSCRIBERS subscribers, two confirmed incidents."""
    _django()
    from django.core.management import call_command
    from django.db import transaction

    from amparo.alerts.models import AlertSettings, Subscriber, SubscriberArea, SubscriberStatus
    from amparo.crypto.keys import keyed_hash
    from amparo.incidents import actions as incident_actions
    from amparo.orgs.actions import create_organization
    from amparo.orgs.models import HotlineNumber, Zone

    call_command("migrate", verbosity=0)
    org = create_organization(slug="bench", name="Bench Network", twilio_auth_token=TOKEN,
                              languages=["en", "es"])
    HotlineNumber.objects.create(organization=org, e164=HOTLINE)
    AlertSettings.objects.create(organization=org, messaging_service_sid=MG, messages_per_second=RATE,
                                 approval_threshold=10_000_000, expiry_hours=48)
    Zone.objects.create(organization=org, name="Boyle Heights", zips=[BIG_ZIP])
    started = time.monotonic()
    step = 10_000
    for start in range(0, n + PACE_SUBSCRIBERS, step):
        with transaction.atomic():
            subs = []
            for i in range(start, min(start + step, n + PACE_SUBSCRIBERS)):
                phone = f"+1{2130000000 + i}"
                subs.append(Subscriber(organization=org, phone=phone, phone_hash=keyed_hash(org.pk, "tel:" + phone),
                                       language="es" if i % 3 else "en", status=SubscriberStatus.ACTIVE))
            subs = Subscriber.objects.bulk_create(subs)
            SubscriberArea.objects.bulk_create(
                SubscriberArea(organization=org, subscriber=s, zip=BIG_ZIP if int(s.phone[2:]) - 2130000000 < n
                               else PACE_ZIP) for s in subs)
    for zip_code in (BIG_ZIP, PACE_ZIP):
        incident = incident_actions.open_incident(org.pk, kind="event", at=_now(), zip=zip_code,
                                                  geo_precision="zip")
        incident_actions.start_verifying(incident, by=None)
        incident_actions.transition(incident, "confirmed", by=None, reason="bench")
        print(incident.pk, end=" ")
    print(f"{time.monotonic() - started:.1f}")


def _now():  # type: ignore[no-untyped-def]
    from django.utils import timezone

    return timezone.now()


def plan(incident_id: int) -> None:
    """Child: compose (its on-commit planning task goes to Huey's store, unconsumed) and plan; print seconds."""
    _django()
    from amparo.alerts.compose import compose_alert
    from amparo.alerts.fanout import plan_alert
    from amparo.alerts.models import AlertBatch
    from amparo.incidents.models import Incident

    started = time.monotonic()
    alert = compose_alert(Incident.objects.select_related("organization").get(pk=incident_id), actor=None)
    composed = time.monotonic() - started
    plan_alert(alert.pk)
    took = time.monotonic() - started
    alert.refresh_from_db()
    print(f"{took:.1f} {composed:.1f} {alert.audience} {AlertBatch.objects.filter(alert=alert).count()}")


def pace(incident_id: int) -> None:
    """Child: plan the small alert and send each batch at its send_at with the console transport."""
    _django()
    from django.utils import timezone

    from amparo.alerts.batches import send_batch
    from amparo.alerts.compose import compose_alert
    from amparo.alerts.fanout import plan_alert
    from amparo.alerts.models import AlertBatch
    from amparo.incidents.models import Incident
    from amparo.messaging.transports import get_transport

    alert = compose_alert(Incident.objects.select_related("organization").get(pk=incident_id), actor=None)
    plan_alert(alert.pk)
    transport = get_transport("console")
    runs = []
    for batch_id, send_at in AlertBatch.objects.filter(alert=alert).order_by("seq").values_list("pk", "send_at"):
        wait = (send_at - timezone.now()).total_seconds()
        if wait > 0:
            time.sleep(wait)  # the queue's scheduler holding the task until its eta, not a worker
        begun = time.monotonic()
        result = send_batch(batch_id, transport)
        runs.append((begun, time.monotonic(), result.sent))
    total = sum(r[2] for r in runs)
    # Over the alert's span: from the first batch's start to the last batch's start plus its 10 s slot.
    span = runs[-1][0] - runs[0][0] + 10
    busy = max(r[1] - r[0] for r in runs)
    print(f"{total} {total / span:.2f} {total / (runs[-1][1] - runs[0][0]):.2f} {busy:.2f}")


def _child(*args: str) -> tuple[str, int]:
    proc = subprocess.Popen([sys.executable, __file__, *args], stdout=subprocess.PIPE, env=os.environ.copy())
    assert proc.stdout is not None
    out = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    if status:
        raise SystemExit(f"child {args[0]} failed")
    return out.strip().splitlines()[-1], usage.ru_maxrss  # kB on Linux


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _signed(url: str, params: dict[str, str]) -> dict[str, str]:
    from twilio.request_validator import RequestValidator

    return {"X-Twilio-Signature": RequestValidator(TOKEN).compute_signature(url, params),
            "Content-Type": "application/x-www-form-urlencoded"}


def _post_sms(base: str, i: int) -> float:
    url = base + "/hooks/twilio/sms"
    params = {"MessageSid": f"SMbench{i:026d}", "AccountSid": "AC" + "0" * 32, "From": f"+1323555{i % 10000:04d}",
              "To": HOTLINE, "Body": f"Hay migra en la 5 y Broadway ahorita {i}", "NumMedia": "0"}
    request = urllib.request.Request(url, data=urllib.parse.urlencode(params).encode(), headers=_signed(url, params))
    started = time.monotonic()
    with urllib.request.urlopen(request, timeout=30) as response:
        response.read()
        assert response.status == 200, response.status
    return time.monotonic() - started


def run_one(label: str, n: int) -> None:
    print(f"\n== {label}: {n:,} subscribers ==")
    os.environ.pop("AMPARO_PUBLIC_URL", None)
    load = os.getloadavg()[0]
    out, _rss = _child("setup", str(n))
    big, small, setup_s = out.split()
    print(f"setup (bulk insert, not measured as a goal): {float(setup_s):.0f} s; load average before: {load:.1f} "
          f"on {os.cpu_count()} CPUs (other work on the machine slows every number below)")
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    os.environ["AMPARO_PUBLIC_URL"] = base
    server = subprocess.Popen([sys.executable, str(ROOT / "manage.py"), "runserver", "--noreload", "--nothreading",
                               f"127.0.0.1:{port}"], env=os.environ.copy(), stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL)
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2).read()
                break
            except OSError:
                time.sleep(0.3)
        _post_sms(base, 0)  # warm up the server
        times: list[float] = []
        stop = threading.Event()

        def post_loop() -> None:
            i = 1
            while not stop.is_set():
                times.append(_post_sms(base, i))
                i += 1
                stop.wait(0.25)

        poster = threading.Thread(target=post_loop)
        poster.start()
        out, rss = _child("plan", big)
        stop.set()
        poster.join()
        took, composed, audience, nbatches = out.split()
        print(f"plan + enqueue: {float(took):.1f} s (compose with the audience count: {float(composed):.1f} s) "
              f"for {int(audience):,} deliveries in {int(nbatches):,} batches; goal < 60 s")
        print(f"planning process peak RSS: {rss / 1024:.0f} MB; goal < 200 MB")
        ordered = sorted(times)
        p95 = ordered[int(len(ordered) * 0.95) - 1] if len(ordered) >= 20 else ordered[-1]
        slow = sum(1 for t in times if t >= 1)
        print(f"webhook during planning: {len(times)} SMS, median {statistics.median(times) * 1000:.0f} ms, "
              f"p95 {p95 * 1000:.0f} ms, max {max(times) * 1000:.0f} ms, {slow} at 1 s or more; goal < 1000 ms")
    finally:
        server.terminate()
        server.wait()
    out, _rss = _child("pace", small)
    total, rate, raw, busy = out.split()
    print(f"pacing at {RATE}/s, console transport: {int(total):,} sent, achieved {float(rate):.1f}/s = "
          f"{float(rate) / RATE:.3f} of the configured rate (goal 0.95-1.05); first start to last end "
          f"{float(raw):.1f}/s; longest batch {float(busy):.2f} s of its 10 s slot")


def _pg_reachable() -> bool:
    try:
        import psycopg
    except ImportError:
        return False
    try:
        with psycopg.connect("postgresql://postgres@127.0.0.1:5432/postgres", autocommit=True,
                             connect_timeout=3) as conn:
            conn.execute("DROP DATABASE IF EXISTS fanout_bench")
            conn.execute("CREATE DATABASE fanout_bench")
        return True
    except Exception:  # noqa: BLE001  # any failure means: no PostgreSQL to measure
        return False


def main(n: int) -> None:
    work = Path(tempfile.mkdtemp(prefix="amparo-alerts-bench-"))
    try:
        os.environ["AMPARO_DATA_DIR"] = str(work / "data")
        (work / "data").mkdir()
        os.environ.setdefault("DEBUG", "0")
        os.environ.setdefault("SECRET_KEY", "bench-" + "x" * 50)
        os.environ.setdefault("LOG_LEVEL", "WARNING")
        if not os.environ.get("PG_ONLY"):
            os.environ.pop("DATABASE_URL", None)
            run_one("SQLite", n)
        if not os.environ.get("SQLITE_ONLY"):
            if _pg_reachable():
                os.environ["DATABASE_URL"] = PG_URL
                os.environ["AMPARO_DATA_DIR"] = str(work / "pgdata")
                (work / "pgdata").mkdir()
                run_one("PostgreSQL", n)
            else:
                print("\nPostgreSQL at 127.0.0.1:5432 not reachable: skipped")
    finally:
        if os.environ.get("KEEP"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "setup":
        setup(int(sys.argv[2]))
    elif command == "plan":
        plan(int(sys.argv[2]))
    elif command == "pace":
        pace(int(sys.argv[2]))
    else:
        main(int(command) if command.isdigit() else 500_000)
