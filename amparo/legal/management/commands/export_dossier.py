"""Export an incident's or a case's evidence dossier as a ZIP (docs/dossier.md)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.legal.dossier.archive import Outcome, iter_dossier
from amparo.legal.dossier.collect import case_subject, incident_subject
from amparo.legal.dossier_selectors import case_in, incident_in
from amparo.orgs.models import Organization


class Command(BaseCommand):
    help = "Write the evidence dossier of an incident or a case (signed manifest, PDF summary, chain of custody)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--org", required=True, help="organization slug")
        which = parser.add_mutually_exclusive_group(required=True)
        which.add_argument("--incident", type=int, help="incident number (#N)")
        which.add_argument("--case", help="case number (N or CN)")
        parser.add_argument("-o", "--output", required=True, help="the ZIP file to write")
        parser.add_argument("--language", default=None, help="language of the PDF (default: the organization's)")

    def handle(self, *args: Any, **opts: Any) -> None:
        org = Organization.objects.filter(slug=opts["org"]).first()
        if org is None:
            raise CommandError(f"No organization with slug {opts['org']!r}")
        if opts["incident"] is not None:
            incident = incident_in(org, opts["incident"])
            if incident is None:
                raise CommandError(f"No incident #{opts['incident']} in {org.slug}")
            subject = incident_subject(org, incident)
        else:
            case = case_in(org, opts["case"])
            if case is None:
                raise CommandError(f"No case {opts['case']} in {org.slug}")
            subject = case_subject(org, case)
        path = Path(opts["output"])
        partial = path.with_name(path.name + ".partial")
        outcome = Outcome()
        try:
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)  # decrypted evidence: owner only
            with os.fdopen(fd, "wb") as f:
                for piece in iter_dossier(subject, actor_label="export_dossier",
                                          language=opts["language"] or org.default_language, outcome=outcome):
                    f.write(piece)
            partial.replace(path)
        finally:
            partial.unlink(missing_ok=True)
        for checked in outcome.files:
            state = "ok" if checked.matches else "CHANGED SINCE UPLOAD" if checked.sha256_now else "MISSING"
            self.stdout.write(f"{state:22} {checked.item.path}")
        self.stdout.write(f"Wrote {path} ({len(outcome.files)} files). Public key: {outcome.public_key}")
        if outcome.altered:
            raise CommandError(f"{len(outcome.altered)} file(s) no longer match the SHA-256 recorded at upload")
