from django.urls import path

from amparo.public import join_views

app_name = "join"
urlpatterns = [
    path("<slug:org_slug>/", join_views.join_form, name="form"),
    path("<slug:org_slug>/thanks/", join_views.join_thanks, name="thanks"),
]
