from django.urls import path

from amparo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("accounts/invite/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
