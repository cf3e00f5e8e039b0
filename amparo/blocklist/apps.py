from django.apps import AppConfig


class BlocklistConfig(AppConfig):
    name = "amparo.blocklist"
    label = "blocklist"
