import logging

from django.apps import AppConfig
from django.conf import settings

log = logging.getLogger("amparo.messaging")


class MessagingConfig(AppConfig):
    name = "amparo.messaging"
    label = "messaging"

    def ready(self) -> None:
        # Django's start-up order: models load only once apps are ready.
        from amparo.messaging import purge  # noqa: F401  (fills the retention registry)
        from amparo.messaging.transports import register_transport
        from amparo.messaging.transports.console import ConsoleTransport

        register_transport("console", ConsoleTransport)
        if settings.PRODUCTION and settings.AMPARO_SMS_TRANSPORT == "console":
            # Allowed (a rehearsal deployment may want it) but never silent:
            # dispatchers would believe reporters receive their texts.
            log.error("AMPARO_SMS_TRANSPORT is 'console' in production: NO text reaches any reporter")
