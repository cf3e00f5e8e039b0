"""Twilio Voice webhooks. Every one is signature-checked against the
organization it belongs to; each finds its call by (organization, CallSid)
and answers with TwiML from amparo.integrations.twilio.voice.twiml."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from amparo.core.numbers import normalize_number
from amparo.core.parse import ID_DIGITS, ascii_int
from amparo.integrations.twilio.client.signature import is_signed_by
from amparo.integrations.twilio.params import token
from amparo.integrations.twilio.voice import twiml
from amparo.orgs.lookup import hotline_number
from amparo.places.zips import is_real_zip
from amparo.voice import actions
from amparo.voice.duty import on_duty
from amparo.voice.models import Call, CallState, Option

FINAL_CALL_STATUSES = frozenset({"completed", "no-answer", "busy", "failed", "canceled"})
MAX_DURATION_DIGITS = 6  # seconds: a Twilio call lasts at most 24 hours (86,400 s)


def _xml(response: object) -> HttpResponse:
    return HttpResponse(str(response), content_type="text/xml")


def _text(message: str, status: int) -> HttpResponse:
    return HttpResponse(message, status=status, content_type="text/plain")


def _attempt(request: HttpRequest) -> int:
    return ascii_int(request.GET.get("attempt"), max_digits=2) or 0


def _call_for(request: HttpRequest) -> Call | HttpResponse:
    """The call named by ``?call=``, if the request is Twilio's about that call."""
    call_id = ascii_int(request.GET.get("call"), max_digits=ID_DIGITS)
    call = (Call.objects.select_related("organization", "hotline").filter(pk=call_id).first()
            if call_id is not None else None)
    if call is None:
        return _text("Unknown call", 404)
    if not is_signed_by(request, call.organization):
        return _text("Invalid signature", 403)
    sids = {token(request.POST, "CallSid"), token(request.POST, "ParentCallSid")} - {""}
    pending = call.direction == Call.OUTBOUND and call.call_sid.startswith("pending:")
    if call.call_sid not in sids and not pending:
        return _text("Unknown call", 404)
    return call


def _hook(view: Callable[[HttpRequest, Call], HttpResponse]) -> Callable[[HttpRequest], HttpResponse]:
    """A webhook about a call already started: CSRF-exempt, POST, the call resolved."""

    @csrf_exempt
    @require_POST
    def wrapper(request: HttpRequest) -> HttpResponse:
        call = _call_for(request)
        if isinstance(call, HttpResponse):
            return call
        return view(request, call)

    wrapper.__name__ = view.__name__
    wrapper.__doc__ = view.__doc__
    return wrapper


@csrf_exempt
@require_POST
def incoming(request: HttpRequest) -> HttpResponse:
    """A call to a hotline number: greeting, then the language menu."""
    post = request.POST
    number = hotline_number(normalize_number(post.get("To", "")))
    if number is None:
        return _text("Unknown number", 404)
    org = number.organization
    if not is_signed_by(request, org):
        return _text("Invalid signature", 403)
    sid = token(post, "CallSid")
    if not sid:
        return _text("CallSid is required", 400)
    if not number.voice:
        response = twiml.VoiceResponse()
        response.reject()
        return _xml(response)
    call = actions.start_call(org, call_sid=sid, from_number=post.get("From", ""), hotline=number)
    return _xml(twiml.greeting(call, org))


@_hook
def language(request: HttpRequest, call: Call) -> HttpResponse:
    org = call.organization
    codes = twiml.ivr_languages(org)
    code = request.GET.get("lang") if request.GET.get("lang") in codes else None
    choice = ascii_int(request.POST.get("Digits"), max_digits=2)
    if code is None and choice is not None and 1 <= choice <= len(codes):
        code = codes[choice - 1]
    if code is None:
        attempt = _attempt(request)
        if attempt < 1:
            return _xml(twiml.language_menu(call, org, attempt + 1))
        code = codes[0]  # twice nothing usable: the organization's first language
    actions.choose_language(call, code)
    return _xml(twiml.main_menu(call, org, 0))


@_hook
def menu(request: HttpRequest, call: Call) -> HttpResponse:
    org = call.organization
    digit = request.POST.get("Digits", "")
    if digit == Option.KYR:
        actions.choose_option(call, Option.KYR)
        return _xml(twiml.know_your_rights(call, org))
    if digit in (Option.NOW, Option.PAST):
        actions.choose_option(call, digit)
        if digit == Option.NOW and not call.surge:
            duty = on_duty(org)
            if duty and call.hotline:
                actions.set_state(call, CallState.RINGING)
                return _xml(twiml.ring(call, org, [d.phone for d in duty if d.phone is not None], caller_id=call.hotline.e164))
        actions.set_state(call, CallState.ZIP)
        return _xml(twiml.ask_zip(call, org, 0, lead="ivr.nobody" if digit == Option.NOW else None))
    attempt = _attempt(request)
    if attempt < 1:
        return _xml(twiml.main_menu(call, org, attempt + 1, retry=True))
    # The keypad is not working for this caller: let them speak instead.
    actions.set_state(call, CallState.RECORDING)
    return _xml(twiml.record(call, org))


