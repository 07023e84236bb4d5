from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "secondopinion.demo"
    label = "demo"
    verbose_name = "Demo"
