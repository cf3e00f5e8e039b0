from django.urls import path

from amparo.messaging import views

app_name = "messaging"
urlpatterns = [
    path("incidents/<int:incident_id>/reply", views.reply, name="reply"),
    path("canned/", views.canned_list, name="canned"),
    path("canned/add/", views.canned_edit, name="canned_add"),
    path("canned/<int:pk>/", views.canned_edit, name="canned_edit"),
    path("canned/<int:pk>/delete/", views.canned_delete, name="canned_delete"),
]
