"""Decrypting a stored token in slices gives exactly what Fernet gives, and refuses what Fernet refuses."""

from __future__ import annotations

import io
import os

import pytest
from cryptography.fernet import Fernet

from amparo.crypto.keys import KeyUnavailable, encrypt_for, forget, wrap
from amparo.crypto.models import OrgKey
from amparo.crypto.stream import TokenInvalid, decrypt_file


def opener(token: bytes):  # type: ignore[no-untyped-def]
    return lambda: io.BytesIO(token)


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 31, 32, 33, 1000, 65_536 + 3])
@pytest.mark.parametrize("slice_size", [4, 64, 1 << 20])
def test_it_decrypts_what_fernet_encrypted_whatever_the_slice(north, size, slice_size):
    data = os.urandom(size)
    token = encrypt_for(north.pk, data)
    assert b"".join(decrypt_file(north.pk, opener(token), slice_size=slice_size)) == data


def test_it_reads_files_written_before_a_key_rotation(north):
    token = encrypt_for(north.pk, b"old evidence")
    OrgKey.objects.create(organization=north, purpose=OrgKey.DATA, wrapped=wrap(Fernet.generate_key()))
    forget(north.pk)  # a newer key first in the ring; the file still holds the old key's token
    assert b"".join(decrypt_file(north.pk, opener(token))) == b"old evidence"


def test_an_altered_token_is_refused_before_any_plaintext(north):
    token = bytearray(encrypt_for(north.pk, b"x" * 5000))
    token[100] = ord("A") if token[100] != ord("A") else ord("B")
    with pytest.raises(KeyUnavailable):
        decrypt_file(north.pk, opener(bytes(token)))


def test_another_organizations_token_is_refused(north, south):
    with pytest.raises(KeyUnavailable):
        decrypt_file(north.pk, opener(encrypt_for(south.pk, b"theirs")))


def test_garbage_is_refused(north):
    with pytest.raises((TokenInvalid, KeyUnavailable)):
        decrypt_file(north.pk, opener(b"not a token at all!"))
