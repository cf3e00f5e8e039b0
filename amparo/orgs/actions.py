"""State changes of organizations: creation, hotline numbers, zones, settings.

Each change an admin makes writes an audit entry, whether it comes from
/manage/ or a management command."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from amparo.audit.log import audit
from amparo.crypto.keys import create_org_keys
from amparo.orgs.models import HotlineNumber, Organization, Zone


@transaction.atomic
def create_organization(*, slug: str, name: str, default_language: str = "en",
                        languages: list[str] | None = None, time_zone: str = "America/Los_Angeles",
                        twilio_auth_token: str = "", twilio_account_sid: str = "") -> Organization:
    org = Organization.objects.create(
        slug=slug, name=name, default_language=default_language,
        languages=languages or ["en", "es"], time_zone=time_zone,
        twilio_account_sid=twilio_account_sid,
    )
    create_org_keys(org.pk)
    if twilio_auth_token:
        org.twilio_auth_token = twilio_auth_token
        org.save(update_fields=["twilio_auth_token"])
    return org


# Organization fields an admin may change from the settings page.
SETTINGS_FIELDS = (
    "name", "default_language", "languages", "time_zone",
    "correlation_window_minutes", "correlation_distance_m", "conversation_minutes",
    "auto_close_hours", "vague_idle_hours",
    "flood_text_numbers", "flood_text_minutes", "flood_caller_messages", "flood_caller_minutes",
    "flood_hold_minutes", "place_abbreviations", "address_grid",
    "replies_per_caller_per_hour",
    "map_tile_url", "map_attribution", "twilio_account_sid",
)


def add_hotline_number(org: Organization, *, e164: str, label: str = "", sms: bool = True,
                       voice: bool = True, whatsapp: bool = False, actor: Any,
                       actor_label: str = "") -> HotlineNumber:
    """A number belongs to one organization on the whole platform: inbound
    messages are routed to an organization by the number they were sent to.
    ``actor_label`` names a command when no member acts (``create_org``)."""
    try:
        with transaction.atomic():
            number = HotlineNumber.objects.create(
                organization=org, e164=e164, label=label, sms=sms, voice=voice, whatsapp=whatsapp
            )
    except IntegrityError:
        raise ValidationError(_("This number is already in use on this platform."))
    audit(org.pk, action="change", object_type="hotline_number", object_ids=[number.pk], actor=actor,
          actor_label=actor_label)
    return number


def update_hotline_number(number: HotlineNumber, *, label: str, sms: bool, voice: bool, whatsapp: bool,
                          actor: Any) -> HotlineNumber:
    number.label, number.sms, number.voice, number.whatsapp = label, sms, voice, whatsapp
    number.save(update_fields=["label", "sms", "voice", "whatsapp"])
    audit(number.organization_id, action="change", object_type="hotline_number", object_ids=[number.pk],
          actor=actor)
    return number


def remove_hotline_number(number: HotlineNumber, *, actor: Any) -> None:
    pk, org_id = number.pk, number.organization_id
    number.delete()
    audit(org_id, action="delete", object_type="hotline_number", object_ids=[pk], actor=actor)


def save_zone(org: Organization, *, zone: Zone | None = None, name: str, zips: list[str],
              h3_cells: list[str], actor: Any) -> Zone:
    """Create a zone (``zone`` None) or replace an existing zone's definition."""
    if zone is None:
        zone = Zone(organization=org)
    elif zone.organization_id != org.pk:
        raise ValueError("zone of another organization")
    zone.name, zone.zips, zone.h3_cells = name, zips, h3_cells
    try:
        with transaction.atomic():
            zone.save()
    except IntegrityError:
        raise ValidationError(_("A zone with this name exists already."))
    audit(org.pk, action="change", object_type="zone", object_ids=[zone.pk], actor=actor)
    return zone


def delete_zone(zone: Zone, *, actor: Any) -> None:
    pk, org_id = zone.pk, zone.organization_id
    zone.delete()
    audit(org_id, action="delete", object_type="zone", object_ids=[pk], actor=actor)


def update_org_settings(org: Organization, *, values: dict[str, Any], twilio_auth_token: str = "",
                        actor: Any) -> Organization:
    """Set the settings in ``values``; a blank ``twilio_auth_token`` keeps the current one."""
    changed = [f for f in SETTINGS_FIELDS if f in values and getattr(org, f) != values[f]]
    for f in changed:
        setattr(org, f, values[f])
    if twilio_auth_token:
        org.twilio_auth_token = twilio_auth_token
        changed.append("twilio_auth_token")
    if changed:
        org.save(update_fields=changed)
        # The field names, never the values: the token is a secret.
        audit(org.pk, action="change", object_type="organization", object_ids=[org.pk], actor=actor,
              reason="fields: " + ", ".join(changed))
    return org
