import logging

from django.apps import AppConfig
from django.conf import settings

log = logging.getLogger("amparo.messaging")


class MessagingConfig(AppConfig):
    name = "amparo.messaging"
    label = "messaging"

    def ready(self) -> None:
        if settings.PRODUCTION and settings.AMPARO_SMS_TRANSPORT == "console":
            # Allowed (a rehearsal deployment may want it) but never silent:
            # dispatchers would believe reporters receive their texts.
            log.error("AMPARO_SMS_TRANSPORT is 'console' in production: NO text reaches any reporter")
