from django.urls import path

from amparo.manage.views import (
    alerts,
    index,
    members,
    numbers,
    org,
    places,
    retention,
    switch_org,
    texts,
    zones,
)

app_name = "manage"
urlpatterns = [
    path("", index, name="index"),
    path("org/", switch_org, name="switch_org"),
    path("members/", members.member_list, name="members"),
    path("members/<int:pk>/role/", members.member_role, name="member_role"),
    path("members/<int:pk>/deactivate/", members.member_deactivate, name="member_deactivate"),
    path("members/<int:pk>/reactivate/", members.member_reactivate, name="member_reactivate"),
    path("invitations/<int:pk>/revoke/", members.invitation_revoke, name="invitation_revoke"),
    path("numbers/", numbers.number_list, name="numbers"),
    path("numbers/<int:pk>/", numbers.number_edit, name="number_edit"),
    path("numbers/<int:pk>/remove/", numbers.number_remove, name="number_remove"),
    path("zones/", zones.zone_list, name="zones"),
    path("zones/new/", zones.zone_edit, name="zone_new"),
    path("zones/<int:pk>/", zones.zone_edit, name="zone_edit"),
    path("zones/<int:pk>/delete/", zones.zone_delete, name="zone_delete"),
    path("places/", places.place_list, name="places"),
    path("places/new/", places.place_edit, name="place_new"),
    path("places/import/", places.place_import, name="place_import"),
    path("places/<int:pk>/", places.place_edit, name="place_edit"),
    path("places/<int:pk>/delete/", places.place_delete, name="place_delete"),
    path("texts/", texts.text_list, name="texts"),
    path("texts/<str:key>/<str:language>/", texts.text_edit, name="text_edit"),
    path("texts/<str:key>/<str:language>/clear/", texts.text_clear, name="text_clear"),
    path("settings/", org.org_settings, name="settings"),
    path("alerts/", alerts.alert_settings_page, name="alerts"),
    path("retention/", retention.retention_page, name="retention"),
]
