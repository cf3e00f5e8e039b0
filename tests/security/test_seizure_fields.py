"""The seizure drill, kept honest (issue 6, item 8).

Every database column that can hold text is either encrypted with the
organization's key, a keyed hash, or listed below as clear with the reason;
and docs/security.md ("What a seizure reveals") names every clear and hashed
column. A new personal field cannot slip in unencrypted without someone
adding it here and to the document. Numbers, dates, flags and foreign keys
hold no text and are not listed.
"""

from __future__ import annotations

from pathlib import Path

from django.apps import apps
from django.db import models

from amparo.crypto.fields import _EncryptedMixin

DOC = Path(__file__).resolve().parents[2] / "docs" / "security.md"
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.BinaryField,
               models.GenericIPAddressField, models.FileField)

# HMAC-SHA256 under the organization's hash key: matches a number, reveals nothing without the key.
HASHED = {
    "reports.Report.caller_hash", "reports.OptOut.caller_hash", "messaging.OutboundMessage.to_hash",
    "voice.Call.caller_hash", "voice.DutyStatus.phone_hash", "verification.Responder.phone_hash",
    "volunteers.Applicant.phone_hash",
    "incidents.IncidentKey.key", "reports.Report.text_fingerprint", "blocklist.BlockedNumber.number_hash",
    # SHA-256 of a random secret shown once (not guessable, so a plain hash suffices).
    "accounts.Invitation.token_hash", "amparo_api.ApiToken.token_hash",
    # SHA-256 of a stored file: identifies a known file, reveals nothing of an unknown one.
    "reports.ReportMedia.sha256", "verification.Evidence.sha256",
    # Legal aid: a second call finds the person (A-number, name plus date of birth); replies find their case.
    "legal.Person.a_number_hash", "legal.Person.name_dob_hash", "legal.EmergencyContact.phone_hash",
    "legal.Provider.contact_phone_hash",
    # Alerts: a subscriber's number, and the numbers a correction goes to (each once).
    "alerts.Subscriber.phone_hash", "alerts.CorrectionRecipient.phone_hash",
}

