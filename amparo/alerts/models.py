"""Community information: the alerts settings of each organization.

Subscribers, alerts and corrections come in the next slices (docs/alerts.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _


class AlertSettings(models.Model):
    """What an organization publishes, and when (created when an admin first saves it;
    until then the defaults below apply)."""

    organization = models.OneToOneField("orgs.Organization", on_delete=models.CASCADE,
                                        related_name="alert_settings")
    updates_days = models.PositiveIntegerField(
        default=7, validators=[MinValueValidator(1), MaxValueValidator(90)], help_text=_("Days a verified incident or false alarm stays on the public page."))
    # Measured from the verdict, so responders have left and a mistaken verdict can be
    # corrected before anything is public.
    updates_delay_minutes = models.PositiveIntegerField(
        default=30, validators=[MaxValueValidator(24 * 60)], help_text=_("Minutes after the verdict before it appears on the public page."))

    def __str__(self) -> str:
        return f"AlertSettings({self.organization_id})"
