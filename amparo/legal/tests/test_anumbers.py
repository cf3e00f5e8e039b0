from datetime import date

import pytest

from amparo.legal.anumbers import BadANumber, name_dob_hash, name_key, normalize_a_number


@pytest.mark.parametrize("raw,nine", [
    ("A123456789", "123456789"), ("a-123-456-789", "123456789"), ("123 456 789", "123456789"),
    ("A12345678", "012345678"), ("12-345-678", "012345678"), ("A# 123.456.789", "123456789"), ("", ""),
])
def test_it_normalizes_to_nine_digits(raw, nine):
    assert normalize_a_number(raw) == nine


@pytest.mark.parametrize("raw", ["1234567", "1234567890", "A12345678X", "١٢٣٤٥٦٧٨٩", "123456789" * 5, "B123456789"])
def test_it_refuses_what_is_not_an_a_number(raw):
    with pytest.raises(BadANumber) as e:
        normalize_a_number(raw)
    assert "8 or 9 digits" in str(e.value.message)


def test_names_meet_across_spellings(north):
    assert name_key("  José   GARCÍA ") == "jose garcia"
    dob = date(1990, 1, 2)
    assert name_dob_hash(north.pk, "José García", dob) == name_dob_hash(north.pk, "jose garcia", dob)
    assert name_dob_hash(north.pk, "José García", None) == ""
