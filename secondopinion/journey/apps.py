from django.apps import AppConfig


class JourneyConfig(AppConfig):
    name = "secondopinion.journey"
    label = "journey"
