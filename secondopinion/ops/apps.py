from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "secondopinion.ops"
    label = "ops"
    verbose_name = "Operations"
