"""manage.py backup [-o DIR] [--keep-days N]: one encrypted backup, and the rotation."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from amparo.core.backup import BackupError, make_backup, prune


class Command(BaseCommand):
    help = ("Writes a consistent copy of the database and media, encrypted to the operator's age public key "
            "(AMPARO_BACKUP_RECIPIENT), then deletes backups older than --keep-days.")

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("-o", "--output-dir", default=str(Path(settings.DATA_DIR) / "backups"))
        parser.add_argument("--keep-days", type=int, default=settings.AMPARO_BACKUP_KEEP_DAYS,
                            help="Delete backups older than this many days (0 keeps all).")

    def handle(self, *args: Any, **options: Any) -> None:
        out_dir = Path(options["output_dir"])
        started = time.monotonic()
        try:
            result = make_backup(out_dir)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"{result.path} ({result.vendor}, {result.files} files, {result.bytes} bytes, "
                          f"{time.monotonic() - started:.1f} s)")
        if options["keep_days"] > 0:
            for old in prune(out_dir, keep_days=options["keep_days"]):
                self.stdout.write(f"deleted {old.name} (older than {options['keep_days']} days)")
