"""Timestamps typed by people (import files, --since options)."""

from __future__ import annotations

from datetime import datetime, tzinfo


def parse_timestamp(value: str, tz: tzinfo) -> datetime:
    """ISO-8601 with a time: "2025-06-01T08:30:00Z", "...+02:00", "2025-06-01 08:30[:00]".

    A time without an offset is a wall-clock time in ``tz`` (the organization's zone).
    A bare date is refused: midnight is rarely what the writer meant.
    """
    text = value.strip()
    if len(text) < 16 or text[10:11] not in ("T", "t", " "):
        raise ValueError(f"not a date and time: {value!r}")
    try:
        parsed = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(f"not an ISO-8601 date and time: {value!r}")
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=tz)
    return parsed
