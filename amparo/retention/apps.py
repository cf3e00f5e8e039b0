from django.apps import AppConfig


class RetentionConfig(AppConfig):
    name = "amparo.retention"
    label = "retention"
