"""The texts trainings and certifications send (registered from ``VolunteersConfig.ready()``).

Texts to members, not to callers: English and Spanish are required (the review
catalogs cover caller-facing texts only). ``{n}`` is the training's number, the
one "TRAINING 12" / "TALLER 12" signs up with.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from amparo.texts.registry import register


def register_training_texts() -> None:
    register("training.signed_up",
             _("You have a seat at {kind}, training {n}: {when}. {where} We will remind you the day before."),
             "SMS answer to TRAINING <n> when a seat was taken. {kind}, {n}, {when}, {where}.", max_len=320)
    register("training.already",
             _("You already have a seat at training {n}: {when}."),
             "SMS answer to TRAINING <n> from someone already signed up.", max_len=320)
    register("training.full",
             _("Training {n} is full. Text TRAINING to see the next ones."),
             "SMS answer when the last seat of a training was taken first.", max_len=320)
    register("training.unknown",
             _("There is no upcoming training {n}. Text TRAINING to see the next ones."),
             "SMS answer to TRAINING <n> with a number that is no open training of the network.", max_len=320)
    register("training.list",
             _("Next trainings: {list}. Reply TRAINING and the number to take a seat."),
             "SMS answer to TRAINING without a number. {list} is 'number: kind, date' for up to three.", max_len=480)
    register("training.none",
             _("No training is scheduled right now. We will text you when one is."),
             "SMS answer to TRAINING when none is open.", max_len=320)
    register("training.reminder_day",
             _("Reminder: {kind} is on {when}. {where}"),
             "Reminder a day before a training. {kind}, {when}, {where}.", max_len=320)
    register("training.reminder_hours",
             _("Reminder: {kind} starts at {when}. {where}"),
             "Reminder two hours before a training. {kind}, {when}, {where}.", max_len=320)
    register("cert.expiring",
             _("Your {kind} certification expires on {day}. Sign up for a training to renew it: text TRAINING."),
             "Reminder before a certification expires. {kind}, {day}.", max_len=320)
