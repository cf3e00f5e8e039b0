from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "amparo.legal"
    label = "legal"
    verbose_name = "Legal aid"

    def ready(self) -> None:
        # Django's start-up order: the purger uses models, loaded only once apps are ready.
        # (tasks.py, the reminder sweep and the daily purge, is found by Huey's autodiscovery.)
        from amparo.legal.actions.purge import purge_people_of_incident
        from amparo.retention.registry import register_purger

        register_purger("legal", purge_people_of_incident)
