from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "secondopinion.directory"
    label = "directory"
