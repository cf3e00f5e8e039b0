"""Volunteers: recruitment, vetting, trainings, certifications, shifts (issue 14)."""
from django.apps import AppConfig


class VolunteersConfig(AppConfig):
    name = "amparo.volunteers"
    label = "volunteers"
    verbose_name = "Volunteers"

    def ready(self) -> None:
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
