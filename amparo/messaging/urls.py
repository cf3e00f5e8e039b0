from django.urls import path

from amparo.messaging import views

app_name = "messaging"
urlpatterns = [
    path("incidents/<int:incident_id>/reply", views.reply, name="reply"),
    path("canned/", views.canned_list, name="canned"),
    path("canned/add/", views.canned_edit, name="canned_add"),
    path("canned/keep/<str:language>/", views.canned_keep, name="canned_keep"),
    path("canned/<int:pk>/", views.canned_edit, name="canned_edit"),
    path("canned/<int:pk>/delete/", views.canned_delete, name="canned_delete"),
    path("whatsapp-templates/", views.whatsapp_templates, name="whatsapp_templates"),
    path("whatsapp-templates/add/", views.whatsapp_template_edit, name="whatsapp_template_add"),
    path("whatsapp-templates/<int:pk>/", views.whatsapp_template_edit, name="whatsapp_template_edit"),
    path("whatsapp-templates/<int:pk>/delete/", views.whatsapp_template_delete, name="whatsapp_template_delete"),
]
