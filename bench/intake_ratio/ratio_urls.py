"""The project's URL map plus ``/bench/bare``: a view that reads the POST and answers empty TwiML,
through the same middleware, process and server as the real webhook."""

from django.http import HttpRequest, HttpResponse
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST


@csrf_exempt
@require_POST
def bare(request: HttpRequest) -> HttpResponse:
    request.POST.get("Body")
    return HttpResponse('<?xml version="1.0" encoding="UTF-8"?><Response />', content_type="text/xml")


urlpatterns = [path("bench/bare", bare), path("", include("amparo.urls"))]
