"""The evidence dossier: what is in it, that it verifies, and that a change is caught."""

from __future__ import annotations

import csv
import io
import zipfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from amparo.audit.models import AuditEntry
from amparo.crypto import signing
from amparo.incidents.models import Incident
from amparo.legal.dossier.archive import Outcome, filename, iter_dossier
from amparo.legal.dossier.collect import incident_subject
from amparo.legal.dossier.verify import verify_dossier
from amparo.legal.tests.dossier_fixtures import MP3, PNG, dossier_media_root, dossier_ready_incident  # noqa: F401 (fixtures)
from amparo.reports.models import Report
from amparo.verification.models import Evidence


def export(org, incident, tmp_path: Path) -> Path:  # type: ignore[no-untyped-def]
    path = tmp_path / "dossier.zip"
    call_command("export_dossier", "--org", org.slug, "--incident", str(incident.pk), "-o", str(path),
                 stdout=io.StringIO())
    return path


def rewrite(source: Path, target: Path, changes: dict[str, bytes]) -> None:
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for name in old.namelist():
            new.writestr(name, changes.get(name, old.read(name)))


def test_it_holds_the_originals_the_summary_the_custody_log_and_a_signed_manifest(north, incident, tmp_path):
    path = export(north, incident, tmp_path)
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        files = {n: zf.read(n) for n in names}
    photo = next(n for n in names if n.endswith("-photo.png"))
    note = next(n for n in names if n.endswith("-note.txt"))
    recording = next(n for n in names if n.endswith(".mp3"))
    assert files[photo] == PNG and files[recording] == MP3
    assert files[note].decode() == "Two unmarked vans; agents in vests marked POLICE ICE."
    assert files["summary.pdf"].startswith(b"%PDF")
    manifest = list(csv.DictReader(io.StringIO(files["manifest.csv"].decode())))
    by_path = {row["path"]: row for row in manifest}
    ev = Evidence.objects.get(incident=incident, kind="photo")
    assert by_path[photo]["sha256"] == ev.sha256 and by_path[photo]["hash_taken"] == "upload"
    assert by_path[photo]["filed_by"] == "Observer A"
    assert set(by_path) == set(names) - {"manifest.csv", "manifest.sig"}
    assert files["public_key.txt"].decode().strip() == signing.org_public_key(north.pk)
    custody = files["custody.csv"].decode()
    assert "export" in custody and photo in custody
    assert b"Maria" not in b"".join(files.values())  # observers are pseudonyms, everywhere


def test_every_export_is_audited(north, incident, tmp_path):
    export(north, incident, tmp_path)
    exported = set(AuditEntry.objects.filter(organization=north, action="export")
                   .values_list("object_type", "object_id"))
    assert ("incident", str(incident.pk)) in exported
    assert {("evidence", str(e.pk)) for e in Evidence.objects.filter(incident=incident)} <= exported
    assert any(t == "media" for t, _ in exported)


def test_a_dossier_verifies(north, incident, tmp_path):
    path = export(north, incident, tmp_path)
    verdict = verify_dossier(str(path), public_key=signing.org_public_key(north.pk))
    assert verdict.ok, verdict.lines
    assert verdict.lines[0].startswith("SIGNATURE OK")
    out = io.StringIO()
    call_command("verify_dossier", str(path), "--public-key", signing.org_public_key(north.pk), stdout=out)
    assert "The dossier verifies." in out.getvalue()
    assert out.getvalue().count("\nOK ") == 6  # photo, observation, recording, custody, summary, key


def test_one_changed_file_is_rejected(north, incident, tmp_path):
    path = export(north, incident, tmp_path)
    with zipfile.ZipFile(path) as zf:
        photo = next(n for n in zf.namelist() if n.endswith(".png"))
    changed = tmp_path / "changed.zip"
    rewrite(path, changed, {photo: PNG + b"edited"})
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("verify_dossier", str(changed), "--public-key", signing.org_public_key(north.pk), stdout=out)
    assert f"CHANGED        {photo}" in out.getvalue()
    assert "SIGNATURE OK" in out.getvalue()


