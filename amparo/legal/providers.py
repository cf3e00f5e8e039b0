"""Legal aid providers: what an admin may do with them, and the attorneys tied to them.

Admins add, edit, deactivate and import providers (``/manage/providers/``,
``manage.py import_providers``); there is no self-signup. An attorney joins
through the ordinary invitation, for which the admin chose a provider
(``invite_attorney``): accepting it ties the new member to that provider.

The provider's contact phone is encrypted and matched by keyed hash
(``tel:`` + E.164, as a caller's number is), which is how an SMS reply
("TAKE C12") finds its provider.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import IO, Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amparo.accounts.actions import invite_member
from amparo.accounts.models import Invitation, User
from amparo.audit.log import audit
from amparo.core.csv_import import ImportResult, import_csv
from amparo.core.parse import ascii_int
from amparo.crypto.keys import keyed_hash
from amparo.legal.models import AttorneyInvitation, CaseType, Provider, ProviderAttorney
from amparo.orgs.models import Membership, Organization, Role

MAX_CAPACITY = 10_000
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:[-_][a-z]{2,4})?", re.ASCII)
CSV_COLUMNS = ("name", "counties", "languages", "case_types", "capacity", "phone", "email")


class ProviderError(Exception):
    """A provider's values cannot be saved; the message says why, in the user's language."""


@dataclass
class ProviderValues:
    name: str
    counties: list[str]
    languages: list[str]
    case_types: list[str]
    capacity: int
    phone: str  # E.164 or ""
    email: str


def split_list(raw: str | list[str] | None) -> list[str]:
    """"Los Angeles | Orange" or lines -> ["Los Angeles", "Orange"] (empty parts dropped, order kept, once each)."""
    items = raw if isinstance(raw, list) else re.split(r"[|\n;]", raw or "")
    seen: list[str] = []
    for item in items:
        value = " ".join(str(item).split())
        if value and value.casefold() not in {s.casefold() for s in seen}:
            seen.append(value)
    return seen


def county_key(county: str | None) -> str:
    """How counties are compared: "Los Angeles County" and "los angeles" are one county."""
    value = " ".join((county or "").casefold().split())
    return value.removesuffix(" county").strip()


def clean_phone(raw: str) -> str:
    raw = (raw or "").strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, "US")
    except phonenumbers.NumberParseException as exc:
        raise ProviderError(_("This is not a phone number.")) from exc
    if not phonenumbers.is_valid_number(number):
        raise ProviderError(_("This is not a valid phone number."))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def clean_values(*, name: str | None, counties: Any, languages: Any, case_types: Any, capacity: Any,
                 phone: str | None, email: str | None) -> ProviderValues:
    """Check and normalize one provider's values (form or CSV row); raises ProviderError."""
    name = " ".join((name or "").split())
    if not name:
        raise ProviderError(_("A provider needs a name."))
    if len(name) > 200:
        raise ProviderError(_("The name is longer than 200 characters."))
    county_list = split_list(counties)
    if any(len(c) > 100 for c in county_list):
        raise ProviderError(_("A county name is longer than 100 characters."))
    language_list = [lang.lower().replace("_", "-") for lang in split_list(languages)]
    bad = [lang for lang in language_list if not _LANGUAGE.fullmatch(lang)]
    if bad:
        raise ProviderError(_("Unknown language code: %(codes)s (use codes such as en, es, ko).")
                            % {"codes": ", ".join(bad)})
    type_list = [t.lower() for t in split_list(case_types)]
    bad = [t for t in type_list if t not in CaseType.values]
    if bad:
        raise ProviderError(_("Unknown case type: %(types)s (use %(known)s).")
                            % {"types": ", ".join(bad), "known": ", ".join(CaseType.values)})
    cap = capacity if isinstance(capacity, int) else ascii_int(str(capacity or "").strip() or "0", max_digits=5)
    if cap is None or cap < 0 or cap > MAX_CAPACITY:
        raise ProviderError(_("The capacity is a whole number of open cases, from 0 to %(max)d.")
                            % {"max": MAX_CAPACITY})
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError as exc:
            raise ProviderError(_("This is not an e-mail address.")) from exc
    return ProviderValues(name, county_list, language_list, type_list, cap, clean_phone(phone or ""), email)


