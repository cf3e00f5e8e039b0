"""The platform operators' admin (/platform-admin/, is_staff only). Organization
admins use /manage/; this is for support and setting up new organizations."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from amparo.orgs.models import HotlineNumber, Membership, Organization


@admin.register(Organization)
class OrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "default_language", "time_zone", "created_at"]
    search_fields = ["name", "slug"]
    # The encrypted token and the key counters are never shown or edited here.
    exclude = ["twilio_auth_token"]
    readonly_fields = ["gazetteer_version", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A new organization needs its keys: create it with amparo.orgs.actions.create_organization.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Deleting an organization destroys its keys and all its records: a deliberate command, not a click.
        return False


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "organization", "role", "is_active", "created_at"]
    list_filter = ["organization", "role", "is_active"]
    list_select_related = ["user", "organization"]
    search_fields = ["user__email"]
    readonly_fields = ["user", "organization", "role", "is_active", "created_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Members join by invitation (amparo.accounts.actions), which also ends sessions on deactivation.
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(HotlineNumber)
class HotlineNumberAdmin(admin.ModelAdmin):
    list_display = ["e164", "organization", "label", "sms", "voice", "whatsapp"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    search_fields = ["e164"]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
