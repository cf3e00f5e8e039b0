"""Legal aid: providers (organizations or attorneys), their attorneys' logins, and referrals."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

__all__ = ["Provider", "ProviderAttorney", "AttorneyInvitation", "Referral", "ReferralStatus"]


class Provider(models.Model):
    """A legal aid organization or an attorney. Admins manage them; there is no self-signup."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="legal_providers")
    name = models.CharField(max_length=200)
    counties = models.JSONField(default=list, blank=True)
    languages = models.JSONField(default=list, blank=True)
    case_types = models.JSONField(default=list, blank=True, help_text=_("CaseType values."))
    capacity = models.PositiveIntegerField(default=0, help_text=_("Open cases allowed."))
    # Taken with a conditional UPDATE (open_cases < capacity), as dispatch seats are.
    open_cases = models.PositiveIntegerField(default=0)
    contact_phone = EncryptedTextField(blank=True, null=True)
    contact_email = EncryptedTextField(blank=True, null=True)
    contact_phone_hash = models.CharField(max_length=64, blank=True, db_index=True)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="legal_provider_name_per_org")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class ProviderAttorney(models.Model):
    """A user with the ``attorney`` role, tied to one provider."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="attorneys")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="legal_attorneys")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "user"], name="legal_one_provider_per_attorney")]


class AttorneyInvitation(models.Model):
    """The provider an admin chose when inviting an attorney: accepting the invitation ties them to it."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    invitation = models.OneToOneField("accounts.Invitation", on_delete=models.CASCADE, related_name="+")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="+")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for the provider")
    ACCEPTED = "accepted", _("Accepted")
    DECLINED = "declined", _("Declined")
    EXPIRED = "expired", _("No answer in time")
    WITHDRAWN = "withdrawn", _("Withdrawn")


class Referral(models.Model):
    """A case sent to one provider, chosen by a coordinator."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("legal.Case", on_delete=models.CASCADE, related_name="referrals")
    provider = models.ForeignKey(Provider, on_delete=models.CASCADE, related_name="referrals")
    status = models.CharField(max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PENDING)
    reason = models.CharField(max_length=300, blank=True, help_text=_("Why the match proposed this provider."))
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    sent_at = models.DateTimeField(auto_now_add=True)
    answer_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["case", "provider"], condition=models.Q(status="pending"),
                                    name="legal_one_pending_referral_per_provider"),
        ]
