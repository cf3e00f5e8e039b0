from django.apps import AppConfig


class VoiceConfig(AppConfig):
    name = "amparo.voice"
    label = "voice"
    verbose_name = "Voice hotline"

    def ready(self) -> None:
        # Django's start-up order: models load only once apps are ready.
        from amparo.voice import purge  # noqa: F401  (fills the retention registry)
