"""The legal slice's texts to providers and families, in the texts registry (``register_legal_texts``).

Provider texts (``legal.``) are in en and es. Family texts (``family.``) go to
callers' relatives, so they are caller-facing: every catalog carries them
(the five review catalogs marked for native-speaker review). None of them
names the person: a text can be read by whoever holds the phone.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amparo.texts.registry import TEXTS, register

REPLY_LINE = "Reply to this message to write to the legal team."


def register_legal_texts() -> None:
    if "legal.referral_new" in TEXTS:
        return
    register(
        "legal.referral_new",
        _("Amparo: a new referral for you, case {ref} ({type}). Log in to see it and answer: {url} Or reply TAKE "
          "{ref} to accept, PASS {ref} to decline, within {minutes} minutes."),
        "SMS and e-mail to a provider when a coordinator refers a case to it. Never names the person: {ref} is "
        "the case (C12), {type} its type, {url} the log-in link.",
    )
    register(
        "legal.provider_code_help",
        _("Amparo: write the C of the case number, for example {example}. Nothing was changed."),
        "Reply to a provider who answered a referral without the C (\"TAKE 12\").",
    )
    register(
        "legal.provider_no_referral",
        _("Amparo: no referral of case {ref} is waiting for your answer. Nothing was changed."),
        "Reply to a provider's TAKE/PASS for a case that is not waiting for them.",
    )
    register(
        "legal.provider_took",
        _("Amparo: thank you, case {ref} is yours. Log in to see the whole case: {url}"),
        "Reply to a provider's TAKE C12.",
    )
    register(
        "legal.provider_passed",
        _("Amparo: noted, you passed on case {ref}. The coordinator will refer it to someone else."),
        "Reply to a provider's PASS C12.",
    )
    register(
        "family.located",
        _("Amparo legal aid, case {ref}: your loved one has been located at {facility}. Reply to this message to "
          "write to the legal team."),
        "SMS to a family's safe-to-call contacts when the 'located' event is marked shareable.",
    )
    register(
        "family.transferred",
        _("Amparo legal aid, case {ref}: your loved one was moved to {facility}. Reply to this message to write to "
          "the legal team."),
        "SMS to a family's safe-to-call contacts when a 'transferred' event is marked shareable.",
    )
    register(
        "family.bond_set",
        _("Amparo legal aid, case {ref}: bond was set at {amount}. Reply to this message to write to the legal "
          "team."),
        "SMS to a family's safe-to-call contacts when 'bond set' is marked shareable.",
    )
    register(
        "family.hearing",
        _("Amparo legal aid, case {ref}: a hearing is scheduled on {when} at {court}. Reply to this message to "
          "write to the legal team."),
        "SMS to a family's safe-to-call contacts when a hearing is marked shareable.",
    )
    register(
        "family.update",
        _("Amparo legal aid, case {ref}: there is news in the case ({what}). Reply to this message to write to the "
          "legal team."),
        "SMS to a family's safe-to-call contacts for any other shareable event. {what} names the kind of event.",
    )
    register(
        "family.hearing_reminder",
        _("Amparo legal aid, case {ref}: reminder, the hearing is on {when} at {court}."),
        "SMS to a family's safe-to-call contacts 7 days and 1 day before a shareable hearing.",
    )
    register(
        "family.reply_ack",
        _("Amparo legal aid: thank you, the legal team will read your message."),
        "Reply to a family contact's text that joined their case's thread.",
    )
