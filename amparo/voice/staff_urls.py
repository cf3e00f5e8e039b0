from django.urls import path

from amparo.voice import staff_views

app_name = "voice"
urlpatterns = [
    path("duty/", staff_views.duty, name="duty"),
    path("duty/surge", staff_views.surge, name="surge"),
    path("duty/<int:pk>/off", staff_views.duty_off, name="duty_off"),
    path("reports/<int:pk>/call-back", staff_views.call_back, name="call_back"),
]
