"""Volunteers: recruitment, vetting, trainings, certifications, shifts (issue 14)."""
from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "amparo.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
        # Django's start-up order: receivers and registrations use models, loaded only once apps are ready.
        from amparo.volunteers import receivers_recruit  # noqa: F401
        from amparo.volunteers.texts import register_recruitment_texts

        register_recruitment_texts()
        from amparo.voice.duty import register_on_duty_source
        from amparo.volunteers import shift_sweep  # noqa: F401  (registers the shifts' minute sweep with Huey)
        from amparo.volunteers.shifts import on_desk_now

        register_on_duty_source(on_desk_now)
