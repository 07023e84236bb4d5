from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "secondopinion.records"
    label = "records"
