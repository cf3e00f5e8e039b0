from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class TextsConfig(AppConfig):
    name = "amparo.texts"
    label = "texts"

    def ready(self) -> None:
        from amparo.texts.models import TextOverride
        from amparo.texts.render import _changed

        post_save.connect(_changed, sender=TextOverride, dispatch_uid="texts.forget_overrides.save")
        post_delete.connect(_changed, sender=TextOverride, dispatch_uid="texts.forget_overrides.delete")
