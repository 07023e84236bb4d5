from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "secondopinion.audit"
    label = "audit"
