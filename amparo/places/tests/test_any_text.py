"""Reports are untrusted text: nothing in them may make place extraction raise."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from amparo.places.actions import create_place
from amparo.places.extract import extract
from amparo.places.understand import understand

NASTY = st.sampled_from([
    "<script>alert(1)</script> 5th & Broadway", "مرحبا شارع 5 و برودواي", "\u202eBroadway y 5\u202c",
    "🚨🏳️‍🌈👨‍👩‍👧 la 5 y broadway", "Ch\u0061\u0301vez y Soto", "&amp; / @ + y and con at",
    "9" * 40, "1st" * 500, "\x00\ud7ff\ufffd", "ǅ Ⅻ ² ½ ９００３３ ①",
])
TEXTS = st.one_of(st.text(), st.text(alphabet=st.characters(codec="utf-8")), NASTY,
                  st.lists(st.one_of(NASTY, st.sampled_from(["y", "and", "la", "5", "90033", " ", "St", "."])))
                  .map(" ".join))


@given(TEXTS)
@settings(max_examples=300, deadline=None)
def test_it_never_raises_in_extract(text: str) -> None:
    ex = extract(text)
    for span in ex.spans:
        assert 0 <= span.start < span.end <= len(text)


@pytest.mark.django_db
@given(TEXTS)
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_it_never_raises_in_understand(north, text: str) -> None:
    u = understand(north, text)
    assert 0.0 <= u.confidence <= 1.0
    assert u.precision in {"none", "zip", "street", "place"}


def test_it_survives_odd_inputs(north) -> None:
    create_place(north, name="Plaza", aliases=["5th y Broadway"], lat=1, lon=2)
    for text in (None, 123, "", " " * 50_000, "la 5 y broadway " * 3000):
        u = understand(north, text)  # type: ignore[arg-type]
        assert u.precision in {"none", "place"}
