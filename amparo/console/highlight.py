"""A report's text with the place understood wrapped in <mark>, everything escaped."""

from __future__ import annotations

from typing import Any

from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString


def merged_spans(spans: Any, length: int) -> list[tuple[int, int]]:
    """Valid (start, end) pairs clipped to the text, overlaps joined (a street
    inside an intersection is one highlight)."""
    pairs: list[tuple[int, int]] = []
    for s in spans or ():
        try:
            start, end = int(s["start"]), int(s["end"])
        except (KeyError, TypeError, ValueError):
            continue
        start, end = max(0, start), min(length, end)
        if start < end:
            pairs.append((start, end))
    pairs.sort()
    merged: list[tuple[int, int]] = []
    for start, end in pairs:
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight_places(body: str, place_info: Any) -> SafeString:
    """Every piece of ``body`` passes through escape or format_html; the result is
    safe because its pieces are, never because the text is trusted."""
    body = body or ""
    spans = place_info.get("spans") if isinstance(place_info, dict) else None
    pieces = []
    pos = 0
    for start, end in merged_spans(spans, len(body)):
        pieces.append(escape(body[pos:start]))
        pieces.append(format_html('<mark class="place">{}</mark>', body[start:end]))
        pos = end
    pieces.append(escape(body[pos:]))
    return format_html_join("", "{}", ((p,) for p in pieces))
