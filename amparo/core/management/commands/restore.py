"""manage.py restore FILE --identity KEYFILE: put a backup back, after checking every file."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.core.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = ("Restores the database and media from an encrypted backup, with the operator's age private key "
            "(a file holding AGE-SECRET-KEY-...). Replaces the configured database: stop web and workers first.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("backup")
        parser.add_argument("--identity", required=True, help="File with the operator's age private key.")
        parser.add_argument("--yes", action="store_true", help="Do not ask for confirmation.")

    def handle(self, *args: Any, **options: Any) -> None:
        backup = Path(options["backup"])
        if not backup.is_file():
            raise CommandError(f"{backup} does not exist")
        if not options["yes"]:
            answer = input("This replaces the database and media with the backup's. Type 'restore' to go on: ")
            if answer.strip() != "restore":
                raise CommandError("nothing was changed")
        identity = Path(options["identity"]).read_text()
        started = time.monotonic()
        try:
            result = restore_backup(backup, identity)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"restored {backup.name}: {result['vendor']} database and {result['files'] - 1} media "
                          f"files from {result['created_at']} in {time.monotonic() - started:.1f} s")
