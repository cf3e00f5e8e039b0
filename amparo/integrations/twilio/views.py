from django.http import HttpRequest, HttpResponse


def sms_inbound(request: HttpRequest) -> HttpResponse:
    return HttpResponse(status=501)
