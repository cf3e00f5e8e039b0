"""Decrypting a large Fernet token from a file in slices, so memory stays flat.

A stored file (evidence, report media) is one Fernet token. ``Fernet.decrypt``
needs the whole token and makes several whole copies of it (base64-decoded,
sliced, decrypted, unpadded): 4-6x the file's size at once. This reads the same
token twice, a slice at a time, following the Fernet spec
(https://github.com/fernet/spec): first it checks the HMAC-SHA256 over
version || timestamp || IV || ciphertext with each of the organization's data
keys, newest first; then, with the key that verified, it decrypts AES-128-CBC
and removes the PKCS7 padding. No plaintext leaves before the token is
authenticated. Files stay in the format they were written in: nothing to migrate.
"""

from __future__ import annotations

import base64
import binascii
import hmac
from collections.abc import Callable, Iterator
from typing import IO

from cryptography.hazmat.primitives import hashes, padding
from cryptography.hazmat.primitives import hmac as crypto_hmac
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from amparo.crypto.keys import KeyUnavailable, forget, keyring

SLICE = 1 << 20  # bytes of token text read at a time (a multiple of 4: whole base64 quanta)
_VERSION = 0x80
_HEADER = 1 + 8 + 16  # version, timestamp, IV
_MAC = 32


class TokenInvalid(Exception):
    """Not a Fernet token of these keys, or altered."""


def _decoded(open_file: Callable[[], IO[bytes]], slice_size: int) -> Iterator[bytes]:
    with open_file() as f:
        while text := f.read(slice_size):
            try:
                yield base64.urlsafe_b64decode(text)
            except (binascii.Error, ValueError):
                raise TokenInvalid("not base64") from None


def _walk(open_file: Callable[[], IO[bytes]], slice_size: int) -> Iterator[bytes | tuple[bytes]]:
    """The decoded token in slices, with its last 32 bytes (the MAC) held back and yielded
    last as a 1-tuple, so neither pass ever holds the token whole."""
    held = b""
    for piece in _decoded(open_file, slice_size):
        held += piece
        if len(held) > _MAC:
            yield held[:-_MAC]
            held = held[-_MAC:]
    if len(held) != _MAC:
        raise TokenInvalid("too short")
    yield (held,)


def _authentic(signing_key: bytes, open_file: Callable[[], IO[bytes]], slice_size: int) -> bool:
    mac = crypto_hmac.HMAC(signing_key, hashes.SHA256())
    first = True
    for piece in _walk(open_file, slice_size):
        if isinstance(piece, tuple):
            return hmac.compare_digest(mac.finalize(), piece[0])
        if first and (not piece or piece[0] != _VERSION):
            return False
        first = False
        mac.update(piece)
    return False  # pragma: no cover  (_walk always ends with the MAC)


def _plaintext(key: bytes, open_file: Callable[[], IO[bytes]], slice_size: int) -> Iterator[bytes]:
    header = b""
    decryptor = None
    unpadder = padding.PKCS7(algorithms.AES.block_size).unpadder()
    for piece in _walk(open_file, slice_size):
        if isinstance(piece, tuple):
            break
        if decryptor is None:
            header += piece
            if len(header) < _HEADER:
                continue
            iv, piece = header[9:_HEADER], header[_HEADER:]
            decryptor = Cipher(algorithms.AES(key[16:]), modes.CBC(iv)).decryptor()
        if piece:
            out = unpadder.update(decryptor.update(piece))
            if out:
                yield out
    if decryptor is None:
        raise TokenInvalid("too short")
    try:
        tail = unpadder.update(decryptor.finalize()) + unpadder.finalize()
    except ValueError:
        raise TokenInvalid("bad padding") from None
    if tail:
        yield tail


def decrypt_file(org_id: int, open_file: Callable[[], IO[bytes]], *, slice_size: int = SLICE) -> Iterator[bytes]:
    """The plaintext of the token ``open_file()`` reads, in slices. Raises KeyUnavailable when no key of
    the organization authenticates it (after reloading the keys once: another process may have rotated)."""
    if slice_size % 4:
        raise ValueError("slice_size must be a multiple of 4")
    for attempt in range(2):
        for key in keyring(org_id).raw_data_keys:
            if _authentic(key[:16], open_file, slice_size):  # raises TokenInvalid for what is no token at all
                return _plaintext(key, open_file, slice_size)
        if attempt == 0:
            forget(org_id)
    raise KeyUnavailable(f"a file of organization {org_id} cannot be decrypted")
