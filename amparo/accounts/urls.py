from django.urls import path

from amparo.accounts import views

app_name = "accounts"
urlpatterns = [
    path("home/", views.home, name="home"),
    path("home/account/", views.account, name="account"),
    path("home/legal/", views.legal, name="legal"),
    path("accounts/invite/<str:token>/", views.accept_invitation_view, name="accept_invitation"),
]
