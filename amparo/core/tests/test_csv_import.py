"""The shared CSV import: bad rows by line number, good rows imported, in the reader's language."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from amparo.core.csv_import import MAX_BYTES, CsvFileForm, RowError, import_csv


def _rows(text: str, seen: list[dict[str, str]], **kwargs):  # type: ignore[no-untyped-def]
    def import_row(row: dict[str, str]) -> bool:
        if not row["name"].strip():
            raise RowError("the name is empty")
        seen.append(row)
        return row["name"] != "Again"

    return import_csv(io.BytesIO(text.encode("utf-8-sig")), import_row, **kwargs)


def test_it_imports_the_good_rows_and_reports_the_bad_by_line():
    seen: list[dict[str, str]] = []
    result = _rows(" Name ,County\nAdelanto,San Bernardino\n,Kern\n\n,\nAgain,Kern\n", seen)
    assert (result.created, result.updated) == (1, 1)
    assert result.errors == ["Line 3: the name is empty"]
    assert seen[0] == {"name": "Adelanto", "county": "San Bernardino"}  # header names folded, BOM dropped


def test_it_says_which_columns_are_missing_in_the_users_language():
    with translation.override("es"):
        result = _rows("county\nKern\n", [], required=("name", "lat"))
    assert result.errors == ["Faltan columnas: name, lat."]
    assert (result.created, result.updated) == (0, 0)


def test_it_stops_after_the_row_limit():
    result = _rows("name\n" + "".join(f"P{i}\n" for i in range(5)), [], max_rows=3)
    assert result.created == 3 and result.errors == ["Only the first 3 rows were read."]


def test_a_broken_file_is_reported_not_raised():
    # A field over the csv module's limit (128 KiB) is csv.Error.
    result = import_csv(io.BytesIO(b'name\n"' + b"x" * 200_000 + b'"\n'), lambda row: True)
    assert result.errors and "CSV" in result.errors[0]


def test_the_upload_form_refuses_a_file_over_two_megabytes():
    big = SimpleUploadedFile("big.csv", b"x" * (MAX_BYTES + 1))
    form = CsvFileForm(files={"file": big})
    assert not form.is_valid() and form.errors["file"] == ["The file is larger than 2 MB."]
