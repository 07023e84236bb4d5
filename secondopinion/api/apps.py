from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "secondopinion.api"
    label = "api"
