from django.urls import URLPattern, URLResolver, path

from amparo.legal import views, views_dossier, views_people

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.cases, name="cases"),
    path("cases/<int:pk>/", views.case_page, name="case"),
    path("cases/<int:pk>/record", views.record, name="record"),
    path("cases/<int:pk>/hearings.ics", views.hearings_ics, name="hearings_ics"),
    path("reminders/<int:pk>/done", views.reminder_done, name="reminder_done"),
    path("reports/<int:pk>/person", views_people.person_from_report, name="person_from_report"),
    path("people/<int:pk>/", views_people.person_page, name="person"),
    path("people/<int:pk>/open-case", views_people.open_case_view, name="open_case"),
    path("people/<int:pk>/contacts", views_people.contact_add, name="contact_add"),
    path("people/<int:pk>/consents", views_people.consent_add, name="consent_add"),
    path("contacts/<int:pk>/safe", views_people.contact_safe, name="contact_safe"),
    # The evidence dossier (docs/dossier.md)
    path("incidents/<int:incident_id>/dossier.zip", views_dossier.incident_dossier, name="incident_dossier"),
    path("cases/<int:pk>/dossier.zip", views_dossier.case_dossier, name="case_dossier"),
]
