"""Peak memory of an evidence dossier export: an incident with 200 MB of evidence.

A measurement, not a test (bench/README.md). In a fresh SQLite database and a
temporary AMPARO_DATA_DIR, it files four 50 MB videos (the largest evidence file
allowed, settings.EVIDENCE_MAX_BYTES) and a note on one incident, then exports
the dossier twice:

1. ``manage.py export_dossier`` in a child process: its peak resident set
   (``ru_maxrss`` of the child), which counts everything (Python, OpenSSL,
   Pango, Django itself);
2. in this process under ``tracemalloc``: the peak of Python's allocations
   during the export alone.

Then it checks the ZIP with ``verify_dossier`` and prints both peaks against the
bound (100 MB + 4x the largest file). Run: .venv/bin/python bench/dossier/run.py [FILES] [MB_EACH]
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))
WORK = Path(tempfile.mkdtemp(prefix="amparo-bench-dossier-"))
os.environ["AMPARO_DATA_DIR"] = str(WORK / "data")
os.environ.pop("DATABASE_URL", None)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "amparo.settings")

import django  # noqa: E402

django.setup()
from django.core.files.uploadedfile import TemporaryUploadedFile  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0)

from amparo.incidents.actions import open_incident  # noqa: E402
from amparo.legal.dossier.archive import iter_dossier  # noqa: E402
from amparo.legal.dossier.collect import incident_subject  # noqa: E402
from amparo.legal.dossier.verify import verify_dossier  # noqa: E402
from amparo.orgs.actions import create_organization  # noqa: E402
from amparo.verification import evidence  # noqa: E402
from amparo.verification.actions import save_responder  # noqa: E402
from amparo.verification.models import Dispatch, Offer, OfferStatus  # noqa: E402

MB = 1024 * 1024
MP4_HEAD = b"\x00\x00\x00\x18ftypmp42\x00\x00\x00\x00mp42isom"


def video(size: int) -> TemporaryUploadedFile:
    """A 'video' of random bytes (incompressible, as real video is), written to disk, not held in memory."""
    upload = TemporaryUploadedFile("v.mp4", "video/mp4", size, None)
    upload.write(MP4_HEAD)
    left = size - len(MP4_HEAD)
    while left:
        n = min(left, 4 * MB)
        upload.write(os.urandom(n))
        left -= n
    upload.flush()
    upload.size = size
    return upload


def setup(files: int, size: int) -> tuple[str, int]:
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
        upload = video(size)
        evidence.store_file(offer, upload, now=now)
        upload.close()
    evidence.add_observation(offer, "Two unmarked vans at the corner; agents in vests.", now=now)
    return org.slug, incident.pk


def main() -> None:
    files = int(sys.argv[1]) if len(sys.argv) > 1 else 4
    size = int(sys.argv[2]) * MB if len(sys.argv) > 2 else 50 * MB
    print(f"filing {files} files of {size // MB} MB ({files * size // MB} MB of evidence) in {WORK} ...", flush=True)
    slug, incident_id = setup(files, size)
    bound = 100 * MB + 4 * size

    out = WORK / "dossier.zip"
    t0 = time.perf_counter()
    subprocess.run([sys.executable, str(ROOT / "manage.py"), "export_dossier", "--org", slug, "--incident",
                    str(incident_id), "-o", str(out)], check=True, env=os.environ.copy(), stdout=subprocess.DEVNULL)
    seconds = time.perf_counter() - t0
    child_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    verdict = verify_dossier(str(out))
    print(f"export_dossier (child process): {seconds:.1f} s, ZIP {out.stat().st_size / MB:.0f} MB, "
          f"verifies: {verdict.ok}")
    print(f"  peak resident set (ru_maxrss): {child_peak / MB:.0f} MB  -- bound {bound / MB:.0f} MB "
          f"(100 MB + 4 x {size // MB} MB): {'within' if child_peak < bound else 'OVER'}")

    from amparo.incidents.models import Incident
    from amparo.orgs.models import Organization

    org = Organization.objects.get(slug=slug)
    subject = incident_subject(org, Incident.objects.get(organization=org, pk=incident_id))
    tracemalloc.start()
    written = 0
    with open(WORK / "again.zip", "wb") as f:
        for piece in iter_dossier(subject, actor_label="bench"):
            written += len(piece)
            f.write(piece)
    _, py_peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"in-process export under tracemalloc: peak of Python allocations {py_peak / MB:.0f} MB "
          f"for {written / MB:.0f} MB written  -- bound {bound / MB:.0f} MB: "
          f"{'within' if py_peak < bound else 'OVER'}")
    print(f"(kept in {WORK}; delete it when done)" if os.environ.get("KEEP") else "")
    if not os.environ.get("KEEP"):
        import shutil

        shutil.rmtree(WORK, ignore_errors=True)


if __name__ == "__main__":
    main()