@_hook
def after_kyr(request: HttpRequest, call: Call) -> HttpResponse:
    if request.POST.get("Digits"):
        return _xml(twiml.main_menu(call, call.organization, 0))
    return _xml(twiml.goodbye(call, call.organization))


@_hook
def dialed(request: HttpRequest, call: Call) -> HttpResponse:
    """The <Dial> action: connected and done, or nobody accepted."""
    if actions.dial_finished(call, token(request.POST, "DialCallStatus", max_len=24)):
        return _xml(twiml.hang_up())
    actions.set_state(call, CallState.ZIP)
    return _xml(twiml.ask_zip(call, call.organization, 0, lead="ivr.nobody"))


@_hook
def whisper(request: HttpRequest, call: Call) -> HttpResponse:
    """A dispatcher's phone answered (maybe their voicemail)."""
    if call.state != CallState.RINGING:
        return _xml(twiml.whisper_refused(call.organization, "ivr.whisper_taken"))
    return _xml(twiml.whisper(call, call.organization))


@_hook
def accept(request: HttpRequest, call: Call) -> HttpResponse:
    if request.POST.get("Digits") != "1":
        return _xml(twiml.hang_up())
    if actions.accept_call(call, dispatcher_number=request.POST.get("To", "")):
        return _xml(twiml.accepted(call, call.organization))
    return _xml(twiml.whisper_refused(call.organization, "ivr.whisper_taken"))


@_hook
def zip_code(request: HttpRequest, call: Call) -> HttpResponse:
    digits = request.POST.get("Digits", "")
    if is_real_zip(digits):  # five ASCII digits only: "٩٠٠١٢" made zipcodes panic
        actions.set_zip(call, digits)
    else:
        attempt = _attempt(request)
        if attempt < 1:
            return _xml(twiml.ask_zip(call, call.organization, attempt + 1))
    actions.set_state(call, CallState.RECORDING)
    return _xml(twiml.record(call, call.organization))


@_hook
def recorded(request: HttpRequest, call: Call) -> HttpResponse:
    """The <Record> action: the recording itself arrives on its status callback."""
    return _xml(twiml.after_recording(call, call.organization))


@_hook
def recording(request: HttpRequest, call: Call) -> HttpResponse:
    """Twilio's recording status callback."""
    post = request.POST
    actions.receive_recording(
        call, recording_sid=token(post, "RecordingSid"), recording_url=post.get("RecordingUrl", ""),
        status=token(post, "RecordingStatus", max_len=24, default="completed"),
        seconds=ascii_int(post.get("RecordingDuration"), max_digits=MAX_DURATION_DIGITS),
    )
    return HttpResponse(status=204)


@csrf_exempt
@require_POST
def status(request: HttpRequest) -> HttpResponse:
    """Call status callbacks: a call that ends midway still leaves its report."""
    post = request.POST
    if request.GET.get("call"):
        call = _call_for(request)
        if isinstance(call, HttpResponse):
            return call
    else:
        inbound = token(post, "Direction", max_len=24, default="inbound") == "inbound"
        number = hotline_number(normalize_number(post.get("To" if inbound else "From", "")))
        if number is None:
            return _text("Unknown number", 404)
        if not is_signed_by(request, number.organization):
            return _text("Invalid signature", 403)
        found = Call.objects.select_related("organization", "hotline").filter(
            organization=number.organization, call_sid=token(post, "CallSid")).first()
        if found is None:
            return HttpResponse(status=204)  # a call that never reached the greeting
        call = found
    if token(post, "CallStatus", max_len=24) in FINAL_CALL_STATUSES:
        actions.end_call(call, status=post["CallStatus"])
    return HttpResponse(status=204)


@_hook
def bridge(request: HttpRequest, call: Call) -> HttpResponse:
    """A console call back: the dispatcher picked up; now ring the reporter."""
    if call.direction != Call.OUTBOUND or not call.caller_number or call.hotline is None:
        return _xml(twiml.hang_up())
    sid = token(request.POST, "CallSid")
    if call.call_sid.startswith("pending:") and sid:
        Call.objects.filter(pk=call.pk, call_sid=call.call_sid).update(call_sid=sid[:64])
    return _xml(twiml.bridge(call, call.organization, call.caller_number, caller_id=call.hotline.e164))
