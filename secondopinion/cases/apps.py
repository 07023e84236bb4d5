from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "secondopinion.cases"
    label = "cases"
