from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "amparo.verification"
    label = "verification"