def _apply(provider: Provider, values: ProviderValues) -> None:
    provider.name = values.name
    provider.counties = values.counties
    provider.languages = values.languages
    provider.case_types = values.case_types
    provider.capacity = values.capacity
    provider.contact_phone = values.phone or None
    provider.contact_phone_hash = keyed_hash(provider.organization_id, "tel:" + values.phone) if values.phone else ""
    provider.contact_email = values.email or None


def _save(provider: Provider) -> None:
    try:
        with transaction.atomic():
            provider.save()
    except IntegrityError as exc:
        raise ProviderError(_("Another provider already has this name.")) from exc


def create_provider(org: Organization, values: ProviderValues, *, actor: Any) -> Provider:
    provider = Provider(organization=org)
    _apply(provider, values)
    _save(provider)
    audit(org.pk, action="change", object_type="legal_provider", object_ids=[provider.pk], actor=actor)
    return provider


def update_provider(provider: Provider, values: ProviderValues, *, actor: Any) -> Provider:
    _apply(provider, values)
    _save(provider)
    audit(provider.organization_id, action="change", object_type="legal_provider", object_ids=[provider.pk],
          actor=actor)
    return provider


def set_provider_active(provider: Provider, active: bool, *, actor: Any) -> Provider:
    """Deactivate (or reactivate) a provider: an inactive one is never proposed nor referred to, and its
    attorneys see nothing new. Its accepted cases stay with it."""
    provider.is_active = active
    provider.save(update_fields=["is_active"])
    audit(provider.organization_id, action="change", object_type="legal_provider", object_ids=[provider.pk],
          actor=actor, reason="reactivated" if active else "deactivated")
    return provider


def import_providers(org: Organization, fileobj: IO[Any], *, actor: Any = None) -> ImportResult:
    """Create or update providers from a CSV (name, counties, languages, case_types, capacity, phone, email).

    Lists inside a cell are separated by ``|``. A provider is matched by name, so importing a file again
    updates instead of duplicating. Bad rows are reported by line number and skipped; good rows are kept,
    each in its own transaction."""
    existing = {p.name.casefold(): p for p in Provider.objects.filter(organization=org)}

    def import_row(row: dict[str, str]) -> bool:
        values = clean_values(**{c: row.get(c, "") for c in CSV_COLUMNS})
        provider = existing.get(values.name.casefold())
        if provider is None:
            existing[values.name.casefold()] = create_provider(org, values, actor=actor)
            return True
        update_provider(provider, values, actor=actor)
        return False

    return import_csv(fileobj, import_row, bad_row=(ProviderError,))


def invite_attorney(provider: Provider, *, email: str, invited_by: Any) -> tuple[Invitation, str]:
    """Invite ``email`` as an attorney of ``provider`` through the ordinary invitation."""
    if not provider.is_active:
        raise ValidationError(_("This provider is deactivated."))
    with transaction.atomic():
        invitation, token = invite_member(provider.organization, email=email, role=Role.ATTORNEY,
                                          invited_by=invited_by)
        AttorneyInvitation.objects.create(organization_id=provider.organization_id, invitation=invitation,
                                          provider=provider)
    return invitation, token


def tie_attorney(*, invitation: Invitation, user: User, **_kwargs: Any) -> None:
    """``invitation_accepted`` receiver: an attorney's invitation ties the new member to its provider."""
    if invitation.role != Role.ATTORNEY:
        return
    chosen = AttorneyInvitation.objects.filter(organization_id=invitation.organization_id,
                                               invitation=invitation).first()
    if chosen is None:
        return
    ProviderAttorney.objects.update_or_create(organization_id=invitation.organization_id, user=user,
                                              defaults={"provider_id": chosen.provider_id})
    audit(invitation.organization_id, action="change", object_type="legal_provider_attorney",
          object_ids=[user.pk], actor=user, reason=f"provider {chosen.provider_id}")


def attorney_provider(org: Organization, user: Any) -> Provider | None:
    """The active provider ``user`` is an active attorney of, in ``org``; None otherwise."""
    if not getattr(user, "is_authenticated", False):
        return None
    if not Membership.objects.filter(organization=org, user_id=user.pk, role=Role.ATTORNEY, is_active=True).exists():
        return None
    link = (ProviderAttorney.objects.filter(organization=org, user_id=user.pk, provider__is_active=True)
            .select_related("provider").first())
    return link.provider if link else None
