from django.apps import AppConfig


class LegalConfig(AppConfig):
    name = "amparo.legal"
    label = "legal"
    verbose_name = "Legal aid"

    def ready(self) -> None:
        # Django's start-up order: the purger uses models, loaded only once apps are ready.
        # (tasks.py, the reminder sweep and the daily purge, is found by Huey's autodiscovery.)
        from amparo.legal.actions.purge import (
            FAMILY_KEEPER,
            keep_family_replies,
            keep_family_texts,
            purge_people_of_incident,
        )
        from amparo.retention.registry import register_purger, report_keeper, sent_text_keeper

        register_purger("legal", purge_people_of_incident)
        report_keeper(FAMILY_KEEPER)(keep_family_replies)
        sent_text_keeper(FAMILY_KEEPER)(keep_family_texts)
        # Django's start-up order: the registrations use models, which load only once apps are ready.
        from amparo.accounts.signals import invitation_accepted
        from amparo.incidents.publishing import register_private_incidents
        from amparo.intake.threads import register_thread_finder
        from amparo.legal import referral_tasks  # noqa: F401  # registers the minute sweep (not named tasks.py: legal-cases may own it)
        from amparo.legal.family import THREAD_NAME, find_family_thread
        from amparo.legal.provider_keywords import register_provider_keywords
        from amparo.legal.providers import tie_attorney
        from amparo.legal.selectors import person_incident_ids
        from amparo.legal.texts import register_legal_texts

        register_legal_texts()
        # An incident linked to a person affected is never published (docs/alerts.md, rumor control).
        register_private_incidents(person_incident_ids)
        register_provider_keywords()
        register_thread_finder(THREAD_NAME, find_family_thread)
        invitation_accepted.connect(tie_attorney, dispatch_uid="legal.tie_attorney")
