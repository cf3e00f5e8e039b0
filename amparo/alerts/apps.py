from django.apps import AppConfig


class AlertsConfig(AppConfig):
    name = "amparo.alerts"
    label = "alerts"

    def ready(self) -> None:
        # Django's start-up order: the registrations use models, which load only once apps are ready.
        # (tasks.py, the daily lapse sweep, is found by Huey's autodiscovery.)
        from amparo.alerts.corrections import purge_correction_recipients
        from amparo.alerts.keywords import register_subscriber_keywords
        from amparo.alerts.purge import keep_consent_texts, purge_subscribers
        from amparo.retention.registry import register_org_purger, register_purger, report_keeper

        register_subscriber_keywords()
        register_org_purger("alerts.subscribers", purge_subscribers)
        report_keeper("alerts.consent")(keep_consent_texts)
        register_purger("alerts.corrections", purge_correction_recipients)
