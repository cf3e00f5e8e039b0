"""Every caller-facing text, with its gettext default.

A text is looked up by key and language: the organization's override if an
admin wrote one, else the translated default. Adding a language is adding a
catalog under amparo/locale. Later features register their texts here.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class TextDef:
    key: str
    default: Promise
    help: str
    max_len: int = 480  # three SMS segments, the fixed part included
    # Appended to the text, override or not, in the same language: what no admin may remove.
    fixed: Promise | None = None


TEXTS: dict[str, TextDef] = {}

# The line of Amparo's lawful scope in every text that sends a responder out
# (docs/decisions.md): fixed, so an organization's override cannot drop it.
LAWFUL_LINE = _("Observe from a lawful distance and never intervene. Document what the operation does; never "
                "record officers' names, badge numbers, faces, personal vehicles or homes.")


def register(key: str, default: Promise, help: str, max_len: int = 480, fixed: Promise | None = None) -> None:
    TEXTS[key] = TextDef(key, default, help, max_len, fixed)


def fixed_text(key: str, language: str) -> str:
    """The part of ``key`` no override can change, in ``language`` ("" for most texts)."""
    fixed = TEXTS[key].fixed
    if fixed is None:
        return ""
    with translation.override(language):
        return str(fixed)


register(
    "ack.report",
    _("Amparo hotline: we received your report (ref {ref}). A trained volunteer will check it. Stay safe and keep your distance."),
    "SMS/WhatsApp reply to a new report. {ref} is the report's own reference (R-27), the one the web form shows.",
)
register(
    "ack.followup",
    _("Thanks, we added this to your report (ref {ref})."),
    "Reply to a follow-up message in an open conversation. {ref} is the reference of the caller's first report (R-27).",
)
register(
    "kyr.short",
    _("Your rights: you may remain silent. Do not open the door without a warrant signed by a judge. Do not sign anything."),
    "One line of know-your-rights advice appended to acknowledgements.",
)
register(
    "kyr.long",
    _(
        "You have the right to remain silent. You do not have to open the door unless agents show a warrant "
        "signed by a judge; ask them to slide it under the door. Do not sign anything you do not understand. "
        "You have the right to speak to a lawyer. If you watch an operation, keep a safe distance, record "
        "calmly and never interfere."
    ),
    "Know-your-rights text on the report confirmation page.",
    max_len=1600,
)
register(
    "help",
    _("Amparo hotline: text what you see and where (street and cross street, or ZIP) to report immigration enforcement. Reply STOP to stop messages."),
    "Reply to HELP.",
)
register(
    "stop",
    _("You will not receive more messages from this hotline. Reply START to receive them again."),
    "Reply to STOP (when the carrier does not answer it itself).",
)
register(
    "start",
    _("You can receive messages from this hotline again. Reply STOP to stop."),
    "Reply to START.",
)
register(
    "error.generic",
    _("Sorry, we could not read that message. Please text what you see and where, or call the hotline."),
    "Reply when a message cannot be understood.",
)

# Canned replies a dispatcher texts a reporter (amparo/messaging/canned.py seeds
# each organization's list from these; admins then edit their own copies).
register(
    "canned.ask_location",
    _("Amparo hotline: where exactly is this happening? Please send the street and the nearest cross street, or the ZIP code."),
    "Canned reply: ask a reporter for cross streets or a ZIP code.",
)
register(
    "canned.ask_photo",
    _("Amparo hotline: if you can do it safely, send a photo taken from a distance. Do not get close and do not put yourself at risk."),
    "Canned reply: ask a reporter for a photo taken from a safe distance.",
)
register(
    "canned.kyr",
    _("Your rights: you may remain silent. Do not open the door without a warrant signed by a judge. Do not sign anything. You have the right to a lawyer."),
    "Canned reply: know-your-rights advice.",
)


def default_text(key: str, language: str) -> str:
    with translation.override(language):
        return str(TEXTS[key].default)


# Voice hotline prompts (amparo/integrations/twilio/voice/twiml.py), spoken with <Say> in the
# caller's language. Keep them short: callers hear them, they cannot reread.
register(
    "ivr.greeting",
    _("You have reached the Amparo hotline. This call may be recorded."),
    "Phone greeting, spoken in every language offered. Must say the call may be recorded (California consent).",
)
register(
    "ivr.greeting.surge",
    _("You have reached the Amparo hotline. This call may be recorded. Our lines are very busy right now: "
      "the fastest way to report is to send a text message to this number."),
    "Phone greeting in surge mode: says the call may be recorded and offers SMS as the faster path.",
)
register(
    "ivr.language_option",
    _("For English, press {digit}."),
    "Language menu, spoken in each language: name the language itself. {digit} is the key.",
)
register(
    "ivr.menu",
    _("To report immigration activity happening now, press 1. To report something that already happened, "
      "press 2. To hear your rights, press 3."),
    "Phone main menu. The options and their keys are fixed.",
)
register(
    "ivr.menu_retry",
    _("Sorry, that is not an option."),
    "Said before the main menu is repeated after a wrong key or no key.",
)
register(
    "ivr.kyr_after",
    _("To hear the menu again, press 1. Or you can hang up now."),
    "Said after the know-your-rights text on the phone.",
)
register(
    "ivr.goodbye",
    _("Thank you for calling. Stay safe."),
    "Said before the hotline hangs up when the caller chose nothing more.",
)
register(
    "ivr.connecting",
    _("Please stay on the line while we connect you with a volunteer."),
    "Said while the on-duty dispatchers' phones ring.",
)
register(
    "ivr.nobody",
    _("No volunteer can answer right now. We will take your report by message."),
    "Said when no dispatcher is on duty or nobody accepted the call.",
)
register(
    "ivr.zip",
    _("Please enter the five-digit ZIP code of the place where this is happening, using the keypad."),
    "Asks the caller for the ZIP code of the place.",
)
register(
    "ivr.zip_retry",
    _("That ZIP code was not recognized. Please enter the five digits again."),
    "Asks once more after an invalid ZIP code.",
)
register(
    "ivr.record",
    _("After the tone, tell us what is happening, where, and when. Press the pound key or hang up when you are done."),
    "Said before the recording starts.",
)
register(
    "ivr.callback_promise",
    _("Thank you. A volunteer will call you back from this hotline number. Stay safe and keep your distance."),
    "Said after the recording when the caller's number is known.",
)
register(
    "ivr.thanks_no_number",
    _("Thank you. Your number is hidden, so we cannot call you back: text this number if you want an answer. Stay safe."),
    "Said after the recording when the caller hid their number.",
)
register(
    "ivr.whisper",
    _("Amparo hotline: a caller is reporting activity now, call reference {ref}. Press 1 to accept the call."),
    "Heard by a ringing dispatcher before the call is connected. {ref} is the call reference.",
)
register(
    "ivr.whisper_taken",
    _("Another volunteer took this call. Thank you."),
    "Heard by a dispatcher who pressed 1 after someone else accepted.",
)
register(
    "ivr.callback_whisper",
    _("Amparo hotline: calling the reporter of report {ref} now. They will see the hotline number, not yours."),
    "Heard by a dispatcher calling a reporter back from the console. {ref} is the report number.",
)

# --- verification (amparo/verification): texts to responders and dispatchers ---
register(
    "offer.sms",
    _("Amparo: can you verify incident {ref} near {area}? Reply YES {ref} or NO {ref}, or open {link}"),
    "Offer to a responder. {area} is the neighbourhood or ZIP only, {ref} the incident's number in the network (#7): "
    "write the word incident before it, never a bare number. {link} the accept page.",
    fixed=LAWFUL_LINE,
)
register(
    "offer.assigned",
    _("Amparo: you are assigned to incident {ref} near {area}. Go safely. Reply ARRIVED {ref} on arrival, OUT {ref} "
      "when you leave, SOS if you are in danger. Page: {link}"),
    "Reply to a responder whose acceptance took a seat.",
    fixed=LAWFUL_LINE,
)
register(
    "offer.taken",
    _("Amparo: thank you! Enough responders already accepted incident {ref}; you are not needed this time."),
    "Reply to a responder who accepted after every seat was taken.",
)
register(
    "offer.not_needed",
    _("Amparo: incident {ref} no longer needs responders. Thank you, no reply needed."),
    "Sent to responders with an open offer when the seats fill or the dispatch is cancelled.",
)
register(
    "offer.released",
    _("Amparo: the dispatcher released you from incident {ref}. Thank you. If you are still there, leave safely."),
    "Sent to an assigned responder when the dispatch is cancelled.",
)
register(
    "offer.declined",
    _("Amparo: OK, thanks for letting us know (incident {ref})."),
    "Reply to NO.",
)
register(
    "offer.already",
    _("Amparo: you are already assigned to incident {ref}."),
    "Reply to a second YES from an assigned responder.",
)
register(
    "offer.closed",
    _("Amparo: the offer for incident {ref} is closed. Thank you."),
    "Reply to YES or NO on an offer that was cancelled, declined or already answered.",
)
register(
    "offer.unknown_code",
    _("Amparo: we found no open offer with that number. Reply with the number from the offer, for example YES {ref}."),
    "Reply to a responder's code that matches nothing.",
)
register(
    "offer.which",
    _("Amparo: you have more than one open offer. Reply with its number, for example YES {ref}."),
    "Reply to YES/NO without a number when several offers are open.",
)
register(
    "offer.not_yours",
    _("Amparo: that number belongs to an offer sent to someone else. Reply with the number from your own offer."),
    "Reply to a responder using the code of another responder's offer.",
)
register(
    "offer.not_on_roster",
    _("Amparo: this number is not on the responder roster, so nothing changed. To report something, text what "
      "you see and where."),
    "Reply to a code-like message (YES 42) from a number that is not an active responder.",
)
register(
    "dispatch.escalated",
    _("Amparo: nobody accepted incident {ref} near {area}. Open the console to dispatch by hand."),
    "Text to on-duty dispatchers when every ring of offers went unanswered.",
)

# --- on scene (amparo/verification/onscene.py): check-in, check-out, SOS ---
register(
    "onscene.arrived",
    _("Amparo: checked in at incident {ref}. Reply OUT {ref} when you have left safely, SOS if you are in danger. "
      "Page: {link}"),
    "Check-in reply and check-out prompt to a responder who arrived. {ref} incident number, {link} their page.",
    fixed=LAWFUL_LINE,
)
register(
    "onscene.already_arrived",
    _("Amparo: you are already checked in at incident {ref}. Reply OUT {ref} when you have left safely."),
    "Reply to a second ARRIVED.",
)
register(
    "onscene.checked_out",
    _("Amparo: thank you, you are checked out of incident {ref}. Once you are somewhere safe, file what you documented "
      "on your page: {link}"),
    "Reply to OUT: the responder left the scene safely.",
)
register(
    "onscene.sos_ack",
    _("Amparo: we alerted the dispatcher and the safety contact. Move away to a safe place now. Do not resist "
      "or argue; you have the right to remain silent and to ask for a lawyer."),
    "Reply to SOS / AYUDA from a responder.",
)
register(
    "onscene.sos_alert",
    _("Amparo SOS: responder {name} ({phone}) asked for help at incident {ref} near {area}. Call them now."),
    "Text to on-duty dispatchers and the safety contact when a responder sends SOS.",
)
register(
    "onscene.sos_alert_unassigned",
    _("Amparo SOS: responder {name} ({phone}) asked for help. Call them now."),
    "The same, when the responder who sent SOS has no assignment: there is no incident to name.",
)
register(
    "onscene.checkout_overdue",
    _("Amparo: responder {name} ({phone}) has not checked out of incident {ref} near {area} (due {due}). Call them."),
    "Text to on-duty dispatchers when a responder's check-out is overdue.",
)
register(
    "onscene.safety_overdue",
    _("Amparo safety: responder {name} ({phone}) has still not checked out of incident {ref} near {area}; the dispatcher "
      "was alerted at {alerted}. Please call them."),
    "Text to the network's safety contact after the dispatcher's alert went unanswered.",
)
register(
    "onscene.safe_again",
    _("Amparo: responder {name} has checked out of incident {ref} safely."),
    "Text to those alerted (dispatchers, safety contact) when the overdue or SOS responder checks out.",
)

# --- the outcome by SMS (amparo/verification/outcome_codes.py; replies to "ICE 7", "NADA 7") ---
register(
    "outcome.codes",
    _("Amparo: to report what you found at incident {ref}, reply with a word and {ref}. {codes}. For example: {example}"),
    "Added to the check-out reply while the responder has reported no outcome. {codes} lists the outcome words "
    "(made from the outcomes the app knows, in the responder's language), {example} is one with the number.",
)
register(
    "outcome.recorded",
    _("Amparo: thank you, the outcome of incident {ref} is recorded: {outcome}."),
    "Reply to an outcome sent by SMS. {outcome} is what was recorded (with the agency, if any).",
)
register(
    "outcome.already",
    _("Amparo: the outcome of incident {ref} was already recorded ({outcome}). To correct it, call the dispatcher."),
    "Reply to a second outcome for the same assignment.",
)
register(
    "outcome.too_late",
    _("Amparo: the outcome of incident {ref} can no longer be reported by text: you checked out more than {hours} hours "
      "ago. Please call the dispatcher."),
    "Reply to an outcome sent after the organization's window after check-out. {hours} is that window.",
)
register(
    "outcome.not_assigned",
    _("Amparo: you have no assignment for incident {ref}, so no outcome was recorded. To report something new, text what you "
      "see and where."),
    "Reply to an outcome code whose number is not one of the responder's assignments.",
)
# --- community information (amparo/alerts): the public page of what was verified, later the alerts ---
# Fixed lines (docs/decisions.md): no override removes them. A confirmed incident always says not to go
# there; a false alarm always says plainly that it was checked and was not immigration enforcement.
DO_NOT_GO_LINE = _("Do not go to the area.")
NOT_ENFORCEMENT_LINE = _("This was checked and was not immigration enforcement.")
register(
    "alerts.confirmed",
    _("Immigration enforcement confirmed by the network's trained observers."),
    "Said of a confirmed incident on the public page of what was verified; the fixed line follows.",
    max_len=320,
    fixed=DO_NOT_GO_LINE,
)
register(
    "alerts.false_alarm",
    _("The network's trained observers went there."),
    "Said of a false alarm on the public page of what was verified; the fixed line follows.",
    max_len=320,
    fixed=NOT_ENFORCEMENT_LINE,
)
# The alerts texted to subscribers (amparo/alerts/compose.py): built from structured fields only, never a
# report's words, an address, a vehicle or a plate. Each keeps one line of know-your-rights advice and the same
# fixed line as the public page. Short, so that every language fits three SMS segments (UCS-2 for most).
register(
    "alerts.sms.confirmed",
    _("Amparo alert, {time}: immigration enforcement ({agency}) confirmed near {area}. Your rights: stay silent; "
      "do not open the door without a judge's warrant."),
    "SMS alert to subscribers about a confirmed incident. {agency} the agency the observers identified, {area} the "
    "zone or ZIP, {time} the time of the verdict. The fixed line follows.",
    max_len=300,
    fixed=DO_NOT_GO_LINE,
)
register(
    "alerts.sms.false_alarm",
    _("Amparo, {time}: the report near {area} was a false alarm. Your rights: stay silent; do not open the "
      "door without a judge's warrant."),
    "SMS alert to subscribers about a false alarm. {area} the zone or ZIP, {time} the time of the verdict. "
    "The fixed line follows.",
    max_len=300,
    fixed=NOT_ENFORCEMENT_LINE,
)
# Rumor control (amparo/alerts/corrections.py): a false alarm corrected for those who reported it and those an
# alert reached. Short: two SMS segments in every shipped language, the reference and the fixed line included.
register(
    "alerts.correction.reporter",
    _("Amparo hotline, about your report {ref}:"),
    "Correction of a false alarm to each number that reported it, from the hotline; the fixed line follows. "
    "{ref} is the reporter's own report reference (R-27). Keep within 2 SMS segments.",
    max_len=160,
    fixed=NOT_ENFORCEMENT_LINE,
)
register(
    "alerts.correction.recipient",
    _("Amparo alerts, correction of our alert about {area}:"),
    "Correction of a false alarm to each subscriber an alert about it reached, from the alerts sender; the fixed "
    "line follows. {area} is the incident's ZIP, or else the zone's name. Keep within 2 SMS segments.",
    max_len=160,
    fixed=NOT_ENFORCEMENT_LINE,
)

# --- subscriptions to alerts (amparo/alerts/subscriptions.py): sent from the alerts sender, except
# "not set up" and "opted out" (answered where the subscriber wrote). Two SMS segments in English.
register(
    "alerts.sub.confirm",
    _("Amparo alerts: reply YES to get verified alerts about immigration enforcement near {areas}. "
      "Msg & data rates may apply. Reply STOP to stop, HELP for help."),
    "Double opt-in: asks a new subscriber to reply YES (or SI). {areas} the areas asked for (\"ZIP 90033, "
    "Boyle Heights\": the ZIP codes, then the zones' names).",
    max_len=320,
)
register(
    "alerts.sub.confirmed",
    _("Amparo alerts: you will get verified alerts for {areas}. To change the area, text ZIP and the new "
      "ZIP. To change the language, text {languages}. Reply STOP to stop."),
    "After YES, an area change or a language change. {areas} the ZIP codes and zones (\"ZIP 90033, Boyle "
    "Heights\"), {languages} the language words.",
    max_len=320,
)
register(
    "alerts.sub.help",
    _("Amparo alerts: text ALERTS and your 5-digit ZIP to subscribe (ALERTS {example}), ALERTS and another ZIP "
      "to add one, ZIP and a ZIP to replace them, {languages} to change language. STOP to stop."),
    "How to subscribe and change a subscription. {example} a ZIP of the network, {languages} the language words.",
    max_len=320,
)
register(
    "alerts.sub.bad_zip",
    _("Amparo alerts: we cannot use that ZIP. Send ALERTS and a 5-digit ZIP code in {states}, for example "
      "ALERTS {example}."),
    "Reply to an unknown ZIP, or one outside the network's states. {states} e.g. CA, {example} a ZIP.",
    max_len=320,
)
register(
    "alerts.sub.bad_zone",
    _("Amparo alerts: we do not know that zone. Zones: {zones}. Text ALERTS and a zone, or ALERTS and a "
      "5-digit ZIP."),
    "Reply to a zone's name the network does not have (ALERTS or ZONE and a name). {zones} the zones' names, "
    "as many as fit two segments.",
    max_len=320,
)
register(
    "alerts.sub.bad_language",
    _("Amparo alerts: that language is not offered here. Text one of: {languages}."),
    "Reply to a language the network does not offer. {languages} the words accepted.",
    max_len=320,
)
register(
    "alerts.sub.not_set_up",
    _("Amparo: this network has not set up alerts yet. To report what you see, text it to this number."),
    "Reply to ALERTS when the organization has no alerts sender configured.",
    max_len=320,
)
register(
    "alerts.sub.opted_out",
    _("Amparo alerts: you replied STOP to our alerts. To get them again, text START to the number the alerts "
      "came from."),
    "Reply to ALERTS from a number that replied STOP to the alerts sender.",
    max_len=320,
)
register(
    "alerts.sub.lapsed",
    _("Amparo alerts: your alerts for {areas} ended after a long time without activity. To subscribe again, "
      "text ALERTS and your ZIP (ALERTS {example})."),
    "Sent once when a silent subscription lapses. {areas} its ZIP codes and zones, {example} a ZIP.",
    max_len=320,
)

# --- shifts (amparo/volunteers): reminders, and the field shift's check-out safety chain ---
register(
    "shifts.desk_reminder",
    _("Amparo: your desk shift runs {start} to {end}. The hotline rings your duty phone during it. If you cannot "
      "make it, tell your coordinator now."),
    "Reminder to a member before their desk (dispatcher) shift. {start} {end} local times.",
)
register(
    "shifts.field_reminder",
    _("Amparo: your field shift at {site} runs {start} to {end}. You are there to be present and document, never "
      "to block or confront anyone. Check in and out on your page: {link}"),
    "Reminder to a member before their field shift. {site} the site's name, {link} their shifts page.",
    fixed=LAWFUL_LINE,
)
register(
    "shifts.checkout_reminder",
    _("Amparo: your field shift at {site} ended at {end}. Are you safe? Check out on your page: {link} If we do not "
      "hear from you soon, we will alert the dispatcher."),
    "To a member who has not checked out after their field shift ended: the first step of the safety chain.",
)
register(
    "shifts.checkout_overdue",
    _("Amparo: {name} ({phone}) has not checked out of the field shift at {site} (ended {end}) and did not answer "
      "a reminder. Call them."),
    "To on-duty dispatchers when a member's field shift check-out is overdue after the member's reminder.",
)
register(
    "shifts.safety_overdue",
    _("Amparo safety: {name} ({phone}) has still not checked out of the field shift at {site}; the dispatcher was "
      "alerted at {alerted}. Please call them."),
    "To the network's safety contact after the dispatchers' alert about a field shift went unanswered.",
)
register(
    "shifts.safe_again",
    _("Amparo: {name} has checked out of the field shift at {site} safely."),
    "To those alerted (dispatchers, safety contact) when the overdue member checks out.",
)
