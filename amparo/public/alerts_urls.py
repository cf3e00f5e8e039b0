from django.urls import path

from amparo.public import alerts_views

app_name = "subscribe"
urlpatterns = [
    path("<slug:org_slug>/", alerts_views.alerts_form, name="form"),
    path("<slug:org_slug>/thanks/", alerts_views.alerts_thanks, name="thanks"),
    path("<slug:org_slug>/qr.svg", alerts_views.alerts_qr, name="qr"),
]
