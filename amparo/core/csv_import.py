"""One way to import rows from a CSV an admin uploads or a command reads.

The file is read whole (callers cap its size: ``CsvFileForm`` at 2 MB), decoded as
UTF-8 with or without a byte-order mark, and read with a header row whose names are
compared without case or surrounding spaces. Each row goes to the caller's
``import_row`` callable, which checks and saves it: it returns True for a new
record, False for one updated, or raises one of ``bad_row`` (``RowError`` unless
told) whose message, in the user's language, is reported with the row's line
number. Bad rows are skipped, the good ones are imported, blank rows are passed
over. Transactions are the caller's: an import wrapped in one is all-or-nothing
only for errors that are not bad rows.

Foundation: no domain app is imported here; the domain's callable knows its model.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import IO, Any

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

__all__ = ["ImportResult", "RowError", "import_csv", "CsvFileForm", "MAX_ROWS"]

MAX_ROWS = 5_000
MAX_BYTES = 2 * 1024 * 1024


class RowError(Exception):
    """A row that cannot be imported; the message says why, in the user's language."""


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


def _text(fileobj: IO[Any]) -> io.StringIO:
    raw = fileobj.read()
    text = raw.decode("utf-8-sig", errors="replace") if isinstance(raw, bytes) else raw
    return io.StringIO(text.lstrip("\ufeff"))


def import_csv(fileobj: IO[Any], import_row: Callable[[dict[str, str]], bool], *,
               required: Sequence[str] = ("name",), bad_row: tuple[type[Exception], ...] = (RowError,),
               max_rows: int = MAX_ROWS) -> ImportResult:
    """Read ``fileobj`` and hand each non-blank row (lower-cased column -> text) to ``import_row``."""
    result = ImportResult()
    reader = csv.DictReader(_text(fileobj))
    try:
        header = {(h or "").strip().lower() for h in (reader.fieldnames or [])}
    except csv.Error as e:
        result.errors.append(_("The file is not a readable CSV: %(error)s") % {"error": e})
        return result
    missing = [c for c in required if c not in header]
    if missing:
        result.errors.append(_("Missing columns: %(columns)s.") % {"columns": ", ".join(missing)})
        return result
    try:
        for line, raw in enumerate(reader, start=2):
            if line - 1 > max_rows:
                result.errors.append(_("Only the first %(n)d rows were read.") % {"n": max_rows})
                break
            row = {(k or "").strip().lower(): (v if isinstance(v, str) else "") for k, v in raw.items()}
            if not any(v.strip() for v in row.values()):
                continue
            try:
                created = import_row(row)
            except bad_row as e:
                result.errors.append(_("Line %(line)d: %(error)s") % {"line": line, "error": e})
                continue
            if created:
                result.created += 1
            else:
                result.updated += 1
    except csv.Error as e:
        result.errors.append(_("The file is not a readable CSV: %(error)s") % {"error": e})
    return result


class CsvFileForm(forms.Form):
    """The upload of a CSV to import, at most 2 MB. A subclass says which columns in ``help_text``."""

    MAX_BYTES = MAX_BYTES
    help_text: Any = ""
    file = forms.FileField(label=gettext_lazy("CSV file"))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = self.help_text

    def clean_file(self) -> Any:
        f = self.cleaned_data["file"]
        if f.size > self.MAX_BYTES:
            raise forms.ValidationError(_("The file is larger than 2 MB."))
        return f
