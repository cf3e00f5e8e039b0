from django.apps import AppConfig


class CryptoConfig(AppConfig):
    """Encrypted fields, organization keys wrapped by the master keys, rotation."""

    name = "amparo.crypto"
    label = "crypto"
