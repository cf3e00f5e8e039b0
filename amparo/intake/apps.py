from django.apps import AppConfig


class IntakeConfig(AppConfig):
    """The intake pipeline: store, route and correlate every inbound message.

    No models of its own: a message is stored as a ``reports.Report``."""

    name = "amparo.intake"
    label = "intake"

    def ready(self) -> None:
        # Django's start-up order: the handlers use models, which load only once apps are ready.
        from amparo.intake.carrier import register_carrier_keywords

        register_carrier_keywords()
