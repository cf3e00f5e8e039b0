from django.urls import path

from amparo.verification import views, views_console, views_phone

app_name = "verification"
urlpatterns = [
    path("incidents/<int:pk>/offer", views.offer, name="offer"),
    path("dispatches/<int:pk>/cancel", views.cancel, name="cancel"),
    path("responders/", views.roster, name="roster"),
    path("responders/new", views.responder_form, name="responder_new"),
    path("responders/<int:pk>/", views.responder_form, name="responder_edit"),
    path("responders/<int:pk>/remove", views.responder_remove, name="responder_remove"),
    path("o/<str:token>/", views.offer_page, name="offer_page"),
    path("o/<str:token>/scene/", views_phone.scene_by_token, name="scene"),
    path("my/", views_phone.my_offers, name="my_offers"),
    path("my/<int:pk>/", views_phone.my_offer, name="my_offer"),
    path("incidents/<int:pk>/override", views_console.override, name="override"),
    path("evidence/<int:pk>/", views_console.evidence_file, name="evidence"),
]
