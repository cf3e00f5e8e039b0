"""Per-organization keys, wrapped by the master key.

Each organization has
- data keys (Fernet), newest first, used through MultiFernet so that old
  ciphertext stays readable after rotation until ``rotate_keys`` re-encrypts;
- one hash key (HMAC-SHA256) for keyed hashes of caller numbers and place
  keys. It is never rotated: rotating it would break matching of numbers seen
  before.

Keys are stored wrapped (encrypted) by the master keys from
``AMPARO_MASTER_KEYS``. Development without configured keys generates one under
``AMPARO_DATA_DIR/keys``; production refuses to start without them.
Deleting an organization's key rows makes its remaining ciphertext unreadable.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import os
import threading
from dataclasses import dataclass
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from amparo.crypto.models import OrgKey

_lock = threading.Lock()
_master: MultiFernet | None = None
_keyrings: dict[int, Keyring] = {}


class KeyUnavailable(Exception):
    """The organization's keys are gone (deleted) or cannot be unwrapped."""


def _dev_master_key_path() -> Path:
    return Path(settings.DATA_DIR) / "keys" / "master.key"


def load_master_keys() -> list[bytes]:
    raw = settings.AMPARO_MASTER_KEYS
    if raw:
        keys = [k.strip().encode() for k in raw.split(",") if k.strip()]
    elif settings.PRODUCTION:
        raise ImproperlyConfigured("AMPARO_MASTER_KEYS must be set in production")
    else:
        path = _dev_master_key_path()
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as f:
                f.write(Fernet.generate_key())
        keys = [path.read_bytes().strip()]
    try:
        for k in keys:
            Fernet(k)
    except ValueError:
        raise ImproperlyConfigured("AMPARO_MASTER_KEYS holds a value that is not a Fernet key")
    return keys


def master() -> MultiFernet:
    global _master
    if _master is None:
        with _lock:
            if _master is None:
                _master = MultiFernet([Fernet(k) for k in load_master_keys()])
    return _master


def wrap(raw_key: bytes) -> str:
    return master().encrypt(raw_key).decode()


def unwrap(wrapped: str) -> bytes:
    try:
        return master().decrypt(wrapped.encode())
    except InvalidToken:
        raise KeyUnavailable("an organization key cannot be unwrapped with the configured master keys")


@dataclass(frozen=True)
class Keyring:
    cipher: MultiFernet
    hash_key: bytes
    # The same data keys as ``cipher``, newest first, as raw 32-byte Fernet keys (signing half, then
    # encryption half): ``amparo.crypto.stream`` decrypts a large token without holding it whole.
    raw_data_keys: tuple[bytes, ...] = ()

    def encrypt(self, plaintext: str | bytes) -> bytes:
        data = plaintext.encode() if isinstance(plaintext, str) else plaintext
        return self.cipher.encrypt(data)

    def decrypt(self, token: bytes) -> bytes:
        return self.cipher.decrypt(token)

    def keyed_hash(self, value: str) -> str:
        return hmac.new(self.hash_key, value.encode(), hashlib.sha256).hexdigest()


def create_org_keys(org_id: int) -> None:
    """Create the data and hash keys of a new organization."""
    OrgKey.objects.create(organization_id=org_id, purpose=OrgKey.DATA, wrapped=wrap(Fernet.generate_key()))
    OrgKey.objects.create(
        organization_id=org_id,
        purpose=OrgKey.HASH,
        wrapped=wrap(base64.urlsafe_b64encode(os.urandom(32))),
    )
    forget(org_id)


def keyring(org_id: int) -> Keyring:
    ring = _keyrings.get(org_id)
    if ring is None:
        ring = _load(org_id)
        _keyrings[org_id] = ring
    return ring


def _load(org_id: int) -> Keyring:
    rows = list(OrgKey.objects.filter(organization_id=org_id).order_by("-created_at", "-id"))
    raw = [unwrap(r.wrapped) for r in rows if r.purpose == OrgKey.DATA]
    hashes = [unwrap(r.wrapped) for r in rows if r.purpose == OrgKey.HASH]
    if not raw or not hashes:
        raise KeyUnavailable(f"organization {org_id} has no keys")
    return Keyring(cipher=MultiFernet([Fernet(k) for k in raw]), hash_key=hashes[0],
                   raw_data_keys=tuple(base64.urlsafe_b64decode(k) for k in raw))


def forget(org_id: int | None = None) -> None:
    """Drop cached keyrings (after rotation or deletion)."""
    if org_id is None:
        _keyrings.clear()
    else:
        _keyrings.pop(org_id, None)


def reset_master() -> None:
    global _master
    _master = None
    forget()


def encrypt_for(org_id: int, plaintext: str | bytes) -> bytes:
    return keyring(org_id).encrypt(plaintext)


def decrypt_for(org_id: int, token: bytes) -> bytes:
    try:
        return keyring(org_id).decrypt(token)
    except InvalidToken:
        # Another process may have rotated the key: reload once.
        forget(org_id)
        try:
            return keyring(org_id).decrypt(token)
        except InvalidToken:
            raise KeyUnavailable(f"ciphertext of organization {org_id} cannot be decrypted")


def keyed_hash(org_id: int, value: str) -> str:
    return keyring(org_id).keyed_hash(value)
