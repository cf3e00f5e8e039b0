"""Each organization's Ed25519 signing key: it signs the manifest of an evidence dossier.

The private key is made on first use and stored like the data keys: 32 raw
bytes wrapped by the master keys in an ``OrgKey`` row (purpose ``sign``), so a
master-key rotation re-wraps it and crypto-shredding deletes it. It is never
rotated by ``rotate_keys``: a dossier is checked against the public key an
attorney copied from the admin page or a printed PDF, and a new key would make
every earlier copy of it stale.

The public key is written ``ed25519:<base64 of the 32 raw bytes>``; its
fingerprint (the first 16 bytes of its SHA-256, in groups of four hex digits)
is what a person compares by eye.
"""

from __future__ import annotations

import base64
import binascii
import hashlib

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import (
    Encoding,
    NoEncryption,
    PrivateFormat,
    PublicFormat,
)
from django.db import IntegrityError, transaction

from amparo.crypto.keys import unwrap, wrap
from amparo.crypto.models import OrgKey

PREFIX = "ed25519:"


class BadPublicKey(ValueError):
    """A public key that is not ``ed25519:`` followed by 32 bytes in base64."""


def _load(org_id: int) -> Ed25519PrivateKey | None:
    row = OrgKey.objects.filter(organization_id=org_id, purpose=OrgKey.SIGN).first()
    return None if row is None else Ed25519PrivateKey.from_private_bytes(unwrap(row.wrapped))


def signing_key(org_id: int) -> Ed25519PrivateKey:
    """The organization's signing key, made and stored on first use."""
    key = _load(org_id)
    if key is not None:
        return key
    raw = Ed25519PrivateKey.generate().private_bytes(Encoding.Raw, PrivateFormat.Raw, NoEncryption())
    try:
        with transaction.atomic():
            OrgKey.objects.create(organization_id=org_id, purpose=OrgKey.SIGN, wrapped=wrap(raw))
    except IntegrityError:
        pass  # another process made it first (one signing key per organization): use theirs
    key = _load(org_id)
    assert key is not None
    return key


def public_key_text(key: Ed25519PublicKey) -> str:
    return PREFIX + base64.b64encode(key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def org_public_key(org_id: int) -> str:
    """``ed25519:…``: what the admin page shows and the PDF prints."""
    return public_key_text(signing_key(org_id).public_key())


def fingerprint(public_key: str) -> str:
    digest = hashlib.sha256(parse_public_key(public_key).public_bytes(Encoding.Raw, PublicFormat.Raw)).hexdigest()
    return " ".join(digest[i:i + 4] for i in range(0, 32, 4))


def parse_public_key(text: str) -> Ed25519PublicKey:
    value = text.strip()
    if value.startswith(PREFIX):
        value = value[len(PREFIX):]
    try:
        raw = base64.b64decode(value, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise BadPublicKey(text) from None


def sign(org_id: int, data: bytes) -> bytes:
    return signing_key(org_id).sign(data)


def verify(public_key: str, data: bytes, signature: bytes) -> bool:
    """True when ``signature`` is ``public_key``'s signature of ``data``."""
    try:
        parse_public_key(public_key).verify(signature, data)
    except (InvalidSignature, BadPublicKey):
        return False
    return True
