"""Which languages the phone hotline speaks, and with which voice.

The voice names are the provider's (Twilio <Say> voices), kept here as data:
the domain decides which languages the keypad menu offers."""

from __future__ import annotations

from amparo.orgs.models import Organization
from amparo.texts.models import TextOverride
from amparo.texts.registry import default_text

# Twilio <Say> language and voice per language code. A language without a
# voice here is not offered on the phone (its texts are still used by SMS).
VOICES: dict[str, tuple[str, str]] = {
    "en": ("en-US", "Polly.Joanna"),
    "es": ("es-US", "Polly.Lupe"),
    "ko": ("ko-KR", "Polly.Seoyeon"),
    "zh": ("cmn-CN", "Polly.Zhiyu"),
    "zh-hans": ("cmn-CN", "Polly.Zhiyu"),  # settings.LANGUAGES' code for Chinese; Mandarin voice
    "vi": ("vi-VN", "Google.vi-VN-Standard-A"),
    "tl": ("fil-PH", "Google.fil-PH-Standard-A"),
}


def ivr_languages(org: Organization) -> list[str]:
    """The organization's languages in its order that the phone can speak: a
    voice exists, and the menu is translated (in the catalog or by an admin's
    override). Otherwise a Korean voice would read the English text. At most
    nine, one keypad digit each."""
    overridden = set(TextOverride.objects.filter(organization=org, key="ivr.menu").values_list("language", flat=True))
    english = default_text("ivr.menu", "en")
    codes = [
        c for c in org.language_codes()
        if c in VOICES and (c == "en" or c in overridden or default_text("ivr.menu", c) != english)
    ]
    return codes[:9] or ["en"]
