from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "secondopinion.consent"
    label = "consent"
