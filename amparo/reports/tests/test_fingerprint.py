import pytest

from amparo.reports.fingerprint import text_fingerprint

CHAIN = "URGENT: ICE checkpoint at MacArthur Park, everyone avoid the area and share this message with family"


@pytest.mark.parametrize("variant", [
    CHAIN,
    "Fwd: " + CHAIN,
    "reenviado: " + CHAIN.upper(),
    "> " + CHAIN + " 🚨🚨",
    CHAIN.replace(",", "!!") + " pásalo",
])
def test_it_gives_a_chain_message_and_its_copies_one_fingerprint(north, variant):
    assert text_fingerprint(north.pk, variant) == text_fingerprint(north.pk, CHAIN) != ""


@pytest.mark.parametrize("other", [
    "ICE agents detaining two men at the car wash on Vermont and Beverly right now",
    "la migra esta en el swap meet de paramount, se llevaron a tres personas",
    "ICE checkpoint at Mariachi Plaza, everyone avoid the area and share this message with family",
])
def test_it_tells_different_reports_apart(north, other):
    assert text_fingerprint(north.pk, other) != text_fingerprint(north.pk, CHAIN)


def test_short_texts_have_none(north):
    assert text_fingerprint(north.pk, "ICE here now!!") == ""
