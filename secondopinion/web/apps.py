from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "secondopinion.web"
    label = "web"
