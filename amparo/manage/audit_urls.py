"""/audit/: the trail is an admin page; its URL names keep the "audit" namespace."""

from django.urls import path

from amparo.manage.views import audit as views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("alerts/<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
]