_CODE = "a code from a fixed list (channel, status, kind, role, language)"
_ORG = "the organization's own configuration, public or shared with all its members"
CLEAR = {
    **{f: _CODE for f in (
        "orgs.Membership.role", "crypto.OrgKey.purpose", "accounts.Invitation.role", "audit.AuditEntry.action",
        "audit.AuditEntry.object_type", "places.Place.kind", "reports.Report.channel", "reports.Report.language",
        "reports.Report.route", "reports.Report.pending", "reports.Report.sender", "reports.Report.geo_precision", "reports.ReportMedia.content_type",
        "reports.ReportMedia.status", "incidents.Incident.kind", "incidents.Incident.status",
        "incidents.Incident.place_kind", "incidents.Incident.geo_precision", "incidents.IncidentKey.kind",
        "incidents.IncidentEvent.kind", "messaging.OutboundMessage.channel", "messaging.OutboundMessage.kind",
        "messaging.OutboundMessage.status", "messaging.OutboundMessage.error_code", "messaging.MessageStatusEvent.status",
        "messaging.MessageStatusEvent.error_code", "messaging.CannedReply.language",
        "messaging.CannedReplySeed.language", "voice.Call.direction", "voice.Call.language", "voice.Call.option",
        "voice.Call.state", "voice.Call.dial_status", "voice.Call.end_status", "verification.Dispatch.status",
        "verification.Dispatch.language", "verification.Offer.status", "verification.Offer.outcome",
        "verification.Offer.agency", "verification.Evidence.kind", "verification.Evidence.content_type",
        "mfa.Authenticator.type", "texts.TextOverride.language", "contenttypes.ContentType.app_label",
        "contenttypes.ContentType.model", "auth.Permission.name", "auth.Permission.codename", "auth.Group.name",
        "verification.Responder.languages", "verification.Responder.training", "retention.OrgRetention.mode", "retention.PurgedIncident.mode",
        "texts.TextOverride.key", "messaging.CannedReply.key", "messaging.WhatsAppTemplate.key",
        "messaging.WhatsAppTemplate.language", "audit.AuditAlert.kind", "reports.OptOut.sender",
        "volunteers.Shift.kind", "volunteers.ShiftSignup.status",
        "core.Heartbeat.name", "legal.FamilyMessage.direction", "legal.FamilyHearingReminder.kind",
        "volunteers.CertificationKind.code", "volunteers.CertificationKind.required_for_roles",
        "volunteers.Training.language", "volunteers.TrainingSeat.via",
    )},
    **{f: _ORG for f in (
        "orgs.Organization.place_abbreviations", "orgs.Organization.address_grid",
        "volunteers.CertificationKind.name", "volunteers.Certification.note",
        "orgs.Organization.slug", "orgs.Organization.name", "orgs.Organization.default_language",
        "orgs.Organization.languages", "orgs.Organization.time_zone", "orgs.Organization.map_tile_url",
        "orgs.Organization.map_attribution", "orgs.Organization.twilio_account_sid", "orgs.HotlineNumber.e164",
        "alerts.AlertSettings.messaging_service_sid",
        "orgs.HotlineNumber.label", "orgs.Zone.name", "orgs.Zone.zips", "orgs.Zone.h3_cells",
        "texts.TextOverride.text", "messaging.CannedReply.text", "messaging.OutboundMessage.from_number",
        "messaging.WhatsAppTemplate.content_sid", "messaging.WhatsAppTemplate.body_preview",
        "messaging.OutboundMessage.content_sid",
    )},
    # Coarse places: a ZIP code or an H3 cell (about 0.7 km²) of a report, an incident, a call.
    **{f: "coarse location, the verified fact an incident is about" for f in (
        "places.Place.zip", "places.Place.h3_r8", "reports.Report.zip", "reports.Report.h3_r8",
        "incidents.Incident.zip", "incidents.Incident.h3_r8", "voice.Call.zip", "incidents.Incident.flood_key",
    )},
    **{f: "a provider's or our random identifier: links to Twilio's records, which are deleted after storing"
       for f in ("reports.Report.provider_id", "messaging.OutboundMessage.provider_id", "voice.Call.call_sid",
                 "voice.Call.recording_sid", "messaging.MessageStatusEvent.key")},
    **{f: "a random file name; the file's bytes are encrypted" for f in (
        "reports.ReportMedia.stored_name", "verification.Evidence.stored_name")},
    **{f: "audit entry: ids and labels, never content" for f in (
        "audit.AuditEntry.actor_label", "audit.AuditEntry.object_id", "audit.AuditEntry.reason",
        "incidents.IncidentEvent.actor_label", "audit.AuditAlert.actor_label")},
    "messaging.OutboundMessage.content_variables": "WhatsApp template variables: the incident reference only",
    **{f: _CODE for f in (
        "legal.Case.case_type", "legal.Case.status", "legal.CaseEvent.kind", "legal.CaseEvent.status",
        "legal.Person.language", "legal.EmergencyContact.language", "legal.Consent.purpose", "legal.Consent.method",
        "legal.Referral.status", "legal.HearingReminder.kind", "legal.ClosedCaseCount.case_type",
        "legal.ClosedCaseCount.outcome")},
    **{f: "public information: detention facilities and courts, legal aid providers the network works with" for f in (
        "legal.Facility.name", "legal.Facility.address", "legal.Facility.county", "legal.Facility.phone",
        "legal.Hearing.court", "legal.Provider.name", "legal.Provider.counties", "legal.Provider.languages",
        "legal.Provider.case_types")},
    **{f: _CODE for f in (
        "alerts.Subscriber.language", "alerts.Subscriber.status", "alerts.SubscriberConsent.event",
        "alerts.SubscriberConsent.channel", "alerts.Alert.kind", "alerts.Alert.status", "alerts.AlertBatch.status",
        "alerts.AlertDelivery.language", "alerts.AlertDelivery.status", "alerts.AlertDelivery.error_code",
        "alerts.Correction.status", "alerts.CorrectionRecipient.sender", "alerts.CorrectionRecipient.status")},
    "alerts.SubscriberArea.zip": "the ZIP a subscriber hears about: coarse; the number beside it is encrypted",
    "alerts.Alert.texts": "an alert's text per language, sent to every subscriber alike: structured fields only",
    **{f: "a provider's identifier for one text: links to Twilio's records" for f in (
        "alerts.AlertDelivery.provider_id", "alerts.CorrectionRecipient.provider_id")},
    "legal.Referral.reason": "why the match proposed a provider: county, language, case type, capacity (no names)",
    "legal.ClosedCaseCount.county": "the count a purged case leaves: a county, no person",
    "incidents.IncidentEvent.data": "timeline facts: ids, statuses, counts (no report text, no numbers)",
    "incidents.Incident.status_reason": "a dispatcher's short reason for a status; the console asks for no names",
    # Members' accounts: the email is the login identifier, so it cannot be encrypted per organization.
    "accounts.User.email": "a member's login identifier",
    "accounts.User.first_name": "unused (empty); Django's user model",
    "accounts.User.last_name": "unused (empty); Django's user model",
    "accounts.User.display_name": "a member's chosen name, shown to their organization",
    "accounts.User.password": "a salted PBKDF2 hash",
    "accounts.User.session_salt": "random; rotating it ends the member's sessions",
    "accounts.Invitation.email": "the invited member's login identifier",
    "account.EmailAddress.email": "allauth's copy of the login identifier",
    "account.EmailConfirmation.key": "random, unused (no email verification)",
    "mfa.Authenticator.data": "TOTP secret encrypted by allauth with SECRET_KEY; WebAuthn public keys",
    "crypto.OrgKey.wrapped": "the organization's keys, encrypted by the master key (not in the database)",
    "sessions.Session.session_key": "random",
    "sessions.Session.session_data": "signed session: user id, chosen organization, MFA time; no address",
    "admin.LogEntry.object_id": "platform admin's change log: ids",
    "admin.LogEntry.object_repr": "platform admin's change log: str() of organizations, members (emails)",
    "admin.LogEntry.change_message": "platform admin's change log: field names changed",
    "amparo_api.ApiToken.name": "a label the member gives the token",
    "voice.DutyStatus.schedule": "weekly hours a dispatcher is on duty",
    "verification.Responder.schedule": "weekly hours a responder is available",
    **{f: "a volunteer sign-up's codes from fixed lists (languages, availability, interests, skills, status)"
       for f in ("volunteers.Applicant.languages", "volunteers.Applicant.language", "volunteers.Applicant.status",
                 "volunteers.Applicant.availability", "volunteers.Applicant.interests",
                 "volunteers.Applicant.skills")},
    "volunteers.Applicant.zip": "a volunteer's ZIP code: coarse, matched to the zones; the name beside it is encrypted",
    "volunteers.Applicant.submission": "the sign-up form's random nonce",
}


