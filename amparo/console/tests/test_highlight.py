from __future__ import annotations

from amparo.console.highlight import highlight_places, merged_spans


def test_it_marks_the_place_and_escapes_the_rest():
    body = "<b>ICE</b> at 5th & Main"
    html = str(highlight_places(body, {"spans": [{"start": 14, "end": 24, "kind": "intersection"}]}))
    assert html == '&lt;b&gt;ICE&lt;/b&gt; at <mark class="place">5th &amp; Main</mark>'


def test_it_escapes_markup_inside_a_highlight():
    body = "at <script>alert(1)</script>"
    html = str(highlight_places(body, {"spans": [{"start": 3, "end": 28}]}))
    assert "<script>" not in html and '<mark class="place">&lt;script&gt;' in html


def test_it_joins_overlapping_spans_and_drops_bad_ones():
    spans = [{"start": 0, "end": 5}, {"start": 3, "end": 8}, {"start": 20, "end": 10}, {"start": "x", "end": 2},
             {"start": 50, "end": 90}, {"end": 3}]
    assert merged_spans(spans, 60) == [(0, 8), (50, 60)]


def test_it_handles_reports_without_place_info():
    assert str(highlight_places("a < b", None)) == "a &lt; b"
    assert str(highlight_places("", {"spans": []})) == ""
