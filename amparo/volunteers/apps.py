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
        # Django's start-up order: registrations and the Huey task use models, loaded only once apps are ready.
        from amparo.accounts.role_checks import register_role_check
        from amparo.verification.eligibility import register_dispatch_check
        from amparo.volunteers import training_tasks  # noqa: F401  (registers the minute sweep)
        from amparo.volunteers.certifications import (
            field_certification_refusals,
            role_certification_refusal,
        )
        from amparo.volunteers.training_keywords import register_training_keywords
        from amparo.volunteers.training_texts import register_training_texts

        register_training_texts()
        register_training_keywords()
        register_dispatch_check(field_certification_refusals)
        register_role_check(role_certification_refusal)
        from amparo.volunteers.certifications import coverage_figures
        from amparo.volunteers.coverage import register_certification_figures

        register_certification_figures(coverage_figures)