def test_a_manifest_edited_to_match_the_changed_file_is_rejected_by_its_signature(north, incident, tmp_path):
    import hashlib

    path = export(north, incident, tmp_path)
    with zipfile.ZipFile(path) as zf:
        photo = next(n for n in zf.namelist() if n.endswith(".png"))
        manifest = zf.read("manifest.csv").decode()
    forged = PNG + b"edited"
    manifest = manifest.replace(hashlib.sha256(PNG).hexdigest(), hashlib.sha256(forged).hexdigest())
    edited = tmp_path / "edited.zip"
    rewrite(path, edited, {photo: forged, "manifest.csv": manifest.encode()})
    verdict = verify_dossier(str(edited), public_key=signing.org_public_key(north.pk))
    assert not verdict.ok
    assert verdict.lines[0].startswith("SIGNATURE BAD")
    assert f"OK             {photo}" in verdict.lines  # the hashes alone would have passed


def test_a_forger_who_signs_with_a_key_of_their_own_is_caught_by_the_organizations_key(north, incident,
                                                                                         tmp_path):
    import base64
    import hashlib

    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = export(north, incident, tmp_path)
    with zipfile.ZipFile(path) as zf:
        manifest, key_file = zf.read("manifest.csv"), zf.read("public_key.txt")
    theirs = Ed25519PrivateKey.generate()
    their_key = signing.public_key_text(theirs.public_key()).encode() + b"\n"
    manifest = manifest.replace(hashlib.sha256(key_file).hexdigest().encode(),
                                hashlib.sha256(their_key).hexdigest().encode())
    forged = tmp_path / "forged.zip"
    rewrite(path, forged, {"manifest.csv": manifest, "manifest.sig": base64.b64encode(theirs.sign(manifest)) + b"\n",
                           "public_key.txt": their_key})
    assert verify_dossier(str(forged)).ok  # consistent with itself...
    assert not verify_dossier(str(forged), public_key=signing.org_public_key(north.pk)).ok  # ...not with the org


def test_a_file_changed_at_rest_since_upload_fails_the_export_and_the_check(north, incident, tmp_path):
    from django.core.files.storage import storages

    from amparo.crypto.keys import encrypt_for

    ev = Evidence.objects.get(incident=incident, kind="photo")
    with storages["default"].open(ev.stored_name, "wb") as f:
        f.write(encrypt_for(north.pk, PNG + b"swapped"))
    outcome = Outcome()
    data = b"".join(iter_dossier(incident_subject(north, incident), actor_label="test", outcome=outcome))
    assert [c.item.pk for c in outcome.altered] == [ev.pk]
    (tmp_path / "d.zip").write_bytes(data)
    assert not verify_dossier(str(tmp_path / "d.zip"), public_key=signing.org_public_key(north.pk)).ok


def test_the_signing_key_is_made_once_and_stored_wrapped(north):
    from amparo.crypto.models import OrgKey

    first = signing.org_public_key(north.pk)
    assert signing.org_public_key(north.pk) == first
    row = OrgKey.objects.get(organization=north, purpose=OrgKey.SIGN)
    assert row.wrapped.startswith("gAAAA")  # a Fernet token of the master key, not the raw key
    assert signing.verify(first, b"x", signing.sign(north.pk, b"x"))
    assert not signing.verify(first, b"y", signing.sign(north.pk, b"x"))


def test_the_pdf_fetches_nothing_outside_the_zip(tmp_path):
    from weasyprint import HTML

    from amparo.legal.dossier.summary import nothing_outside

    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }")
    with pytest.raises(ValueError):
        nothing_outside().fetch(secret.as_uri())
    pdf = HTML(string=f'<link rel="stylesheet" href="{secret.as_uri()}"><img src="http://192.0.2.1/x.png">ok',
               url_fetcher=nothing_outside()).write_pdf()
    assert pdf.startswith(b"%PDF")


