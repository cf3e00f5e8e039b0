"""`zipcodes` is only called with five ASCII digits, and what it raises never escapes."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
import zipcodes
from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.places import zips
from amparo.places.extract import PLACE_TEXT_CHARS, extract
from amparo.places.normalize import canon, is_zip
from amparo.places.understand import understand, zip_centroid

HOSTILE_ZIPS = ["٩٠٠١٢", "²0012", "9001", "900120", "90012\n", " 90012", "９００１２", "", "\x00" * 5, "9" * 4301]


def test_it_reads_real_zips() -> None:
    assert zips.is_real_zip("90012") and is_zip("90033")
    assert not zips.is_real_zip("00000")
    assert zips.state_rows("CA")
    assert zip_centroid("90012") is not None


@pytest.mark.parametrize("value", HOSTILE_ZIPS)
def test_it_never_passes_anything_but_five_ascii_digits(value: str, monkeypatch) -> None:
    calls: list[str] = []
    real = zipcodes.matching
    monkeypatch.setattr(zipcodes, "matching", lambda z, zips=None: calls.append(z) or real(z, zips))
    zips._rows.cache_clear()
    assert not zips.is_real_zip(value) and not is_zip(value)
    assert zip_centroid(value) is None
    assert calls == []


def test_a_panic_of_the_extension_is_no_zip_but_an_interrupt_goes_on(monkeypatch) -> None:
    class PanicException(BaseException):  # the name pyo3 gives its Rust panics
        pass

    def panic(zip_code: str, zips: object = None) -> list:
        raise PanicException("end byte index 5 is not a char boundary")

    monkeypatch.setattr(zipcodes, "matching", panic)
    zips._rows.cache_clear()
    assert zips.zip_rows("12345") == ()

    def interrupt(zip_code: str, zips: object = None) -> list:
        raise KeyboardInterrupt

    monkeypatch.setattr(zipcodes, "matching", interrupt)
    zips._rows.cache_clear()
    with pytest.raises(KeyboardInterrupt):
        zips.zip_rows("12346")
    zips._rows.cache_clear()


def test_nothing_but_a_zip_becomes_a_cache_key() -> None:
    zips._rows.cache_clear()
    for value in HOSTILE_ZIPS + ["9" * 1_000_000]:
        zips.is_real_zip(value)
    assert zips._rows.cache_info().currsize == 0


def test_the_state_door_takes_two_capital_letters_only() -> None:
    for value in ["", "ca", "C٣", "CAL", "\x00\x00"]:
        assert zips.state_rows(value) == ()


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=8) | st.text(alphabet=st.sampled_from(list("0123456789٩٠١٢²９")), min_size=4, max_size=6))
def test_any_text_is_a_zip_or_not_and_never_raises(value: str) -> None:
    if zips.is_real_zip(value):
        assert len(value) == 5 and all(c in "0123456789" for c in value)


def test_only_the_zips_module_imports_zipcodes() -> None:
    root = Path(__file__).resolve().parents[2]
    importers = []
    for path in root.rglob("*.py"):
        if "tests" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import)
                     else [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(n == "zipcodes" or n.startswith("zipcodes.") for n in names):
                importers.append(str(path.relative_to(root.parent)))
    assert importers == ["amparo/places/zips.py"]


# -- digit runs: int() raises past 4,300 digits ---------------------------------------------------

def test_a_long_run_of_digits_is_a_number_without_int() -> None:
    assert canon("0042") == ("42", False)
    assert canon("0000") == ("0", False)
    assert canon("9" * 5000) == ("9" * 5000, False)
    assert canon("٣") == ("٣", False)  # not a number here: ASCII digits only


@pytest.mark.parametrize("run", [4300, 4301, 5000, 7000])
def test_a_report_with_a_long_digit_run_is_understood(north, run: int) -> None:
    text = "ICE at 5th and Broadway 90013 call " + "7" * run
    ex = extract(text)
    assert ex.zips == ["90013"]
    u = understand(north, text)
    assert u.zip == "90013"


def test_place_understanding_reads_the_head_of_the_text_only(north) -> None:
    pad = "x" * (PLACE_TEXT_CHARS - 20)
    assert understand(north, pad[:100] + " ICE in 90013").zip == "90013"
    assert understand(north, pad + " " * 30 + "ICE in 90013").zip == ""
