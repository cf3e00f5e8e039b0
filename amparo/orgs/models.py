"""Organizations (one per network), their members, hotline numbers, zones and keys."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from amparo.crypto.fields import EncryptedTextField

if TYPE_CHECKING:
    from amparo.accounts.models import User


class Role(models.TextChoices):
    ADMIN = "admin", _("Admin")
    DISPATCHER = "dispatcher", _("Dispatcher")
    RESPONDER = "responder", _("Responder")
    LEGAL = "legal", _("Legal coordinator")
    # Tied to one legal aid provider (legal.ProviderAttorney); sees the cases referred to it: MFA.
    ATTORNEY = "attorney", _("Attorney")


# Roles that see personal data must use MFA. New roles are denied by default
# elsewhere; here a new role is assumed to see personal data until said otherwise.
ROLES_WITHOUT_PERSONAL_DATA: frozenset[str] = frozenset()


class Organization(models.Model):
    slug = models.SlugField(unique=True)
    name = models.CharField(max_length=200)
    default_language = models.CharField(max_length=8, default="en")
    languages = models.JSONField(default=list, help_text="Language codes offered, in order.")
    time_zone = models.CharField(max_length=64, default="America/Los_Angeles")

    # Correlation settings (see amparo/incidents/correlate.py).
    correlation_window_minutes = models.PositiveIntegerField(default=180)
    correlation_distance_m = models.PositiveIntegerField(default=250)
    conversation_minutes = models.PositiveIntegerField(default=60)
    auto_close_hours = models.PositiveIntegerField(default=12)
    vague_idle_hours = models.PositiveIntegerField(default=12)
    flood_text_numbers = models.PositiveIntegerField(default=3)
    flood_text_minutes = models.PositiveIntegerField(default=120)
    flood_caller_messages = models.PositiveIntegerField(default=6)
    flood_caller_minutes = models.PositiveIntegerField(default=10)
    # A number whose reports went to a flood group keeps going there for this long (0: never).
    flood_hold_minutes = models.PositiveIntegerField(default=120)
    replies_per_caller_per_hour = models.PositiveIntegerField(default=6)

    map_tile_url = models.CharField(max_length=300, blank=True)
    map_attribution = models.CharField(max_length=300, blank=True)

    twilio_account_sid = models.CharField(max_length=64, blank=True)
    twilio_auth_token = EncryptedTextField(blank=True, null=True)

    gazetteer_version = models.PositiveIntegerField(default=0)
    # Place understanding for this city (docs/places.md): short forms of the gazetteer's names
    # ({"f4l": "food 4 less"}) and the optional address grid (amparo/places/grid.py).
    place_abbreviations = models.JSONField(default=dict, blank=True)
    address_grid = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def organization_id(self) -> int:
        # Encrypted fields find their key through ``organization_id``.
        return self.pk

    def language_codes(self) -> list[str]:
        return list(self.languages) or [self.default_language]


class Membership(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")]

    def __str__(self) -> str:
        return f"{self.user_id}@{self.organization_id}:{self.role}"


class HotlineNumber(models.Model):
    """A phone number (or WhatsApp sender) that belongs to one organization."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="numbers")
    e164 = models.CharField(max_length=20, unique=True)
    label = models.CharField(max_length=100, blank=True)
    sms = models.BooleanField(default=True)
    voice = models.BooleanField(default=True)
    whatsapp = models.BooleanField(default=False)

    def __str__(self) -> str:
        return self.e164


class Zone(models.Model):
    """A named set of ZIP codes and/or H3 cells."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="zones")
    name = models.CharField(max_length=100)
    zips = models.JSONField(default=list, blank=True)
    h3_cells = models.JSONField(default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organization", "name"], name="zone_name_per_org")]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


def member_role(user: User, org: Organization) -> str | None:
    m = Membership.objects.filter(user=user, organization=org, is_active=True).only("role").first()
    return m.role if m else None
