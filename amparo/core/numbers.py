from __future__ import annotations

import phonenumbers

WHATSAPP_PREFIX = "whatsapp:"


def normalize_number(raw: str | None, region: str = "US") -> str:
    """E.164 for a phone number; the input trimmed when it does not parse.

    A ``whatsapp:`` prefix is dropped: the same person on SMS and WhatsApp is
    the same caller."""
    if not raw:
        return ""
    # A NUL can never be part of a number, and PostgreSQL cannot compare text holding one.
    value = raw.replace("\x00", "").strip()
    if value.lower().startswith(WHATSAPP_PREFIX):
        value = value[len(WHATSAPP_PREFIX):]
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return value[:40]
    if not phonenumbers.is_possible_number(parsed):
        return value[:40]
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def display_number(e164: str) -> str:
    """A number as people dial it from anywhere ("+1 213-555-0100"); the input when it does not parse."""
    try:
        parsed = phonenumbers.parse(e164, None)
    except phonenumbers.NumberParseException:
        return e164
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
