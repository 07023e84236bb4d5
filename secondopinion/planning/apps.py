from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class PlanningConfig(AppConfig):
    name = "secondopinion.planning"
    label = "planning"

    def ready(self) -> None:
        from secondopinion.core.refcache import clear_on_change
        from secondopinion.planning.models import StepDuration
        from secondopinion.planning.selectors import OWN_DAYS

        # An organisation's changed days are seen at once in this process (core/refcache.py).
        receiver = clear_on_change(OWN_DAYS)
        post_save.connect(receiver, sender=StepDuration, weak=False, dispatch_uid="step-days-save")
        post_delete.connect(receiver, sender=StepDuration, weak=False, dispatch_uid="step-days-delete")
