from django.apps import AppConfig


class ManageConfig(AppConfig):
    name = "amparo.manage"
    label = "amparo_manage"
