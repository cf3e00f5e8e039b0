from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class OrgsConfig(AppConfig):
    name = "amparo.orgs"
    label = "orgs"

    def ready(self) -> None:
        from amparo.orgs.lookup import changed
        from amparo.orgs.models import HotlineNumber, Organization

        for model in (Organization, HotlineNumber):
            post_save.connect(changed, sender=model, dispatch_uid=f"orgs.lookup.save.{model.__name__}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"orgs.lookup.delete.{model.__name__}")
