"""Volunteers: recruitment and vetting (sign-ups, vouches, the org's vetting settings).

An ``Applicant`` is a stranger's sign-up from the public form: nothing is granted
by it. Its personal fields are encrypted with the organization's key; it is found
by ``phone_hash`` = keyed_hash(org, "tel:" + e164), the scheme of Responder and
Report. Applicants not accepted, with their vouches, are deleted after
``RecruitmentSettings.applicant_purge_days`` (``amparo.volunteers.vetting.purge_applicants``).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

__all__ = ["Applicant", "ApplicantStatus", "Availability", "Interest", "RecruitmentSettings", "Skill", "Vouch"]


class RecruitmentSettings(models.Model):
    """How a network vets sign-ups (created on first use)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="recruitment_settings")
    vouches_required = models.PositiveIntegerField(
        default=2, help_text=_("Vouches from members in good standing a sign-up needs before it can be accepted."))
    applicant_purge_days = models.PositiveIntegerField(
        default=60, help_text=_("Days after which a sign-up that was not accepted is deleted, with its vouches."))
    mutual_vouch_days = models.PositiveIntegerField(
        default=30, help_text=_("Two members who vouch for each other's recruits within this many days "
                                "are shown to the admin."))

    def __str__(self) -> str:
        return f"RecruitmentSettings({self.organization_id})"


class Interest(models.TextChoices):
    DISPATCHER = "dispatcher", _("Dispatcher (answer the hotline, from home)")
    FIELD_OBSERVER = "field_observer", _("Field observer (go and check reports)")
    LEGAL_OBSERVER = "legal_observer", _("Legal observer")


class Skill(models.TextChoices):
    DRIVER = "driver", _("I can drive")
    INTERPRETER = "interpreter", _("I can interpret")


class Availability(models.TextChoices):
    WEEKDAY_DAYTIME = "weekday_day", _("Weekdays, daytime")
    WEEKDAY_EVENING = "weekday_evening", _("Weekdays, evenings")
    NIGHTS = "nights", _("Nights (overnight)")
    WEEKENDS = "weekends", _("Weekends")
    SCHOOL_HOURS = "school_runs", _("School drop-off and pick-up times")


class ApplicantStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for vouches or a decision")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Not accepted")


class Applicant(models.Model):
    """One sign-up. Never holds immigration status: the form does not ask."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    # The form's nonce: a double submit or a resubmit stores one sign-up.
    submission = models.CharField(max_length=40)
    name = EncryptedTextField(blank=True, null=True)
    phone = EncryptedTextField(blank=True, null=True)  # E.164
    phone_hash = models.CharField(max_length=64, db_index=True)
    email = EncryptedTextField(blank=True, null=True)
    languages = models.JSONField(default=list, blank=True)
    zip = models.CharField(max_length=5, blank=True)  # coarse, checked against the network's zones
    availability = models.JSONField(default=list, blank=True)
    interests = models.JSONField(default=list, blank=True)
    skills = models.JSONField(default=list, blank=True)  # tags, not roles
    language = models.CharField(max_length=8, blank=True)  # the form's language: the confirmation's
    # Already on the roster (matched by phone hash): the admin contacts them; the form never says so.
    matches_member = models.BooleanField(default=False)
    status = models.CharField(max_length=10, choices=ApplicantStatus.choices, default=ApplicantStatus.PENDING)
    created_at = models.DateTimeField()
    decided_at = models.DateTimeField(null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    invitation = models.ForeignKey("accounts.Invitation", null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    responder = models.ForeignKey("verification.Responder", null=True, blank=True, on_delete=models.SET_NULL,
                                  related_name="+")
    confirmation_sent = models.BooleanField(default=False)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "submission"], name="one_applicant_per_submission"),
        ]
        indexes = [models.Index(fields=["organization", "status", "created_at"])]
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"Applicant {self.pk}"


class Vouch(models.Model):
    """A member in good standing says they know and trust an applicant. Named: who vouched is kept."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    applicant = models.ForeignKey(Applicant, on_delete=models.CASCADE, related_name="vouches")
    voucher = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    note = EncryptedTextField(blank=True, null=True)
    created_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["applicant", "voucher"], name="one_vouch_per_member")]
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"Vouch {self.pk} for {self.applicant_id}"
