from django.urls import path

from amparo.api.api import api

urlpatterns = [
    path("v1/", api.urls),
]
