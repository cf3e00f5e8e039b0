"""Server time of the dispatcher's queue (``/console/``) with 200 open incidents and with 10,000 (issue 10).

Targets: the queue with 10,000 open incidents takes at most 2x its time with 200, and the page with 200
cards is served in under 50 ms.

Two organizations on one database, each with a year of closed history (``--closed`` reports, generated
inside the database by ``bench/history.py``) and 60 reports of today through ``ingest_report`` (a few
events, a vague lane, their keys); then "two hundred" gets open incidents up to 200 and "ten thousand" up
to 10,000 (events over the last two days, copies of today's, each with its reports). A dispatcher of each
(TOTP enrolled, as the console requires) asks for ``/console/`` through Django's test client, in process:
the whole server side (middleware, session, queries, template), no network. It prints the median of
``--runs`` requests of each (interleaved, after two warm-ups), the ratio, the queries per page, and how
the 200-card page's time splits into the queue's queries and the template's render.

    .venv/bin/python bench/console_queue.py                      # SQLite in a temporary AMPARO_DATA_DIR
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/queue_bench .venv/bin/python bench/console_queue.py

The PostgreSQL database named is dropped and created.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
from webload import in_process_database  # noqa: E402

in_process_database()
os.environ["DEBUG"] = "false"  # as served: no query log, no debug pages
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()
from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.template.loader import render_to_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

call_command("migrate", verbosity=0)
settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]

from allauth.mfa.models import Authenticator  # noqa: E402
from allauth.mfa.utils import encrypt  # noqa: E402
from history import load_history  # noqa: E402

from amparo.accounts.models import User  # noqa: E402
from amparo.console.queue import QueueFilters  # noqa: E402
from amparo.console.views.queue import _queue_context  # noqa: E402
from amparo.core.clock import org_zone  # noqa: E402
from amparo.incidents.models import OPEN_STATUSES, Incident  # noqa: E402
from amparo.intake.pipeline import ingest_report  # noqa: E402
from amparo.orgs.actions import create_organization  # noqa: E402
from amparo.orgs.models import Membership  # noqa: E402
from amparo.places.actions import create_place  # noqa: E402

STREETS = ["Broadway", "Main", "Spring", "Hill", "Olive", "Grand", "Figueroa", "Flower", "Hope", "Alameda"]
PHRASES = ["ICE at {n}th and {s}", "la migra en la {n} y {s}", "agents detaining people at {s} & {n}th St",
           "ICE vans near {place}", "migra en {place} ahorita", "ICE everywhere today, be careful"]
TODAY = 60  # reports through intake: the templates, and the day's real incidents


def network(slug: str, closed: int, open_incidents: int) -> tuple[Client, int]:
    org = create_organization(slug=slug, name=slug, languages=["en", "es"])
    places = [create_place(org, name=f"Market {i}", aliases=[f"Mercado {i}"], lat=34.0 + i * 0.01,
                           lon=-118.3 + i * 0.01, zip="90012", kind="store") for i in range(30)]
    now = timezone.now()
    for i in range(TODAY):
        body = PHRASES[i % len(PHRASES)].format(n=1 + i % 12, s=STREETS[i % len(STREETS)], place=places[i % len(places)].name)
        ingest_report(org=org, channel="sms", provider_id=f"T{i}", from_number=f"+1213{(i * 7919) % 10_000_000:07d}",
                      body=body, received_at=now - timedelta(hours=3) + timedelta(minutes=3 * i), imported=True)
    t0 = time.perf_counter()
    if closed:
        load_history(org, closed, end=now - timedelta(days=2), days=365, templates=TODAY, log=False)
    have = Incident.objects.filter(organization=org, status__in=OPEN_STATUSES).count()
    if open_incidents > have:
        load_history(org, (open_incidents - have) * 4, end=now - timedelta(hours=4), days=2, templates=TODAY,
                     open_every=1, lanes=False, log=False)
    shown = Incident.objects.filter(organization=org, status__in=OPEN_STATUSES).count()
    print(f"  {slug}: {shown:,} open incidents, {Incident.objects.filter(organization=org).count():,} in all "
          f"(loaded in {time.perf_counter() - t0:.0f} s)", flush=True)
    user = User.objects.create_user(email=f"dispatcher@{slug}.test", password="bench-password-1")
    Membership.objects.create(user=user, organization=org, role="dispatcher")
    Authenticator.objects.create(user=user, type=Authenticator.Type.TOTP,
                                 data={"secret": encrypt("JBSWY3DPEHPK3PXP")})
    client = Client()
    client.force_login(user)
    return client, org.pk


def timed_get(client: Client) -> tuple[float, float]:
    """(wall, CPU) seconds of one request. On SQLite the CPU time of this process is the server's whole
    work, and steadier than the wall time on a machine shared with other work; on PostgreSQL it leaves
    out the database server's."""
    t0, c0 = time.perf_counter(), time.process_time()
    response = client.get("/console/")
    took, cpu = time.perf_counter() - t0, time.process_time() - c0
    assert response.status_code == 200, response.status_code
    return took, cpu


def page_shape(client: Client) -> tuple[int, int]:
    """(queries, cards) of one request, counted apart from the timed ones (counting slows them)."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/console/")
    return len(queries), response.content.count(b'class="card ')


def split(org_id: int, runs: int) -> tuple[float, float]:
    """Median seconds of the queue's context (its queries) and of rendering its lanes, apart."""
    from amparo.orgs.models import Organization

    org = Organization.objects.get(pk=org_id)
    build, render = [], []
    with timezone.override(org_zone(org)):
        for _ in range(runs):
            t0 = time.perf_counter()
            ctx = _queue_context(org, QueueFilters())
            t1 = time.perf_counter()
            render_to_string("console/_queue_lanes.html", ctx)
            build.append(t1 - t0)
            render.append(time.perf_counter() - t1)
    return statistics.median(build), statistics.median(render)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--small", type=int, default=200)
    parser.add_argument("--large", type=int, default=10_000)
    parser.add_argument("--closed", type=int, default=20_000, help="closed history per network, in reports")
    parser.add_argument("--runs", type=int, default=21)
    args = parser.parse_args()
    print(f"database: {connection.vendor}", flush=True)
    small, small_org = network("two-hundred", args.closed, args.small)
    large, large_org = network("ten-thousand", args.closed, args.large)
    for client in (small, large, small, large):
        timed_get(client)
    a_times, b_times = [], []
    for _ in range(args.runs):
        a_times.append(timed_get(small))
        b_times.append(timed_get(large))
    (a_queries, a_cards), (b_queries, b_cards) = page_shape(small), page_shape(large)
    a, b = statistics.median(t for t, _ in a_times), statistics.median(t for t, _ in b_times)
    a_cpu, b_cpu = statistics.median(c for _, c in a_times), statistics.median(c for _, c in b_times)
    build, render = split(small_org, args.runs)
    print(f"/console/ with {args.small:,} open: median {a * 1000:.1f} ms, CPU {a_cpu * 1000:.1f} ms "
          f"({a_cards} cards, {a_queries} queries)")
    print(f"/console/ with {args.large:,} open: median {b * 1000:.1f} ms, CPU {b_cpu * 1000:.1f} ms "
          f"({b_cards} cards, {b_queries} queries)")
    print(f"ratio {b / a:.2f}, CPU {b_cpu / a_cpu:.2f} (target <= 2)")
    print(f"{args.small}-card page: {a * 1000:.1f} ms (target < 50 ms), of which the queue's queries "
          f"{build * 1000:.1f} ms and rendering the lanes {render * 1000:.1f} ms")


if __name__ == "__main__":
    main()
