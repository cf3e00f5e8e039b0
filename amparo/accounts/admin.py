from __future__ import annotations

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest

from amparo.accounts.models import Invitation, User

# Django's own admin login asks only for a password: send operators through
# allauth's login, which asks for the TOTP code too.
admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]  # allauth's documented way to guard the admin login


@admin.register(User)
class UserAdmin(admin.ModelAdmin):
    list_display = ["email", "display_name", "is_active", "is_staff", "last_login"]
    list_filter = ["is_active", "is_staff"]
    search_fields = ["email"]
    fields = ["email", "display_name", "is_active", "is_staff", "last_login", "date_joined"]
    readonly_fields = ["email", "is_staff", "last_login", "date_joined"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "organization", "role", "created_at", "expires_at", "accepted_at"]
    list_filter = ["organization"]
    list_select_related = ["organization"]
    exclude = ["token_hash"]
    readonly_fields = ["email", "organization", "role", "invited_by", "created_at", "expires_at", "accepted_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False
