"""``import_facilities`` and ``import_providers``: one command shape (orgs.management.importing) over the shared
CSV reader; bad rows on stderr by line, good rows imported, non-zero only when nothing was."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from amparo.legal.models import Facility, Provider


def _run(name: str, tmp_path, org, text: str):  # type: ignore[no-untyped-def]
    path = tmp_path / "in.csv"
    path.write_text(text, encoding="utf-8")
    out, err = StringIO(), StringIO()
    call_command(name, "--org", org.slug, str(path), stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_import_facilities_reports_bad_rows_by_line_and_imports_the_good(tmp_path, north):
    out, err = _run("import_facilities", tmp_path, north,
                    "name,address,county,phone\nAdelanto ICE Processing Center,,San Bernardino,(760) 561-6100\n"
                    "Bad Phone,,Kern,call me\n")
    assert "created: 1, updated: 0, errors: 1" in out
    assert "Line 3: the phone number “call me” cannot be read" in err
    assert list(Facility.objects.filter(organization=north).values_list("phone", flat=True)) == ["+17605616100"]


def test_import_providers_fails_only_when_nothing_was_imported(tmp_path, north):
    with pytest.raises(CommandError, match="Nothing was imported"):
        _run("import_providers", tmp_path, north, "name,case_types\nBad Type,parking\n")
    out, _err = _run("import_providers", tmp_path, north, "name,case_types\nEsperanza Legal,family\n")
    assert "created: 1" in out and Provider.objects.filter(organization=north).count() == 1


def test_an_unknown_organization_is_an_error(tmp_path, north):
    with pytest.raises(CommandError, match="No organization"):
        call_command("import_facilities", "--org", "nope", str(tmp_path / "x.csv"))
