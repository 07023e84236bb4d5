from django.apps import AppConfig


class AftercareConfig(AppConfig):
    name = "secondopinion.aftercare"
    label = "aftercare"
