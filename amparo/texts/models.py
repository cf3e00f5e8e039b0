from __future__ import annotations

from django.db import models


class TextOverride(models.Model):
    """An organization's own wording of a caller-facing text in one language."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="text_overrides")
    key = models.CharField(max_length=64)
    language = models.CharField(max_length=8)
    text = models.TextField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "key", "language"], name="one_text_per_key_lang")]
        ordering = ["key", "language"]
