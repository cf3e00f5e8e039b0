from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "amparo.api"
    label = "amparo_api"

    def ready(self) -> None:
        # Django's start-up order: models (and so the receivers) load only once apps are ready.
        from amparo.api import receivers  # noqa: F401
