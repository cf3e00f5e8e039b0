"""The shared anti-pumping rule for public forms that text a number someone typed.

A form that sends an SMS to any number typed into it is an SMS-pumping tool:
a bot types premium-rate or foreign numbers and the network pays. So a form may
text a typed-in number only when all three hold:

- the number is of the organization's country (the country of its hotline numbers);
- that number got fewer than ``AMPARO_TYPED_NUMBER_TEXTS_PER_DAY`` such texts today,
  from every form together;
- the form's own daily budget across the organization is not spent
  (``AMPARO_FORM_TEXTS_PER_DAY[form]``): a flood of one form never spends another's.

Refusing to text never refuses the form: what was sent is stored either way.
"""

from __future__ import annotations

import phonenumbers
from django.conf import settings

from amparo.core.throttle import allow
from amparo.crypto.keys import keyed_hash
from amparo.orgs.models import HotlineNumber, Organization

DAY = 86400
DEFAULT_REGION = "US"


def org_region(org: Organization) -> str:
    """The organization's country: its first hotline number's (US without one)."""
    e164 = HotlineNumber.objects.filter(organization=org).order_by("pk").values_list("e164", flat=True).first()
    if e164:
        try:
            region = phonenumbers.region_code_for_number(phonenumbers.parse(e164))
        except phonenumbers.NumberParseException:
            region = None
        if region:
            return region
    return DEFAULT_REGION


def typed_number_e164(org: Organization, raw: str) -> str | None:
    """A number typed into a public form, read in the organization's country, as E.164; None when it
    is not a valid phone number (a form then asks again, with the area code)."""
    try:
        parsed = phonenumbers.parse(raw.replace("\x00", "").strip(), org_region(org))
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(parsed):
        return None
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def may_text_typed_number(org: Organization, e164: str, *, form: str) -> bool:
    """Whether ``form`` may text ``e164`` now; counts the text when it may."""
    try:
        parsed = phonenumbers.parse(e164)
    except phonenumbers.NumberParseException:
        return False
    if not phonenumbers.is_valid_number(parsed) or phonenumbers.region_code_for_number(parsed) != org_region(org):
        return False
    # The number's count first: a bot texting one number again and again spends that
    # number's budget, not the form's, so real sign-ups still get their text.
    number = keyed_hash(org.pk, "tel:" + phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164))
    if not allow(f"typed-number:{org.pk}:{number}", settings.AMPARO_TYPED_NUMBER_TEXTS_PER_DAY, DAY):
        return False
    return allow(f"typed-form:{org.pk}:{form}", settings.AMPARO_FORM_TEXTS_PER_DAY.get(form, 0), DAY)
