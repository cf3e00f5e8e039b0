from django.urls import path

from amparo.integrations.twilio import views

app_name = "twilio"
urlpatterns = [
    path("sms", views.sms_inbound, name="sms"),
]
