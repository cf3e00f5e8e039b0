"""TRAINING / TALLER / CAPACITACION: a roster member signs up for a training by SMS.

"TRAINING 12" takes a seat at training 12 (its number is on the page and in the
invitation); "TRAINING" alone lists the next three. Registered in intake's
keyword registry from ``VolunteersConfig.ready()``. None of the words is a
carrier or opt-out word in any language (STOP, BAJA, PARAR…), and none is one
edit from another keyword of the hotline. Only active responders of the
organization are the audience; anyone else's "TRAINING" routes on as a report.
"""

from __future__ import annotations

from amparo.intake.keywords import Answer, Audience, Keyword, Message, register
from amparo.reports.models import Route
from amparo.texts.render import render_text
from amparo.verification.models import Responder
from amparo.volunteers.models import SignupVia, Training
from amparo.volunteers.trainings import (
    SignUp,
    open_trainings,
    person_language,
    sign_up,
    training_context,
    when_text,
)

WORDS = ("TRAINING", "TALLER", "CAPACITACION")
KEYWORD = "volunteers.training"


def answer_training(msg: Message) -> Answer:
    org = msg.org
    responder = Responder.objects.filter(organization_id=org.pk, phone_hash=msg.caller_hash, is_active=True).first()
    if responder is None:  # left the roster between routing and now
        return Answer(key="training.none")
    language = person_language(org, responder)
    if msg.code is None:
        upcoming = list(open_trainings(org, msg.now)[:3])
        if not upcoming:
            return Answer(text=render_text(org.pk, "training.none", language), always=True)
        listed = "; ".join(f"{t.pk}: {training_context(t, language)['kind']}, {when_text(org, t.starts_at, language)}"
                           for t in upcoming)
        return Answer(text=render_text(org.pk, "training.list", language, list=listed), always=True)
    training = Training.objects.filter(organization_id=org.pk, pk=msg.code).select_related("kind").first()
    if training is None:
        return Answer(text=render_text(org.pk, "training.unknown", language, n=msg.code), always=True)
    result = sign_up(training, responder=responder, via=SignupVia.SMS, now=msg.now)
    ctx = training_context(training, language)
    key = {SignUp.TAKEN: "training.signed_up", SignUp.ALREADY: "training.already",
           SignUp.FULL: "training.full", SignUp.CLOSED: "training.unknown"}[result]
    return Answer(text=render_text(org.pk, key, language, **ctx), always=True)


def register_training_keywords() -> None:
    register(Keyword(KEYWORD, WORDS, answer_training, route=Route.KEYWORD, audience=Audience.ROSTER,
                     precedence=30, takes_code=True,
                     summary="Sign up for training <n>; alone, list the next trainings."))
