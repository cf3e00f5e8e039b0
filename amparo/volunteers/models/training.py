"""Volunteers: trainings and the certifications they grant (issue 14, items 3 and 4).

A ``CertificationKind`` is an organization's setting: its name, how many months
a certification of it stays valid, whether it clears a person for field work
(dispatchability), and which roles need it before a member moves to them.
A ``Training`` grants one kind to those its trainer marks as attended. A
``Certification`` belongs to the person: a member (``user``), a roster responder
(``responder``, who may be phone-only), or both when the member is on the roster.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

__all__ = ["CertificationKind", "Training", "TrainingSeat", "Certification", "SignupVia"]


class CertificationKind(models.Model):
    """What a training grants and how long it lasts, per organization."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    # A default kind keeps its code ("observer", "dispatcher", "kyr_facilitator") so its
    # name is shown translated; a kind an admin adds has no code and shows its name.
    code = models.CharField(max_length=32, blank=True)
    name = models.CharField(max_length=100)
    validity_months = models.PositiveIntegerField(default=12)
    field = models.BooleanField(default=False, help_text=_("Clears a person for field work (dispatch)."))
    # Roles a member may be moved to only while holding a valid certification of this kind.
    required_for_roles = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="cert_kind_name_per_org"),
            models.UniqueConstraint(fields=["organization", "code"], condition=~Q(code=""),
                                    name="cert_kind_code_per_org"),
        ]
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return self.name


class Training(models.Model):
    """A training session. ``seats_taken`` moves only by conditional UPDATE (< capacity)."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(CertificationKind, on_delete=models.PROTECT, related_name="trainings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    # Where it happens can tell an infiltrator where volunteers gather: encrypted.
    place = EncryptedTextField(blank=True, null=True)
    link = EncryptedTextField(blank=True, null=True)
    capacity = models.PositiveIntegerField(default=20)
    seats_taken = models.PositiveIntegerField(default=0)
    language = models.CharField(max_length=8, default="en")
    trainer = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="+")
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "starts_at"])]
        ordering = ["starts_at", "id"]

    def __str__(self) -> str:
        return f"Training {self.pk}"


class SignupVia(models.TextChoices):
    WEB = "web", _("Web")
    SMS = "sms", _("SMS")
    ADMIN = "admin", _("Added by an admin")


class TrainingSeat(models.Model):
    """One person's seat in a training; their attendance once the trainer records it.

    Reminders are swept (``volunteers.training_sweep``): ``reminded_day_at`` a day
    before, ``reminded_hours_at`` two hours before."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    training = models.ForeignKey(Training, on_delete=models.CASCADE, related_name="seats")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    responder = models.ForeignKey("verification.Responder", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    via = models.CharField(max_length=8, choices=SignupVia.choices, default=SignupVia.WEB)
    signed_up_at = models.DateTimeField()
    cancelled_at = models.DateTimeField(null=True, blank=True)
    reminded_day_at = models.DateTimeField(null=True, blank=True)
    reminded_hours_at = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True)  # None until the trainer records it
    attendance_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                      related_name="+")
    attendance_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(responder__isnull=False),
                                   name="training_seat_has_person"),
            models.UniqueConstraint(fields=["training", "user"], condition=Q(user__isnull=False),
                                    name="one_seat_per_user_per_training"),
            models.UniqueConstraint(fields=["training", "responder"], condition=Q(responder__isnull=False),
                                    name="one_seat_per_responder_per_training"),
        ]
        ordering = ["signed_up_at", "id"]

    def __str__(self) -> str:
        return f"TrainingSeat {self.pk}"


class Certification(models.Model):
    """A person's certification of one kind: valid while ``granted_at <= now < expires_at``
    and not revoked. Checked when a responder is picked, never by a nightly job."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.ForeignKey(CertificationKind, on_delete=models.PROTECT, related_name="certifications")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE,
                             related_name="+")
    responder = models.ForeignKey("verification.Responder", null=True, blank=True, on_delete=models.CASCADE,
                                  related_name="+")
    training = models.ForeignKey(Training, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    granted_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    note = models.CharField(max_length=200, blank=True)  # e.g. "kept dispatchable at migration"
    revoked_at = models.DateTimeField(null=True, blank=True)
    expiry_reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=Q(user__isnull=False) | Q(responder__isnull=False),
                                   name="certification_has_person"),
        ]
        indexes = [
            models.Index(fields=["organization", "expires_at"]),
            models.Index(fields=["responder", "expires_at"]),
            models.Index(fields=["user", "expires_at"]),
        ]
        ordering = ["expires_at", "id"]

    def __str__(self) -> str:
        return f"Certification {self.pk}"
