from django.apps import AppConfig


class DistributionConfig(AppConfig):
    name = "secondopinion.distribution"
    label = "distribution"
