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
    max_len: int = 480  # three SMS segments


TEXTS: dict[str, TextDef] = {}


def register(key: str, default: Promise, help: str, max_len: int = 480) -> None:
    TEXTS[key] = TextDef(key, default, help, max_len)


register(
    "ack.report",
    _("Amparo hotline: we received your report (ref {ref}). A trained volunteer will check it. Stay safe and keep your distance."),
    "SMS/WhatsApp reply to a new report. {ref} is the incident reference.",
)
register(
    "ack.followup",
    _("Thanks, we added this to your report (ref {ref})."),
    "Reply to a follow-up message in an open conversation.",
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


def default_text(key: str, language: str) -> str:
    with translation.override(language):
        return str(TEXTS[key].default)
