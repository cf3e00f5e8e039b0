from __future__ import annotations

from django.db import models


class OrgKey(models.Model):
    """One of an organization's keys, wrapped by the master keys (amparo/crypto/keys.py).

    Points at its organization by a lazy reference: crypto sits below orgs
    (orgs' models use encrypted fields), so it never imports orgs."""

    DATA = "data"
    HASH = "hash"
    SIGN = "sign"  # the Ed25519 key that signs evidence dossiers (amparo/crypto/signing.py)
    organization = models.ForeignKey("orgs.Organization", on_delete=models.CASCADE, related_name="keys")
    purpose = models.CharField(max_length=8, choices=[(DATA, "data"), (HASH, "hash"), (SIGN, "sign")])
    wrapped = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        # Born in the orgs app; the table keeps its name so existing keys stay (docs/decisions.md).
        db_table = "orgs_orgkey"
        constraints = [
            # One signing key per organization: two first exports at the same instant keep one.
            models.UniqueConstraint(fields=["organization"], condition=models.Q(purpose="sign"),
                                    name="crypto_one_signing_key_per_org"),
        ]
