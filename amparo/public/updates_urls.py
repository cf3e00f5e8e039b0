from django.urls import path

from amparo.public import updates_views as updates

app_name = "updates"
urlpatterns = [
    path("<slug:org_slug>/", updates.updates_page, name="page"),
    path("<slug:org_slug>/feed.atom", updates.updates_feed, name="feed"),
]
