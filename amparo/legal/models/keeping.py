"""Retention of legal data: the holds an open case places, and the counts a purged case leaves."""

from __future__ import annotations

from django.db import models

from amparo.legal.models.cases import CaseStatus, CaseType

__all__ = ["CaseHold", "ClosedCaseCount"]


class CaseHold(models.Model):
    """A legal hold (``retention.LegalHold``) this case placed on one of its incidents; released when it closes."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case = models.ForeignKey("legal.Case", on_delete=models.CASCADE, related_name="holds")
    hold = models.OneToOneField("retention.LegalHold", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["case", "hold"], name="legal_case_hold_once")]


class ClosedCaseCount(models.Model):
    """What is kept of a closed case once its personal data is purged: dates, outcome, county. No person."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="+")
    case_type = models.CharField(max_length=20, choices=CaseType.choices)
    outcome = models.CharField(max_length=20, choices=CaseStatus.choices,
                               help_text="The last status before closing (closed: it ended while open).")
    county = models.CharField(max_length=100, blank=True)
    opened_on = models.DateField()
    closed_on = models.DateField()
    purged_at = models.DateTimeField()
