from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.generic import RedirectView


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [
    path("", RedirectView.as_view(url="/report/", permanent=False)),
    path("healthz", healthz),
    path("hooks/twilio/", include("amparo.integrations.twilio.urls")),
    path("report/", include("amparo.public.urls")),
    path("manage/", include("amparo.manage.urls")),
    path("api/", include("amparo.api.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("platform-admin/", admin.site.urls),
]
