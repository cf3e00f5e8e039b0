from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.crypto import salted_hmac

from amparo.orgs.models import Role


class AmparoUserManager(UserManager):
    def _create_user(self, username: Any, email: Any, password: Any, **extra: Any) -> Any:
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: Any = None, password: Any = None, **extra: Any) -> Any:  # type: ignore[override]  # e-mail is the login: no username argument
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(self, email: Any = None, password: Any = None, **extra: Any) -> Any:  # type: ignore[override]  # e-mail is the login: no username argument
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra)


class User(AbstractUser):
    """A person with an account. Identified by email; no username.

    Django's ``last_login`` is kept (it is a date, not an address); nothing
    about the client's network or browser is stored.
    """

    username = None  # type: ignore[assignment]  # the e-mail is the username: the column is dropped
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=100, blank=True)
    # Part of the session hash: rotating it (deactivate_member) ends every
    # session of this user at their next request, on every device.
    session_salt = models.CharField(max_length=32, blank=True, default="")

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []  # type: ignore[misc]  # Django's stubs declare it a ClassVar

    objects = AmparoUserManager()  # type: ignore[misc]  # the e-mail-based manager replaces UserManager

    def __str__(self) -> str:
        return self.display_name or self.email

    def get_session_auth_hash(self) -> str:
        return self._get_session_auth_hash()

    def get_session_auth_fallback_hash(self) -> Iterator[str]:
        for fallback_secret in settings.SECRET_KEY_FALLBACKS:
            yield self._get_session_auth_hash(secret=str(fallback_secret))

    def _get_session_auth_hash(self, secret: str | None = None) -> str:
        # Django hashes only the password; adding the salt lets us end sessions
        # without touching the password.
        key_salt = "amparo.accounts.models.User.get_session_auth_hash"
        return salted_hmac(key_salt, f"{self.password}|{self.session_salt}", secret=secret,
                           algorithm="sha256").hexdigest()


class Invitation(models.Model):
    """An admin's invitation of an email address to join an organization with a role.

    Only a hash of the token is stored: the link is shown once to the admin
    and emailed; whoever holds it may set the account's password."""

    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="invitations")
    email = models.EmailField()
    role = models.CharField(max_length=20, choices=Role.choices)
    token_hash = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["organization", "email"])]

    def __str__(self) -> str:
        return f"{self.email}@{self.organization_id}:{self.role}"
