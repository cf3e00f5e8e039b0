from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models


class AmparoUserManager(UserManager):
    def _create_user(self, username: Any, email: Any, password: Any, **extra: Any) -> Any:  # type: ignore[override]
        email = self.normalize_email(email or username)
        user = self.model(email=email, **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: Any = None, password: Any = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.setdefault("is_staff", False)
        extra.setdefault("is_superuser", False)
        return self._create_user(None, email, password, **extra)

    def create_superuser(self, email: Any = None, password: Any = None, **extra: Any) -> Any:  # type: ignore[override]
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self._create_user(None, email, password, **extra)


class User(AbstractUser):
    """A person with an account. Identified by email; no username.

    Django's ``last_login`` is kept (it is a date, not an address); nothing
    about the client's network or browser is stored.
    """

    username = None  # type: ignore[assignment]
    email = models.EmailField(unique=True)
    display_name = models.CharField(max_length=100, blank=True)

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: list[str] = []

    objects = AmparoUserManager()  # type: ignore[misc]

    def __str__(self) -> str:
        return self.display_name or self.email
