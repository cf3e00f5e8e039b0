"""Print the keyword registry as the Markdown table of docs/intake.md, or write it there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

from amparo.intake.keywords import table_markdown

DOC = Path(settings.BASE_DIR) / "docs" / "intake.md"
START, END = "<!-- keywords:start -->\n", "<!-- keywords:end -->"


def with_table(doc: str) -> str:
    head, rest = doc.split(START, 1)
    _old, tail = rest.split(END, 1)
    return head + START + table_markdown() + END + tail


class Command(BaseCommand):
    help = "Print the keyword registry as Markdown; --write puts it into docs/intake.md."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--write", action="store_true", help="update docs/intake.md in place")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["write"]:
            DOC.write_text(with_table(DOC.read_text()))
            self.stdout.write(f"wrote {DOC}")
        else:
            self.stdout.write(table_markdown())
