from django.urls import path

from amparo.retention import views

app_name = "retention"
urlpatterns = [
    path("incidents/<int:pk>/hold", views.hold, name="hold"),
]
