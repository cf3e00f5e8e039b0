"""Community information: the alerts settings of each organization.

Subscribers, alerts and corrections come in the next slices (docs/alerts.md).
"""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
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

    # The alerts sender. Alerts go out from a Messaging Service of their own, never from the
    # hotline's numbers: Twilio keeps opt-outs per number, or per Messaging Service with Advanced
    # Opt-Out, so a subscriber's STOP must reach a sender that is not the hotline (decision 62).
    messaging_service_sid = models.CharField(
        max_length=34, blank=True,
        validators=[RegexValidator(r"^MG[0-9a-fA-F]{32}\Z", _("A Messaging Service SID is MG followed by 32 "
                                                               "letters and digits (0-9, a-f)."))],
        help_text=_("The alerts sender: a Twilio Messaging Service of its own, not the one that holds the "
                    "hotline's numbers. Empty: no alert can be sent."))

    def __str__(self) -> str:
        return f"AlertSettings({self.organization_id})"
