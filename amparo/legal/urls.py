from django.urls import URLPattern, URLResolver, path

from amparo.legal import views, views_dossier, views_people, views_providers

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

# The provider slice (issue 12 items 2, 3, 5): referrals, the attorney's pages, family updates.
urlpatterns += [
    path("attorney/", views_providers.attorney_home, name="attorney_home"),
    path("referrals/", views_providers.referral_queue, name="referral_queue"),
    path("referrals/<int:pk>/", views_providers.referral_detail, name="referral"),
    path("referrals/<int:pk>/accept/", views_providers.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views_providers.referral_decline, name="referral_decline"),
    path("cases/<int:pk>/referral/", views_providers.case_referral, name="case_referral"),
    path("cases/<int:pk>/provider/", views_providers.provider_case, name="provider_case"),
    path("cases/<int:pk>/provider/record", views_providers.provider_record, name="provider_record"),
    path("cases/<int:pk>/family/", views_providers.family_thread, name="family_thread"),
    path("events/<int:pk>/share/", views_providers.event_share, name="event_share"),
]
