"""Encrypted model fields.

The column holds a Fernet token made with the row's organization data key
(the model must have an ``organization`` foreign key). Reading the attribute
decrypts lazily; assigning plaintext encrypts at save. Querying by the
plaintext is impossible by design: use a keyed hash column for matching.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models
from django.db.models.query_utils import DeferredAttribute

from amparo.crypto.keys import KeyUnavailable, decrypt_for, encrypt_for

UNREADABLE = "[unreadable]"


class Unreadable(str):
    """What an encrypted text field reads as when its organization's keys are gone."""


class Sealed:
    """Ciphertext as read from the database, not yet decrypted."""

    __slots__ = ("token",)

    def __init__(self, token: str) -> None:
        self.token = token

    def __repr__(self) -> str:
        return "Sealed(...)"


class _EncryptedDescriptor(DeferredAttribute):
    def __get__(self, instance: Any, cls: Any = None) -> Any:
        if instance is None:
            return self
        value = super().__get__(instance, cls)
        if isinstance(value, Sealed):
            field = self.field
            assert isinstance(field, _EncryptedMixin)
            try:
                plain = decrypt_for(instance.organization_id, value.token.encode()).decode()
            except KeyUnavailable:
                # The organization's keys were deleted (crypto-shredding) or cannot be
                # unwrapped: pages show a marker instead of failing. The ciphertext stays
                # in __dict__, so saving the row keeps it rather than encrypting the marker.
                return field.unreadable()
            value = field.decode_plain(plain)
            instance.__dict__[field.attname] = value
        return value

    def __set__(self, instance: Any, value: Any) -> None:
        # A data descriptor, so that reads always pass through __get__.
        instance.__dict__[self.field.attname] = value


class _EncryptedMixin:
    descriptor_class: type[DeferredAttribute] = _EncryptedDescriptor
    attname: str

    def decode_plain(self, plain: str) -> Any:
        return plain

    def unreadable(self) -> Any:
        return Unreadable(UNREADABLE)

    def encode_plain(self, value: Any) -> str:
        return str(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None if value is None else ""
        return Sealed(value)

    def pre_save(self, model_instance: Any, add: bool) -> Any:
        value = model_instance.__dict__.get(self.attname)
        if value is None or isinstance(value, Sealed):
            return value.token if isinstance(value, Sealed) else None
        return encrypt_for(model_instance.organization_id, self.encode_plain(value)).decode()

    def get_prep_value(self, value: Any) -> Any:
        if value is None:
            return None
        if isinstance(value, Sealed):
            return value.token
        if isinstance(value, str) and value.startswith("gAAAA"):
            return value  # already a Fernet token (from pre_save)
        raise TypeError(
            "Encrypted fields cannot be queried or bulk-updated with plaintext; "
            "match on a keyed hash column instead"
        )

    def value_to_string(self, obj: Any) -> str:
        return self.encode_plain(getattr(obj, self.attname))


class EncryptedTextField(_EncryptedMixin, models.TextField):
    pass


class EncryptedJSONField(_EncryptedMixin, models.TextField):
    """A JSON document stored encrypted (a dict or list in Python)."""

    # For django-stubs: the attribute holds decoded JSON, not the column's str
    # (the same types the stubs give models.JSONField).
    _pyi_private_set_type: Any
    _pyi_private_get_type: Any

    def decode_plain(self, plain: str) -> Any:
        return json.loads(plain)

    def unreadable(self) -> Any:
        return None

    def encode_plain(self, value: Any) -> str:
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
