"""Twilio Voice webhooks, mounted at /hooks/twilio/voice (amparo/urls.py).

The entry point has no trailing slash, so the steps hang under a "/" include.
"""

from django.urls import include, path

from amparo.integrations.twilio.voice import views

steps = [
    path("status", views.status, name="status"),
    path("language", views.language, name="language"),
    path("menu", views.menu, name="menu"),
    path("kyr", views.after_kyr, name="kyr"),
    path("dialed", views.dialed, name="dialed"),
    path("whisper", views.whisper, name="whisper"),
    path("accept", views.accept, name="accept"),
    path("zip", views.zip_code, name="zip"),
    path("recorded", views.recorded, name="recorded"),
    path("recording", views.recording, name="recording"),
    path("bridge", views.bridge, name="bridge"),
]

app_name = "voice_hooks"
urlpatterns = [
    path("", views.incoming, name="incoming"),
    path("/", include(steps)),
]
