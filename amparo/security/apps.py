from django.apps import AppConfig


class SecurityConfig(AppConfig):
    name = "amparo.security"
    label = "security"
