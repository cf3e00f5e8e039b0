"""The few deployment-wide rows the foundation keeps: the worker's heartbeat."""

from __future__ import annotations

from django.db import models


class Heartbeat(models.Model):
    """When a background job last ran (``name``), and when its silence was last reported.

    Deployment-wide, not per organization: one worker serves every network.
    """

    name = models.CharField(max_length=40, primary_key=True)
    beat_at = models.DateTimeField()
    alerted_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.name} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
