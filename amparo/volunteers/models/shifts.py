"""Volunteers: shifts at the desk and in the field (issue 14, item 5).

A ``Shift`` is one block of time with seats: a desk block (24/7 dispatcher
coverage, cut in blocks of ``ShiftSettings.block_hours`` of the organization's
local time) or a field shift at a site (a gazetteer place that is never a
home: a school's drop-off, a day-labor corner). ``taken`` counts held seats;
it only moves by a conditional UPDATE (``taken < seats``), so two members
racing for the last seat cannot both win. A ``ShiftSignup`` is one member
holding one seat; its ``*_at`` columns are the sweep's deadlines
(reminders, and the field shift's check-out safety chain).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

__all__ = ["ShiftSettings", "ShiftKind", "Shift", "SignupStatus", "ShiftSignup"]


class ShiftSettings(models.Model):
    """An organization's shift rules. ``block_hours`` divides the local day (1, 2, 3, 4, 6, 8, 12 or 24)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="shift_settings")
    block_hours = models.PositiveSmallIntegerField(default=4)
    desk_seats = models.PositiveSmallIntegerField(
        default=1, help_text=_("Dispatchers needed at the desk in each block."))
    drop_hours = models.PositiveSmallIntegerField(
        default=12, help_text=_("A member may drop a shift up to this many hours before it starts."))
    reminder_minutes = models.PositiveIntegerField(default=120)
    checkout_grace_minutes = models.PositiveIntegerField(
        default=15, help_text=_("After a field shift ends: minutes before the member is reminded to check out."))
    escalate_minutes = models.PositiveIntegerField(
        default=15, help_text=_("After that reminder: minutes before the dispatchers are alerted."))
    # Who stood where and when is what an infiltrator or a subpoena wants: forgotten after this many days.
    history_days = models.PositiveIntegerField(
        default=90, help_text=_("Days after a shift ends before who held it is forgotten."))

    def __str__(self) -> str:
        return f"shift settings {self.organization_id}"


class ShiftKind(models.TextChoices):
    DESK = "desk", _("Desk")
    FIELD = "field", _("Field")


class Shift(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=8, choices=ShiftKind.choices)
    # A field shift's site, named as a place of the gazetteer (never a home; never a person). A site taken
    # out of the gazetteer takes its shifts with it: a shift without a site is no shift.
    place = models.ForeignKey("places.Place", null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    starts_at = models.DateTimeField(db_index=True)
    ends_at = models.DateTimeField()
    seats = models.PositiveSmallIntegerField(default=1)
    taken = models.PositiveSmallIntegerField(default=0)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["starts_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "starts_at"], condition=Q(kind="desk"),
                                    name="one_desk_block_per_start"),
            models.CheckConstraint(condition=Q(taken__lte=F("seats")), name="shift_taken_within_seats"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="shift_ends_after_start"),
            models.CheckConstraint(condition=Q(kind="desk") | Q(place__isnull=False), name="field_shift_has_site"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} shift {self.pk}"

    @property
    def hours(self) -> float:
        """Real hours (a desk block across a daylight-saving change is 3 or 5 of them)."""
        return (self.ends_at - self.starts_at).total_seconds() / 3600


class SignupStatus(models.TextChoices):
    HELD = "held", _("Held")
    DROPPED = "dropped", _("Dropped")
    RELEASED = "released", _("Released")


class ShiftSignup(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    shift = models.ForeignKey(Shift, on_delete=models.CASCADE, related_name="signups")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(max_length=10, choices=SignupStatus.choices, default=SignupStatus.HELD)
    taken_at = models.DateTimeField()
    ended_at = models.DateTimeField(null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    # Field shifts: presence on site, and the check-out safety chain (as a dispatch's, verification/safety.py).
    checked_in_at = models.DateTimeField(null=True, blank=True)
    checked_out_at = models.DateTimeField(null=True, blank=True)
    checkout_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    checkout_reminded_at = models.DateTimeField(null=True, blank=True)
    dispatchers_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    dispatchers_alerted_at = models.DateTimeField(null=True, blank=True)
    safety_due_at = models.DateTimeField(null=True, blank=True, db_index=True)
    safety_alerted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["shift", "user"], condition=Q(status="held"),
                                    name="one_held_seat_per_member_and_shift"),
        ]

    def __str__(self) -> str:
        return f"signup {self.pk} ({self.status})"
