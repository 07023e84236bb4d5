from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "secondopinion.reports"
    label = "reports"
