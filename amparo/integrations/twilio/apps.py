from django.apps import AppConfig


class TwilioConfig(AppConfig):
    name = "amparo.integrations.twilio"
    label = "twilio_hooks"
