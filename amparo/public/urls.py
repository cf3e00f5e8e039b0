from django.urls import path

from amparo.public import views

app_name = "public"
urlpatterns = [
    path("", views.pick_organization, name="pick"),
    path("<slug:org_slug>/", views.report_form, name="report"),
    path("<slug:org_slug>/thanks/<str:ref>/", views.report_thanks, name="thanks"),
]
