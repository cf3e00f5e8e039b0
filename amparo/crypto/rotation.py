"""Key rotation and crypto-shredding.

``rotate_org_keys`` adds a new data key (it becomes the one that encrypts),
re-encrypts every encrypted column of every model and every stored file of
the organization with it, and with ``drop_old`` deletes the older data keys.
The hash key is never rotated (docs/security.md). ``rewrap_all`` re-wraps
every organization key with the newest master key, so an old master key can
then be removed from AMPARO_MASTER_KEYS.

``delete_org_keys`` deletes an organization's keys: whatever ciphertext of
it remains (database rows, files, backups) can no longer be read by anyone.
"""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.db import transaction

from amparo.crypto.fields import _EncryptedMixin
from amparo.crypto.keys import forget, keyring, master, wrap
from amparo.crypto.models import OrgKey


def encrypted_fields() -> list[tuple[Any, list[Any]]]:
    """(model, [encrypted fields]) for every installed model that has any."""
    found = []
    for model in apps.get_models():
        fields = [f for f in model._meta.concrete_fields if isinstance(f, _EncryptedMixin)]
        if fields:
            found.append((model, fields))
    return found


def _org_filter(model: Any, org_id: int) -> dict[str, int]:
    return {"pk": org_id} if model._meta.label == "orgs.Organization" else {"organization_id": org_id}


def _stored_files(org_id: int) -> list[str]:
    names = []
    for label in ("reports.ReportMedia", "verification.Evidence"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        names += [n for n in model.objects.filter(organization_id=org_id).values_list("stored_name", flat=True) if n]
    return names


def reencrypt_org(org_id: int) -> int:
    """Re-encrypt every value and file of the organization with its newest data key. Returns the count."""
    ring = keyring(org_id)
    count = 0
    for model, fields in encrypted_fields():
        names = [f.attname for f in fields]
        rows = model.objects.filter(**_org_filter(model, org_id)).values_list("pk", *names)
        for pk, *values in rows.iterator():
            changes = {}
            for name, value in zip(names, values, strict=True):
                token = getattr(value, "token", value)
                if token:
                    changes[name] = ring.cipher.rotate(token.encode()).decode()
            if changes:
                model.objects.filter(pk=pk).update(**changes)
                count += len(changes)
    storage = storages["default"]
    for name in _stored_files(org_id):
        if not storage.exists(name):
            continue
        with storage.open(name, "rb") as f:
            token = f.read()
        storage.delete(name)
        storage.save(name, ContentFile(ring.cipher.rotate(token)))
        count += 1
    return count


def rotate_org_keys(org_id: int, *, drop_old: bool = False) -> int:
    with transaction.atomic():
        new = OrgKey.objects.create(organization_id=org_id, purpose=OrgKey.DATA, wrapped=wrap(Fernet.generate_key()))
        forget(org_id)
        count = reencrypt_org(org_id)
        if drop_old:
            OrgKey.objects.filter(organization_id=org_id, purpose=OrgKey.DATA).exclude(pk=new.pk).delete()
    forget(org_id)
    return count


def rewrap_all() -> int:
    rows = list(OrgKey.objects.all())
    for row in rows:
        OrgKey.objects.filter(pk=row.pk).update(wrapped=master().rotate(row.wrapped.encode()).decode())
    forget()
    return len(rows)


def delete_org_keys(org_id: int) -> int:
    deleted, _ = OrgKey.objects.filter(organization_id=org_id).delete()
    forget(org_id)
    return deleted
