from django.apps import AppConfig


class OrgsConfig(AppConfig):
    name = "amparo.orgs"
    label = "orgs"
