from django.urls import path

from amparo.console.views import actions, corrections, find, incident, media, queue

app_name = "console"
urlpatterns = [
    path("", queue.queue, name="queue"),
    path("queue/fragment", queue.queue_fragment, name="queue_fragment"),
    path("org/", queue.switch_org, name="switch_org"),
    path("find/", find.find, name="find"),
    path("incidents/<int:pk>/", incident.incident_page, name="incident"),
    path("incidents/<int:pk>/presence", incident.incident_presence, name="presence"),
    path("incidents/<int:pk>/live", incident.incident_live, name="live"),
    path("incidents/<int:pk>/status", actions.change_status, name="status"),
    path("incidents/<int:pk>/merge", actions.merge, name="merge"),
    path("incidents/<int:pk>/split", actions.split, name="split"),
    path("incidents/<int:pk>/note", actions.add_note, name="note"),
    path("incidents/<int:pk>/assign", actions.assign, name="assign"),
    path("incidents/<int:pk>/correction/offer", corrections.offer, name="correction_offer"),
    path("incidents/<int:pk>/correction/choose", corrections.choose, name="correction_choose"),
    path("incidents/<int:pk>/correction/send", corrections.send, name="correction_send"),
    path("incidents/<int:pk>/correction/dismiss", corrections.dismiss, name="correction_dismiss"),
    path("media/<int:pk>/", media.media_file, name="media"),
]
