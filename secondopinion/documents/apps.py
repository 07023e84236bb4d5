from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "secondopinion.documents"
    label = "documents"
