"""A provider's SMS answers to a referral: ``TAKE C12`` / ``TOMO C12`` and ``PASS C12`` / ``PASO C12``.

Registered in intake's keyword registry for provider contacts (the provider's
contact phone, matched by keyed hash). The number is the case's, written with
its ``C``: no word here is a responder's (YES, SI, ACCEPT, ACEPTO, NO...), and
every word is at least two edits from every other keyword of the hotline, so
one wrong letter never answers a dispatch instead. A provider who drops the
``C`` ("TAKE 12") is told how to write it and nothing changes; from anyone
else, "TAKE C12" and "TAKE 12" route on as any text does.
"""

from __future__ import annotations

from amparo.intake.keywords import Answer, Audience, Keyword, Message, register, register_audience
from amparo.legal.models import Case, Provider, Referral, ReferralStatus
from amparo.legal.referrals import ReferralError, accept_referral, decline_referral, referral_url
from amparo.reports.models import Route
from amparo.texts.render import render_text

TAKE_WORDS = ("TAKE", "TOMO")
PASS_WORDS = ("PASS", "PASO")
PREFIX = "C"


def is_provider_contact(org_id: int, caller_hash: str) -> bool:
    return bool(caller_hash) and Provider.objects.filter(organization_id=org_id, contact_phone_hash=caller_hash,
                                                         is_active=True).exists()


def _language(msg: Message, word: str) -> str:
    return "es" if word in ("TOMO", "PASO") else "en"


def _answer(msg: Message, accept: bool) -> Answer:
    word = msg.body.strip().split()[0].upper().strip(".!¡?¿,") if msg.body.strip() else ""
    lang = _language(msg, word)
    ref = f"{PREFIX}{msg.code}"
    if msg.code_prefix != PREFIX or msg.code is None:
        example = f"{TAKE_WORDS[1] if lang == 'es' else TAKE_WORDS[0]} {ref}"
        return Answer(text=render_text(msg.org.pk, "legal.provider_code_help", lang, example=example), always=True)
    providers = list(Provider.objects.filter(organization=msg.org, contact_phone_hash=msg.caller_hash,
                                             is_active=True).values_list("pk", flat=True))
    case = Case.objects.filter(organization=msg.org, number=msg.code).first()
    referral = (Referral.objects.filter(organization=msg.org, case=case, provider_id__in=providers,
                                        status=ReferralStatus.PENDING).select_related("provider").first()
                if case is not None else None)
    if referral is None:
        return Answer(text=render_text(msg.org.pk, "legal.provider_no_referral", lang, ref=ref), always=True)
    try:
        if accept:
            accept_referral(referral, by=None, via="sms", now=msg.now)
        else:
            decline_referral(referral, by=None, via="sms", now=msg.now)
    except ReferralError:
        return Answer(text=render_text(msg.org.pk, "legal.provider_no_referral", lang, ref=ref), always=True)
    key = "legal.provider_took" if accept else "legal.provider_passed"
    return Answer(text=render_text(msg.org.pk, key, lang, ref=ref, url=referral_url(referral)), always=True)


def answer_take(msg: Message) -> Answer:
    return _answer(msg, accept=True)


def answer_pass(msg: Message) -> Answer:
    return _answer(msg, accept=False)


def register_provider_keywords() -> None:
    register_audience(Audience.PROVIDER_CONTACT, is_provider_contact)
    register(Keyword("legal.take", TAKE_WORDS, answer_take, route=Route.KEYWORD, audience=Audience.PROVIDER_CONTACT,
                     precedence=30, takes_code=True, needs_code=True, code_prefix=PREFIX,
                     summary="A provider accepts a referral: the case is theirs (TAKE C12)."))
    register(Keyword("legal.pass", PASS_WORDS, answer_pass, route=Route.KEYWORD, audience=Audience.PROVIDER_CONTACT,
                     precedence=30, takes_code=True, needs_code=True, code_prefix=PREFIX,
                     summary="A provider declines a referral: the coordinator chooses another (PASS C12)."))
