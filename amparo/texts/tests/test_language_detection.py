"""Language detection on real-looking hotline messages."""

from __future__ import annotations

import pytest

from amparo.texts.language import detect_language

ALL = ["en", "es", "ko", "zh-hans", "tl", "vi", "hy"]


@pytest.mark.parametrize("text,expected", [
    ("ICE agents at the Home Depot on Figueroa, 3 white vans", "en"),
    ("they're still here, 2 people detained", "en"),
    ("is it true ice is at 5th and broadway? my cousin just saw them", "en"),
    ("hay migra en la 5 y broadway ahorita", "es"),
    ("la migra esta en el home depot de cypress park!!", "es"),
    ("se llevaron a mi esposo en la esquina de whittier y atlantic", "es"),
    ("ICE en el Home Depot de Sunset", "es"),
    ("ya se fueron", "es"),
    ("todavia estan aqui con 3 camionetas", "es"),
    ("이민국 요원들이 윌셔 거리에 있어요", "ko"),
    ("移民局的人在唐人街抓人", "zh-hans"),
    ("May mga ahente ng ICE dito sa palengke ngayon", "tl"),
    ("Có nhân viên di trú ở chợ Phước Lộc Thọ", "vi"),
    ("ՄԻԳՐԱՑԻՈՆ գործակալները այստեղ են Գլենդեյլում", "hy"),
])
def test_it_detects_the_language_of_real_looking_messages(text, expected):
    code, sure = detect_language(text, ALL, "en")
    assert (code, sure) == (expected, True)


@pytest.mark.parametrize("text", ["", "   ", "90033", "ok", "🚨🚨"])
def test_it_says_when_it_cannot_tell(text):
    code, sure = detect_language(text, ["en", "es"], "es")
    assert code == "es" and sure is False


def test_it_only_answers_with_the_organizations_languages():
    code, _ = detect_language("이민국 요원들이 윌셔 거리에 있어요", ["en", "es"], "en")
    assert code in ("en", "es")
