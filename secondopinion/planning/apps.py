from django.apps import AppConfig


class PlanningConfig(AppConfig):
    name = "secondopinion.planning"
    label = "planning"
