"""The texts volunteers' recruitment sends (registered in VolunteersConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from amparo.texts.registry import register


def register_recruitment_texts() -> None:
    register(
        "volunteers.signup_received",
        _("{org}: we received your volunteer sign-up. Nothing else is needed now: someone from the network "
          "will contact you."),
        "SMS to a person who signed up on the volunteer form. {org} is the network's name.",
        max_len=300,
    )
