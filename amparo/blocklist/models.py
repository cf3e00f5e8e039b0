"""Numbers whose messages dispatchers do not want answered or mixed into the queue.

A blocked number is known only by its keyed hash (the same scheme as
Report.caller_hash): the list itself reveals no number. Its messages are still
stored (a blocked sender may one day report something real), but they go to a
review group and get no reply."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from amparo.crypto.fields import EncryptedTextField


class BlockedNumber(models.Model):
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    number_hash = models.CharField(max_length=64)
    # The last two digits, so dispatchers can tell entries apart; encrypted like the rest.
    hint = EncryptedTextField(null=True, blank=True)
    reason = EncryptedTextField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "number_hash"], name="blocked_number_unique")]
        ordering = ["-created_at", "-id"]
