"""Every ``<input>`` in a template says its type. The shared stylesheet sizes text boxes by type
(``input[type=text]``: full width, 1rem type); one without a type rendered as a 170 px box in small type
on a phone (the override's reason, found by issue 13's walk), which a phone also zooms into on focus."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings

INPUT = re.compile(r"<input\b[^>]*>", re.IGNORECASE | re.DOTALL)


def test_every_input_in_a_template_has_a_type() -> None:
    root = Path(settings.BASE_DIR) / "amparo"
    templates = [p for p in root.rglob("*.html") if "templates" in p.parts]
    assert len(templates) > 50
    untyped = [f"{path.relative_to(root)}: {tag}" for path in templates
               for tag in INPUT.findall(path.read_text(encoding="utf-8")) if not re.search(r"\btype=", tag)]
    assert not untyped, "\n".join(untyped)
