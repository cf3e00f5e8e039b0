"""ASCII digits only, with a length bound: the numbers every door reads."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from amparo.core.parse import ID_DIGITS, ascii_int, is_ascii_digits

UNICODE_DIGITS = ["²", "³", "¹", "٣", "۳", "९", "০", "๓", "０", "９", "𝟗", "①", "½", "Ⅻ", "߃", "᠓"]


def test_it_reads_ascii_digits() -> None:
    assert ascii_int("0") == 0
    assert ascii_int("42") == 42
    assert ascii_int("007") == 7
    assert ascii_int("9" * 9) == 999_999_999
    assert ascii_int("9" * ID_DIGITS, max_digits=ID_DIGITS) == 10**ID_DIGITS - 1


def test_it_refuses_everything_else() -> None:
    for value in [None, "", " 1", "1 ", "1\n", "-1", "+1", "1_000", "1.0", "1e3", "0x1", "\x00", "1\x00",
                  "9" * 10, "9" * 4301, *UNICODE_DIGITS, "٩٠٠١٢", "1²"]:
        assert ascii_int(value) is None, value
        if value is None or not value.startswith("9"):
            assert not is_ascii_digits(value, max_digits=5000), value


def test_max_digits_bounds_the_run() -> None:
    assert ascii_int("12", max_digits=2) == 12
    assert ascii_int("123", max_digits=2) is None
    assert is_ascii_digits("9" * 4301, max_digits=5000)
    assert not is_ascii_digits("9" * 4301, max_digits=4300)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("0123456789") + UNICODE_DIGITS + [" ", "-", "_", "\x00"]), max_size=12)
       | st.text(max_size=12))
def test_it_is_int_on_ascii_digits_and_none_otherwise(value: str) -> None:
    result = ascii_int(value, max_digits=10)
    if value and len(value) <= 10 and all(c in "0123456789" for c in value):
        assert result == int(value)
    else:
        assert result is None
