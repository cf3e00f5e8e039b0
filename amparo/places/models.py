from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from amparo.crypto.fields import EncryptedJSONField


class PlaceKind(models.TextChoices):
    HOME = "home", pgettext_lazy("place kind", "Home")
    SCHOOL = "school", _("School")
    COURT = "court", _("Court")
    WORKPLACE = "workplace", _("Workplace")
    STORE = "store", _("Store")
    CHURCH = "church", _("Church")
    OTHER = "other", _("Other")


class Place(models.Model):
    """An entry of the organization's gazetteer.

    Name, aliases and coordinates are encrypted (a gazetteer may name a
    family's home); the ZIP and a coarse H3 cell (resolution 8, about 0.7 km²)
    stay in clear for indexing. ``data`` is
    ``{"name": str, "aliases": [str], "lat": float, "lon": float}``.
    """

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="places")
    data = EncryptedJSONField()
    kind = models.CharField(max_length=16, choices=PlaceKind.choices, default=PlaceKind.OTHER)
    zip = models.CharField(max_length=5, blank=True)
    h3_r8 = models.CharField(max_length=16, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return str(self.data.get("name", ""))

    @property
    def aliases(self) -> list[str]:
        return list(self.data.get("aliases", []))

    @property
    def lat(self) -> float:
        return float(self.data["lat"])

    @property
    def lon(self) -> float:
        return float(self.data["lon"])
