from __future__ import annotations

import pytest

from amparo.places.understand import zip_centroid
from amparo.verification.ranking import Candidate, Need, rank
from amparo.verification.tests.conftest import BOYLE, FAR

HERE = zip_centroid(BOYLE)
THERE = zip_centroid(FAR)
NEED = Need(zip=BOYLE, point=HERE, languages=frozenset({"es"}))


def c(pk: int, **kw):  # type: ignore[no-untyped-def]
    kw.setdefault("zips", frozenset({BOYLE}))
    kw.setdefault("points", (HERE,))
    kw.setdefault("languages", frozenset({"es"}))
    return Candidate(responder_id=pk, **kw)


@pytest.mark.parametrize("candidate,eligible", [
    (c(1), True),
    (c(1, field_eligible=False), False),
    (c(1, active=False), False),
    (c(1, available=False), False),
    (c(1, busy=True), False),
])
def test_it_filters_eligibility(candidate, eligible):  # type: ignore[no-untyped-def]
    assert bool(rank(NEED, [candidate])) is eligible


def test_it_puts_the_same_zone_first_then_distance():  # type: ignore[no-untyped-def]
    far = c(1, zips=frozenset({FAR}), points=(THERE,))
    near_other_zone = c(2, zips=frozenset({"90023"}), points=(zip_centroid("90023"),))
    same = c(3)
    order = [s.responder_id for s in rank(NEED, [far, near_other_zone, same])]
    assert order == [3, 2, 1]
    assert rank(NEED, [far])[0].distance_km > 30


def test_it_prefers_speakers_among_the_near_but_not_over_distance():  # type: ignore[no-untyped-def]
    english_here = c(1, languages=frozenset({"en"}))
    spanish_here = c(2)
    spanish_far = c(3, zips=frozenset({FAR}), points=(THERE,))
    order = [s.responder_id for s in rank(NEED, [english_here, spanish_far, spanish_here])]
    assert order == [2, 1, 3]
    assert not rank(NEED, [english_here])[0].speaks


def test_it_treats_no_language_need_as_everyone_speaks():  # type: ignore[no-untyped-def]
    assert rank(Need(zip=BOYLE, point=HERE), [c(1, languages=frozenset({"en"}))])[0].speaks


def test_it_excludes_those_already_offered():  # type: ignore[no-untyped-def]
    assert [s.responder_id for s in rank(NEED, [c(1), c(2)], exclude=[1])] == [2]


def test_it_matches_zones_drawn_as_coarser_h3_cells():  # type: ignore[no-untyped-def]
    import h3

    cell8 = h3.latlng_to_cell(*HERE, 8)
    parent = h3.cell_to_parent(cell8, 6)
    s = rank(Need(h3_r8=cell8), [c(1, zips=frozenset(), cells=frozenset({parent}), points=())])[0]
    assert s.same_zone and s.near


@pytest.mark.django_db
def test_it_loads_availability_from_the_weekly_schedule(north):  # type: ignore[no-untyped-def]
    from amparo.verification.ranking import load_candidates
    from amparo.verification.tests.conftest import T0, make_responder

    # T0 is Monday 10:00 in Los Angeles.
    on = make_responder(north, "+12135550301", on_call=False, schedule=[{"day": 0, "start": "09:00", "end": "12:00"}])
    off = make_responder(north, "+12135550302", on_call=False, schedule=[{"day": 0, "start": "12:00", "end": "13:00"}])
    avail = {cand.responder_id: cand.available for cand in load_candidates(north, T0)}
    assert avail == {on.pk: True, off.pk: False}
