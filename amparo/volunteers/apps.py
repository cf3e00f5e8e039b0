from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "amparo.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"
