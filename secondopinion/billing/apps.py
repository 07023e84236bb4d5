from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save
from django.utils.translation import gettext_lazy as _


class BillingConfig(AppConfig):
    name = "secondopinion.billing"
    label = "billing"
    verbose_name = _("Billing")

    def ready(self) -> None:
        from secondopinion.billing.models import PracticePrice, TariffAmount, TariffCode
        from secondopinion.billing.prices import PRICES
        from secondopinion.core.refcache import clear_on_change

        # A changed code, amount or price is seen at once in this process (core/refcache.py).
        receiver = clear_on_change(PRICES)
        for model in (TariffCode, TariffAmount, PracticePrice):
            post_save.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"prices-{model.__name__}-save"
            )
            post_delete.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"prices-{model.__name__}-delete"
            )
