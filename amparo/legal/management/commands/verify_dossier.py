"""Check an evidence dossier: the manifest's signature and every file's SHA-256 (docs/dossier.md)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.legal.dossier.verify import verify_dossier


class Command(BaseCommand):
    help = "Check a dossier ZIP: prints one line per file; exits non-zero on any mismatch or a bad signature."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("zip", help="the dossier ZIP")
        parser.add_argument("--public-key", help="the organization's key (ed25519:…), from its admin page or "
                                                 "a printed summary; default: the copy inside the ZIP")

    def handle(self, *args: Any, **opts: Any) -> None:
        verdict = verify_dossier(opts["zip"], public_key=opts["public_key"])
        for line in verdict.lines:
            self.stdout.write(line)
        if opts["public_key"] is None and verdict.ok:
            self.stdout.write("Checked against the key inside the ZIP: pass --public-key to check who signed it.")
        if not verdict.ok:
            raise CommandError("The dossier does not verify.")
        self.stdout.write("The dossier verifies.")
