from django.apps import AppConfig


class TextsConfig(AppConfig):
    name = "amparo.texts"
    label = "texts"
