from django.apps import AppConfig


class ConsoleConfig(AppConfig):
    name = "amparo.console"
    label = "console"
    verbose_name = "Dispatcher console"
