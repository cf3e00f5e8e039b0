from django.urls import path

from amparo.integrations.twilio.sms import status, views

app_name = "twilio"
urlpatterns = [
    path("sms", views.sms_inbound, name="sms"),
    path("sms/status", status.sms_status, name="sms_status"),
]