def text_fields() -> list[tuple[str, models.Field]]:
    found = []
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.concrete_fields:
            if isinstance(field, _EncryptedMixin) or isinstance(field, TEXT_FIELDS):
                found.append((f"{model._meta.label}.{field.name}", field))
    return found


def test_it_knows_every_text_column():
    unlisted = [name for name, field in text_fields()
                if not isinstance(field, _EncryptedMixin) and name not in HASHED and name not in CLEAR]
    assert not unlisted, (
        "columns neither encrypted, hashed nor declared clear (encrypt them, or add them with a reason to "
        f"tests/security/test_seizure_fields.py and docs/security.md): {unlisted}")


def test_it_keeps_the_document_in_step():
    doc = DOC.read_text()
    section = doc.split("## What a seizure reveals", 1)
    assert len(section) == 2, "docs/security.md has no 'What a seizure reveals' section"
    body = section[1].split("\n## ", 1)[0]
    existing = {name for name, _ in text_fields()}
    missing = sorted(n for n in (HASHED | set(CLEAR)) & existing if f"`{n}`" not in body)
    assert not missing, f"docs/security.md does not list: {missing}"
    encrypted = sorted(n for n, f in text_fields() if isinstance(f, _EncryptedMixin) and f"`{n}`" not in body)
    assert not encrypted, f"docs/security.md does not list these encrypted columns: {encrypted}"


def test_it_would_catch_a_new_clear_field():
    class Probe(models.Model):
        organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE)
        caller_name = models.CharField(max_length=50)

        class Meta:
            app_label = "reports"

    try:
        unlisted = [n for n, f in text_fields() if not isinstance(f, _EncryptedMixin)
                    and n not in HASHED and n not in CLEAR]
        assert "reports.Probe.caller_name" in unlisted
    finally:
        apps.all_models["reports"].pop("probe", None)
        apps.clear_cache()
