from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "amparo.voice"
    label = "voice"
    verbose_name = "Voice hotline"
