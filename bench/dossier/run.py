"""Peak memory of an evidence dossier export: an incident with 200 MB of evidence.

A measurement, not a test (bench/README.md). In a fresh SQLite database and a
temporary AMPARO_DATA_DIR, a first child process files four 50 MB videos (the
largest evidence file allowed, settings.EVIDENCE_MAX_BYTES) and a note on one
incident. Then:

1. ``manage.py export_dossier`` runs in a child process of its own, and its peak
   resident set (``ru_maxrss`` from ``os.wait4`` of that child alone) counts
   everything: Python, OpenSSL, Pango, Django itself. This parent never loads
   Django, so the child does not inherit a large resident set at fork (Linux
   keeps the high-water mark across exec);
2. another child exports again under ``tracemalloc``: the peak of Python's
   allocations during the export alone.

Then ``verify_dossier`` checks the ZIP, and both peaks are printed against the
bound (100 MB + 4x the largest file).

Run: .venv/bin/python bench/dossier/run.py [FILES] [MB_EACH]
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")
    import django

    django.setup()


def setup(files: int, size: int) -> None:
    """Child: migrate, file the evidence, print ``slug incident_id``."""
    _django()
    from datetime import UTC, datetime

    from django.core.files.uploadedfile import TemporaryUploadedFile
    from django.core.management import call_command

    from amparo.incidents.actions import open_incident
    from amparo.orgs.actions import create_organization
    from amparo.verification import evidence
    from amparo.verification.actions import save_responder
    from amparo.verification.models import Dispatch, Offer, OfferStatus

    call_command("migrate", verbosity=0)
    org = create_organization(slug="bench", name="Bench Network")
    now = datetime(2026, 3, 2, 18, tzinfo=UTC)
    incident = open_incident(org.pk, kind="event", at=now, zip="90033", geo_precision="zip")
    responder = save_responder(org, name="Bench Observer", phone="+12135550101", languages=["en"], training=[],
                               zones=[], field_eligible=True, on_call=True, schedule=[])
    dispatch = Dispatch.objects.create(organization=org, incident=incident, seats=1, ring_size=1, max_rings=1,
                                       offer_minutes=5, created_at=now)
    offer = Offer.objects.create(organization=org, dispatch=dispatch, incident=incident, responder=responder,
                                 offered_at=now, expires_at=now, status=OfferStatus.ACCEPTED, accepted_at=now)
    for _ in range(files):
        # Random bytes (incompressible, as real video is) written to disk, not held in memory.
        upload = TemporaryUploadedFile("v.mp4", "video/mp4", size, None)
        upload.write(MP4_HEAD)
        left = size - len(MP4_HEAD)
        while left:
            n = min(left, 4 * MB)
            upload.write(os.urandom(n))
            left -= n
        upload.flush()
        upload.size = size
        evidence.store_file(offer, upload, now=now)
        upload.close()
    evidence.add_observation(offer, "Two unmarked vans at the corner; agents in vests.", now=now)
    print(org.slug, incident.pk)


def traced(slug: str, incident_id: int, out: str) -> None:
    """Child: export under tracemalloc, print the peak of Python's allocations in bytes."""
    _django()
    import tracemalloc

    from amparo.incidents.models import Incident
    from amparo.legal.dossier.archive import iter_dossier
    from amparo.legal.dossier.collect import incident_subject
    from amparo.orgs.models import Organization

    org = Organization.objects.get(slug=slug)
    subject = incident_subject(org, Incident.objects.get(organization=org, pk=incident_id))
    tracemalloc.start()
    with open(out, "wb") as f:
        for piece in iter_dossier(subject, actor_label="bench"):
            f.write(piece)
    print(tracemalloc.get_traced_memory()[1])


def run_child(args: list[str]) -> tuple[str, int]:
    """(stdout, peak resident set in bytes) of one child process, measured alone."""
    proc = subprocess.Popen([sys.executable, *args], stdout=subprocess.PIPE, env=os.environ.copy())
    assert proc.stdout is not None
    output = proc.stdout.read().decode()
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode:
        raise SystemExit(f"{args[:2]} failed with {proc.returncode}")
    return output, usage.ru_maxrss * 1024  # kB on Linux


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    size = int(sys.argv[2]) * MB if len(sys.argv) > 2 else 50 * MB
    work = Path(tempfile.mkdtemp(prefix="amparo-bench-dossier-"))
    os.environ["AMPARO_DATA_DIR"] = str(work / "data")
    os.environ.pop("DATABASE_URL", None)
    bound = 100 * MB + 4 * size
    try:
        print(f"filing {files} files of {size // MB} MB ({files * size // MB} MB of evidence) in {work} ...",
              flush=True)
        output, _ = run_child([__file__, "--setup", str(files), str(size)])
        slug, incident_id = output.split()[-2:]
        out = work / "dossier.zip"
        t0 = time.perf_counter()
        _, peak = run_child([str(ROOT / "manage.py"), "export_dossier", "--org", slug, "--incident", incident_id,
                             "-o", str(out)])
        seconds = time.perf_counter() - t0
        print(f"export_dossier: {seconds:.1f} s, ZIP {out.stat().st_size / MB:.0f} MB")
        print(f"  peak resident set of the export process (ru_maxrss): {peak / MB:.0f} MB -- bound "
              f"{bound / MB:.0f} MB (100 MB + 4 x {size // MB} MB): {'within' if peak < bound else 'OVER'}")
        _, baseline = run_child([str(ROOT / "manage.py"), "check"])
        print(f"  (the same Django process doing nothing, manage.py check: {baseline / MB:.0f} MB)")
        output, _ = run_child([__file__, "--traced", slug, incident_id, str(work / "again.zip")])
        py_peak = int(output.split()[-1])
        print(f"  peak of Python's allocations during an export (tracemalloc): {py_peak / MB:.1f} MB")
        verify, _ = run_child([str(ROOT / "manage.py"), "verify_dossier", str(out)])
        print(f"verify_dossier: {verify.strip().splitlines()[-1]}")
    finally:
        if os.environ.get("KEEP"):
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["--setup"]:
        setup(int(sys.argv[2]), int(sys.argv[3]))
    elif sys.argv[1:2] == ["--traced"]:
        traced(sys.argv[2], int(sys.argv[3]), sys.argv[4])
    else:
        main()
