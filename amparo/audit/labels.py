"""The audit trail's codes as an admin reads them, in their language.

Entries store short codes (``read``, ``incident_note``); the trail page shows
these phrases. A code not listed here (a newer release) reads with spaces for
underscores, never as a bare code.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

ACTIONS = {
    "read": _("Read"),
    "contact": _("Contacted"),
    "export": _("Exported"),
    "create": _("Created"),
    "change": _("Changed"),
    "delete": _("Deleted"),
    "purge": _("Purged (retention)"),
    "verify": _("Checked the fingerprint of"),
    "acknowledge": _("Marked as reviewed"),
    "call_back": _("Called back"),
    "duty_off": _("Took off duty"),
}
RECORDS = {
    "report": _("report"),
    "incident": _("incident"),
    "incident_note": _("note on an incident"),
    "media": _("report photo or recording"),
    "evidence": _("evidence"),
    "offer_outcome_note": _("responder's outcome note"),
    "outbound_message": _("text to a reporter"),
    "canned_reply": _("canned reply"),
    "whatsapp_template": _("WhatsApp template"),
    "blocked_number": _("blocked number"),
    "duty_status": _("duty status"),
    "hotline_number": _("hotline number"),
    "membership": _("membership"),
    "invitation": _("invitation"),
    "organization": _("organization settings"),
    "org_keys": _("organization keys"),
    "place": _("place"),
    "gazetteer": _("place list"),
    "zone": _("zone"),
    "text": _("message text"),
    "retention": _("retention policy"),
    "audit_alert": _("bulk-read alert"),
    "legal_person": _("person affected"),
    "legal_case": _("legal case"),
    "legal_contact": _("emergency contact"),
    "facilities": _("facility list"),
}
ACTORS = {
    "api": _("API"),
    "retention": _("Retention (automatic)"),
    "verify": _("Evidence check (automatic)"),
    "system": _("System"),
}


def _plain(code: str) -> str:
    return code.replace("_", " ")


def action_label(code: str) -> str:
    return str(ACTIONS.get(code, "")) or _plain(code)


def record_label(code: str) -> str:
    return str(RECORDS.get(code, "")) or _plain(code)


def actor_label(label: str) -> str:
    """A job or command that acted without a member: "API", or the command's name."""
    known = ACTORS.get(label)
    if known is not None:
        return str(known)
    return f"manage.py {label}" if label else ""
