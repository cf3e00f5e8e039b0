from django.urls import path

from amparo.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.trail, name="trail"),
    path("alerts/<int:pk>/acknowledge", views.acknowledge, name="acknowledge"),
]
