from django.urls import URLPattern, URLResolver, path

from amparo.legal import views_providers

app_name = "legal"
urlpatterns: list[URLPattern | URLResolver] = []

# The provider slice (issue 12 items 2, 3, 5): referrals, the attorney's pages, family updates.
urlpatterns += [
    path("attorney/", views_providers.attorney_home, name="attorney_home"),
    path("referrals/", views_providers.referral_queue, name="referral_queue"),
    path("referrals/<int:pk>/", views_providers.referral_detail, name="referral"),
    path("referrals/<int:pk>/accept/", views_providers.referral_accept, name="referral_accept"),
    path("referrals/<int:pk>/decline/", views_providers.referral_decline, name="referral_decline"),
    path("cases/<int:pk>/referral/", views_providers.case_referral, name="case_referral"),
    path("cases/<int:pk>/provider/", views_providers.provider_case, name="provider_case"),
    path("cases/<int:pk>/family/", views_providers.family_thread, name="family_thread"),
    path("events/<int:pk>/share/", views_providers.event_share, name="event_share"),
]
