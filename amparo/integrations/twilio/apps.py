from django.apps import AppConfig


class TwilioConfig(AppConfig):
    """Twilio: SMS, WhatsApp and voice webhooks, and the REST client behind the
    domain's transport (messaging) and provider account (core.provider)."""

    name = "amparo.integrations.twilio"
    label = "twilio_hooks"

    def ready(self) -> None:
        # Django's start-up order: these import models, which load only once apps are ready.
        from amparo.core.provider import register_provider_account
        from amparo.integrations.twilio.client.account import account_for
        from amparo.integrations.twilio.client.transport import TwilioTransport
        from amparo.messaging.transports import register_transport

        register_transport("twilio", TwilioTransport)
        register_provider_account(account_for)
