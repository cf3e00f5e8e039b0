from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "amparo.alerts"
    label = "alerts"

    def ready(self) -> None:
        # Django's start-up order: the purger uses models, loaded only once apps are ready.
        from amparo.alerts.corrections import purge_correction_recipients
        from amparo.retention.registry import register_purger

        register_purger("alerts.corrections", purge_correction_recipients)
