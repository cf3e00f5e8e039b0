"""Legal aid: the person affected, their emergency contacts, and the consents the family gave.

Every personal field is encrypted with the organization's key. The A-number is
normalized to 9 digits (``amparo.legal.anumbers``) and matched by keyed hash
only, never by plaintext. Immigration status is not collected: nothing here
asks for it, and nothing may.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

__all__ = ["Person", "PersonIncident", "EmergencyContact", "Consent", "ConsentPurpose", "ConsentMethod"]


class Person(models.Model):
    """Someone affected: detained, or at risk. Tied to incidents, or to none."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="legal_people")
    name = EncryptedTextField()
    date_of_birth = EncryptedTextField(blank=True, null=True)  # ISO date, encrypted like every personal field
    language = models.CharField(max_length=10, blank=True)
    county = EncryptedTextField(blank=True, null=True)
    phone = EncryptedTextField(blank=True, null=True)
    a_number = EncryptedTextField(blank=True, null=True)  # 9 digits, normalized
    # keyed_hash(org, "anum:" + 9 digits): the duplicate check for a second call.
    a_number_hash = models.CharField(max_length=64, blank=True, db_index=True)
    # keyed_hash(org, "namedob:" + casefolded name + "|" + ISO date): the other duplicate check.
    name_dob_hash = models.CharField(max_length=64, blank=True, db_index=True)
    incidents = models.ManyToManyField("incidents.Incident", through="PersonIncident", blank=True,
                                       related_name="legal_people")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "a_number_hash"], condition=~models.Q(a_number_hash=""),
                                    name="legal_person_anumber_per_org"),
        ]

    def __str__(self) -> str:
        return f"Person {self.pk}"


class PersonIncident(models.Model):
    """A person tied to an incident, and the report that told us (when there is one)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="incident_links")
    incident = models.ForeignKey("incidents.Incident", on_delete=models.CASCADE, related_name="+")
    report = models.ForeignKey("reports.Report", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["person", "incident"], name="legal_person_incident_once")]


class EmergencyContact(models.Model):
    """Family or friend to keep informed. ``safe_to_call`` off: nothing is ever sent to them."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="contacts")
    name = EncryptedTextField()
    relation = EncryptedTextField(blank=True, null=True)
    phone = EncryptedTextField(blank=True, null=True)  # E.164
    # keyed_hash(org, "tel:" + e164), the same scheme as Report.caller_hash: replies find their case.
    phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    language = models.CharField(max_length=10, default="es")
    safe_to_call = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"EmergencyContact {self.pk}"


class ConsentPurpose(models.TextChoices):
    CONTACT = "contact", _("Contacting them")
    SHARE_WITH_PROVIDER = "share_provider", _("Sharing with a legal aid provider")
    SMS_UPDATES = "sms_updates", _("Sending SMS updates")


class ConsentMethod(models.TextChoices):
    PHONE_CALL = "call", _("By phone call")
    SMS = "sms", _("By SMS")
    IN_PERSON = "in_person", _("In person")
    WRITTEN = "written", _("In writing")


class Consent(models.Model):
    """One consent, for one purpose, with when and how it was given (or withdrawn)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="consents")
    contact = models.ForeignKey(EmergencyContact, null=True, blank=True, on_delete=models.CASCADE,
                                related_name="consents", help_text=_("Who gave it, when not the person."))
    purpose = models.CharField(max_length=20, choices=ConsentPurpose.choices)
    given = models.BooleanField(default=True, help_text=_("False records a withdrawal."))
    method = models.CharField(max_length=20, choices=ConsentMethod.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["person", "purpose", "recorded_at"])]
