"""TwiML for each step of a call, built with the twilio library.

Pure functions of the call and the organization: they read texts and
settings but change nothing, so a replayed webhook gets the same answer.
Every URL handed to Twilio is absolute on AMPARO_PUBLIC_URL, the URL
signatures are computed over.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlencode

from django.conf import settings
from twilio.twiml.voice_response import Dial, Gather, VoiceResponse

from amparo.orgs.models import Organization
from amparo.texts.render import render_text
from amparo.voice.languages import VOICES, ivr_languages
from amparo.voice.models import Call

HOOKS = "/hooks/twilio/voice"
RECORD_MAX_SECONDS = 180
MAX_DIAL_NUMBERS = 10  # Twilio rings at most ten <Number>s in one <Dial>
DIAL_TIMEOUT = 25  # seconds the dispatchers' phones ring
GATHER_TIMEOUT = 6
WHISPER_TIMEOUT = 10

def hook_url(step: str = "", **query: object) -> str:
    path = HOOKS + (f"/{step}" if step else "")
    return settings.AMPARO_PUBLIC_URL + path + (f"?{urlencode(query)}" if query else "")


def say(node: VoiceResponse | Gather, org_id: int | None, key: str, lang: str, **context: object) -> None:
    language, voice = VOICES.get(lang, VOICES["en"])
    node.say(render_text(org_id, key, lang, **context), language=language, voice=voice)


def _gather(step: str, call: Call, attempt: int, digits: int = 1, timeout: int = GATHER_TIMEOUT) -> Gather:
    # actionOnEmptyResult: a timeout comes to the same handler with no Digits,
    # so "no input" and "wrong input" follow one rule.
    return Gather(num_digits=digits, timeout=timeout, action=hook_url(step, call=call.pk, attempt=attempt),
                  method="POST", action_on_empty_result=True)


def greeting(call: Call, org: Organization) -> VoiceResponse:
    """The recording notice (California needs consent before recording) in every
    language offered, then the language menu; a one-language line goes
    straight to the main menu."""
    response = VoiceResponse()
    codes = ivr_languages(org)
    key = "ivr.greeting.surge" if call.surge else "ivr.greeting"
    for code in codes:
        say(response, org.pk, key, code)
    if len(codes) == 1:
        response.redirect(hook_url("language", call=call.pk, attempt=0, lang=codes[0]), method="POST")
        return response
    return language_menu(call, org, 0, response)


def language_menu(call: Call, org: Organization, attempt: int, response: VoiceResponse | None = None) -> VoiceResponse:
    response = response or VoiceResponse()
    gather = _gather("language", call, attempt)
    for digit, code in enumerate(ivr_languages(org), start=1):
        say(gather, org.pk, "ivr.language_option", code, digit=digit)
    response.append(gather)
    return response


def main_menu(call: Call, org: Organization, attempt: int, retry: bool = False) -> VoiceResponse:
    response = VoiceResponse()
    gather = _gather("menu", call, attempt)
    if retry:
        say(gather, org.pk, "ivr.menu_retry", call.language)
    say(gather, org.pk, "ivr.menu", call.language)
    response.append(gather)
    return response


def know_your_rights(call: Call, org: Organization) -> VoiceResponse:
    response = VoiceResponse()
    say(response, org.pk, "kyr.long", call.language)
    gather = _gather("kyr", call, 0)
    say(gather, org.pk, "ivr.kyr_after", call.language)
    response.append(gather)
    return response


def ring(call: Call, org: Organization, numbers: Sequence[str], caller_id: str) -> VoiceResponse:
    """Ring the on-duty dispatchers at once. Each leg runs the whisper first;
    the first leg whose whisper ends without hanging up is bridged and the
    others are cancelled (Twilio's simultaneous dialing)."""
    response = VoiceResponse()
    say(response, org.pk, "ivr.connecting", call.language)
    dial = Dial(caller_id=caller_id, timeout=DIAL_TIMEOUT, action=hook_url("dialed", call=call.pk), method="POST",
                answer_on_bridge=True)
    for number in numbers[:MAX_DIAL_NUMBERS]:
        dial.number(number, url=hook_url("whisper", call=call.pk), method="POST")
    response.append(dial)
    return response


def whisper(call: Call, org: Organization) -> VoiceResponse:
    """What a ringing dispatcher hears. Only a keypress accepts: a voicemail
    greeting presses nothing, so the leg hangs up and voicemail never takes
    the call."""
    response = VoiceResponse()
    lang = org.default_language
    gather = Gather(num_digits=1, timeout=WHISPER_TIMEOUT, action=hook_url("accept", call=call.pk), method="POST")
    say(gather, org.pk, "ivr.whisper", lang, ref=call.pk)
    response.append(gather)
    response.hangup()
    return response


def accepted(call: Call, org: Organization) -> VoiceResponse:
    # An empty document ends the whisper without a hang-up: Twilio bridges this leg.
    return VoiceResponse()


def whisper_refused(org: Organization, key: str | None = None) -> VoiceResponse:
    response = VoiceResponse()
    if key:
        say(response, org.pk, key, org.default_language)
    response.hangup()
    return response


def ask_zip(call: Call, org: Organization, attempt: int, lead: str | None = None) -> VoiceResponse:
    response = VoiceResponse()
    if lead:
        say(response, org.pk, lead, call.language)
    gather = _gather("zip", call, attempt, digits=5, timeout=GATHER_TIMEOUT + 4)
    say(gather, org.pk, "ivr.zip_retry" if attempt else "ivr.zip", call.language)
    response.append(gather)
    return response


def record(call: Call, org: Organization, lead: str | None = None) -> VoiceResponse:
    response = VoiceResponse()
    if lead:
        say(response, org.pk, lead, call.language)
    say(response, org.pk, "ivr.record", call.language)
    response.record(
        max_length=RECORD_MAX_SECONDS, play_beep=True, finish_on_key="#", timeout=10,
        action=hook_url("recorded", call=call.pk), method="POST",
        recording_status_callback=hook_url("recording", call=call.pk), recording_status_callback_method="POST",
        recording_status_callback_event="completed absent",
    )
    # Reached when nothing was recorded: Twilio skips the action then.
    return _farewell(call, org, response)


def _farewell(call: Call, org: Organization, response: VoiceResponse) -> VoiceResponse:
    key = "ivr.callback_promise" if call.caller_number else "ivr.thanks_no_number"
    say(response, org.pk, key, call.language)
    response.hangup()
    return response


def after_recording(call: Call, org: Organization) -> VoiceResponse:
    return _farewell(call, org, VoiceResponse())


def goodbye(call: Call, org: Organization) -> VoiceResponse:
    response = VoiceResponse()
    say(response, org.pk, "ivr.goodbye", call.language or org.default_language)
    response.hangup()
    return response


def hang_up() -> VoiceResponse:
    response = VoiceResponse()
    response.hangup()
    return response


def bridge(call: Call, org: Organization, reporter_number: str, caller_id: str) -> VoiceResponse:
    """A console call back: the dispatcher answered their own phone; now ring
    the reporter, who sees only the hotline number."""
    response = VoiceResponse()
    say(response, org.pk, "ivr.callback_whisper", org.default_language, ref=call.report.ref if call.report else "")
    dial = Dial(caller_id=caller_id, timeout=DIAL_TIMEOUT)
    dial.number(reporter_number)
    response.append(dial)
    return response