def test_a_case_dossier_from_the_command_holds_its_persons_incidents(north, incident, tmp_path):
    from amparo.legal.models import Case, CaseEvent, Person, PersonIncident

    person = Person.objects.create(organization=north, name="Ana Pérez")
    PersonIncident.objects.create(person=person, incident=incident)
    case = Case.objects.create(organization=north, number=7, person=person)
    CaseEvent.objects.create(organization=north, case=case, kind="bond_set", amount_cents=500000)
    path = tmp_path / "case.zip"
    out = io.StringIO()
    call_command("export_dossier", "--org", north.slug, "--case", "C7", "-o", str(path), stdout=out)
    assert verify_dossier(str(path), public_key=signing.org_public_key(north.pk)).ok
    with zipfile.ZipFile(path) as zf:
        assert any(n.startswith(f"incident-{incident.number}/") for n in zf.namelist())
    assert AuditEntry.objects.filter(organization=north, action="export", object_type="case",
                                     object_id=str(case.pk), actor_label="export_dossier").exists()
    with pytest.raises(CommandError):
        call_command("export_dossier", "--org", north.slug, "--case", "C8", "-o", str(path), stdout=out)


def test_a_stored_file_that_no_longer_decrypts_is_listed_missing_and_the_rest_exported(north, incident, tmp_path):
    from django.core.files.storage import storages

    ev = Evidence.objects.get(incident=incident, kind="photo")
    with storages["default"].open(ev.stored_name, "wb") as f:
        f.write(b"gAAAAA" + b"x" * 200)  # a damaged token
    path = tmp_path / "d.zip"
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command("export_dossier", "--org", north.slug, "--incident", str(incident.pk), "-o", str(path),
                     stdout=out)
    assert f"MISSING                incident-{incident.number}/evidence-{ev.pk}-photo.png" in out.getvalue()
    verdict = verify_dossier(str(path), public_key=signing.org_public_key(north.pk))
    assert not verdict.ok
    assert f"MISSING        incident-{incident.number}/evidence-{ev.pk}-photo.png" in verdict.lines
    assert sum(line.startswith("OK ") for line in verdict.lines) == 5  # the note, the recording, the generated three


def test_the_export_reads_a_fixed_number_of_queries_however_many_files(north, incident, dispatcher,
                                                                       django_assert_max_num_queries):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from amparo.verification import evidence

    def queries() -> int:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            b"".join(iter_dossier(incident_subject(north, incident), actor_label="test"))
        return len(ctx.captured_queries)

    queries()  # the first export also makes the signing key and loads the keyring
    before = queries()
    offer = Evidence.objects.filter(incident=incident).first().offer
    for i in range(5):
        evidence.store_file(offer, SimpleUploadedFile("p.png", PNG + bytes([i])))
        evidence.add_observation(offer, f"note {i}")
    assert queries() == before
    with django_assert_max_num_queries(25):
        b"".join(iter_dossier(incident_subject(north, incident), actor_label="test"))


def test_names_and_manifest_carry_the_networks_numbers_never_the_ids(north, incident, tmp_path):
    """Ids are one sequence for every network on the deployment, so a dossier handed to a court must not carry
    them: the incident and report are named by their numbers in the network (#47, R-12)."""
    Incident.objects.filter(pk=incident.pk).update(number=incident.pk + 46)
    Report.objects.filter(incident=incident).update(number=12)
    incident.refresh_from_db()
    report = Report.objects.get(incident=incident)
    number = incident.number
    assert number != incident.pk and report.number != report.pk
    path = export(north, incident, tmp_path)
    assert verify_dossier(str(path), public_key=signing.org_public_key(north.pk)).ok
    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode())))
        custody = zf.read("custody.csv").decode()
    files = [n for n in names if "/" in n]
    assert files and all(n.startswith(f"incident-{number}/") for n in files)
    assert any(n.startswith(f"incident-{number}/report-12-media-") for n in files)
    assert {row["incident"] for row in manifest if row["source"] != "dossier"} == {str(number)}
    assert f"incident #{number}" in custody and f"incident {incident.pk}," not in custody
    assert f"dossier incident #{number}" in custody  # the export's own reason
    assert filename(incident_subject(north, incident)) == f"dossier-north-incident-{number}.zip"
