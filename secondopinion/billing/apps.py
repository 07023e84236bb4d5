from django.apps import AppConfig


class BillingConfig(AppConfig):
    name = "secondopinion.billing"
    label = "billing"
