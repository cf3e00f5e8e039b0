"""Legal aid: facilities, the case and its repeatable events.

A case has a few statuses and many repeatable events (located, transferred,
attorney assigned, bond requested/set/denied/paid, hearing, note). Every change
is one named function in ``amparo.legal.actions`` that writes a ``CaseEvent``.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

__all__ = ["LegalSettings", "Facility", "Case", "CaseStatus", "CaseType", "CaseEvent", "CaseEventKind", "Hearing"]


class LegalSettings(models.Model):
    """The legal aid settings of one organization (created on first use)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="legal_settings")
    referral_answer_minutes = models.PositiveIntegerField(
        default=120, help_text=_("Minutes a provider has to answer a referral before the coordinator is alerted."))
    family_reply_days = models.PositiveIntegerField(
        default=14, help_text=_("Days after a case message during which a contact's reply joins that case."))
    closed_case_purge_days = models.PositiveIntegerField(
        default=365, help_text=_("Days after a case closes before its personal data is purged."))

    def __str__(self) -> str:
        return f"LegalSettings({self.organization_id})"


class Facility(models.Model):
    """A detention facility, loaded by an admin from CSV. Public information: not encrypted."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="facilities")
    name = models.CharField(max_length=200)
    address = models.CharField(max_length=300, blank=True)
    county = models.CharField(max_length=100, blank=True)
    phone = models.CharField(max_length=30, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="legal_facility_name_per_org")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaseType(models.TextChoices):
    DETENTION_BOND = "detention_bond", _("Detention and bond")
    REMOVAL_DEFENSE = "removal_defense", _("Removal defense")
    FAMILY = "family", _("Family")
    CRIMINAL_IMMIGRATION = "crim_imm", _("Criminal-immigration")
    KNOW_YOUR_RIGHTS = "kyr", _("Know your rights only")


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RELEASED = "released", _("Released")
    TRANSFERRED_OUT = "transferred_out", _("Transferred out of reach")
    REMOVED = "removed", _("Removed")
    CLOSED = "closed", _("Closed")


class Case(models.Model):
    """A person's legal case, from the first call to the end. Referenced as C<number>."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="legal_cases")
    number = models.PositiveIntegerField(help_text=_("Per organization: the case is C<number>."))
    person = models.ForeignKey("legal.Person", on_delete=models.PROTECT, related_name="cases")
    case_type = models.CharField(max_length=20, choices=CaseType.choices, default=CaseType.DETENTION_BOND)
    status = models.CharField(max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN, db_index=True)
    closed_reason = EncryptedTextField(blank=True, null=True)
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
                                 help_text=_("Where the person is held now (the latest located/transferred)."))
    provider = models.ForeignKey("legal.Provider", null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="cases", help_text=_("The provider that accepted the case."))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)
    ended_at = models.DateTimeField(null=True, blank=True)
    version = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "number"], name="legal_case_number_per_org")]
        ordering = ["-opened_at"]

    def __str__(self) -> str:
        return self.reference

    @property
    def reference(self) -> str:
        return f"C{self.number}"


class CaseEventKind(models.TextChoices):
    OPENED = "opened", _("Case opened")
    LOCATED = "located", _("Located")
    TRANSFERRED = "transferred", _("Transferred")
    ATTORNEY_ASSIGNED = "attorney_assigned", _("Attorney assigned")
    BOND_REQUESTED = "bond_requested", _("Bond requested")
    BOND_SET = "bond_set", _("Bond set")
    BOND_DENIED = "bond_denied", _("Bond denied")
    BOND_PAID = "bond_paid", _("Bond paid")
    HEARING = "hearing", _("Hearing scheduled")
    HEARING_MOVED = "hearing_moved", _("Hearing moved")
    NOTE = "note", _("Note")
    REFERRED = "referred", _("Referred to a provider")
    REFERRAL_ACCEPTED = "referral_accepted", _("Provider accepted")
    REFERRAL_DECLINED = "referral_declined", _("Provider declined")
    STATUS = "status", _("Status changed")


class CaseEvent(models.Model):
    """One thing that happened in a case: who, what, when. Details may name people, so they are encrypted."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(max_length=30, choices=CaseEventKind.choices)
    occurred_on = models.DateField(null=True, blank=True, help_text=_("When it happened, when not now."))
    facility = models.ForeignKey(Facility, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    amount_cents = models.PositiveBigIntegerField(null=True, blank=True)
    # For a ``status`` event: the status the case moved to (a code, not personal data).
    status = models.CharField(max_length=20, choices=CaseStatus.choices, blank=True)
    details = EncryptedTextField(blank=True, null=True)
    shareable = models.BooleanField(default=False, help_text=_("Sent to the family's safe-to-call contacts."))
    # A hearing event: the time it named when written (a moved hearing's first date stays in the history).
    # A hearing-moved event: the hearing, and the time it moved from and to.
    moved_hearing = models.ForeignKey("legal.Hearing", null=True, blank=True, on_delete=models.CASCADE,
                                      related_name="move_events")
    hearing_from = models.DateTimeField(null=True, blank=True)
    hearing_at = models.DateTimeField(null=True, blank=True)
    shared_at = models.DateTimeField(null=True, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                              related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]


class Hearing(models.Model):
    """A hearing of a case. Reminders go out from a minute sweep with the ``reminded_*`` columns."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="hearings")
    event = models.OneToOneField(CaseEvent, on_delete=models.CASCADE, related_name="hearing")
    starts_at = models.DateTimeField(db_index=True)
    court = models.CharField(max_length=200)
    shareable = models.BooleanField(default=False)
    reminded_week_at = models.DateTimeField(null=True, blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    # How many times the hearing was moved: the .ics SEQUENCE, so calendars take the new time.
    sequence = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["starts_at"]
