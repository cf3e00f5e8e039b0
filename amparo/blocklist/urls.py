from django.urls import path

from amparo.blocklist import views

app_name = "blocklist"
urlpatterns = [
    path("", views.blocklist, name="list"),
    path("<int:pk>/remove", views.remove, name="remove"),
]
