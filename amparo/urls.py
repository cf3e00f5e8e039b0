from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(url="/report/", permanent=False)),
    path("healthz", healthz),
    path("hooks/twilio/voice", include("amparo.integrations.twilio.voice.urls")),
    path("hooks/twilio/", include("amparo.integrations.twilio.sms.urls")),
    path("voice/", include("amparo.voice.staff_urls")),
    path("report/", include("amparo.public.urls")),
    path("updates/", include("amparo.public.updates_urls")),
    path("join/", include("amparo.public.join_urls")),
    path("alerts/", include("amparo.public.alerts_urls")),
    path("messaging/", include("amparo.messaging.urls")),
    path("manage/", include("amparo.manage.urls")),
    path("console/", include("amparo.console.urls")),
    path("blocklist/", include("amparo.blocklist.urls")),
    path("audit/", include("amparo.manage.audit_urls")),
    path("retention/", include("amparo.retention.urls")),
    path("verification/", include("amparo.verification.urls")),
    path("legal/", include("amparo.legal.urls")),
    path("volunteers/", include("amparo.volunteers.urls")),
    path("api/", include("amparo.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("platform-admin/", admin.site.urls),
    path("", include("amparo.accounts.urls")),
]
