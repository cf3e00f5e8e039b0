from django.apps import AppConfig


class VerificationConfig(AppConfig):
    name = "amparo.verification"
    label = "verification"

    def ready(self) -> None:
        # Django's start-up order: the handlers use models, which load only once apps are ready.
        from amparo.verification import notify
        from amparo.verification.keywords import register_responder_keywords
        from amparo.verification.tasks import wake_sweep

        register_responder_keywords()
        notify.set_waker(lambda delay: wake_sweep.schedule(delay=delay))
