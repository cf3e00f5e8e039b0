from django.conf import settings
from django.http import HttpRequest


def amparo(request: HttpRequest) -> dict:
    return {"AMPARO_ENV": settings.AMPARO_ENV}
