"""How many SMS segments a text costs: GSM-7 when every character is in the GSM 03.38 alphabet
(160 characters, 153 per part when split), else UCS-2 (70, 67 per part; a character outside the
BMP takes two). GSM-7 has é and ñ but not á, í, ó, ú: one accent moves a Spanish text to UCS-2."""

from __future__ import annotations

from dataclasses import dataclass

GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM7_EXTENDED = frozenset("^{}\\[~]|€\f")  # each takes two septets (an escape, then the character)


@dataclass(frozen=True)
class Segments:
    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets or UTF-16 code units
    count: int


def segments(text: str) -> Segments:
    if all(c in GSM7_BASIC or c in GSM7_EXTENDED for c in text):
        units = sum(2 if c in GSM7_EXTENDED else 1 for c in text)
        return Segments("GSM-7", units, 1 if units <= 160 else -(-units // 153))
    units = sum(2 if ord(c) > 0xFFFF else 1 for c in text)
    return Segments("UCS-2", units, 1 if units <= 70 else -(-units // 67))
