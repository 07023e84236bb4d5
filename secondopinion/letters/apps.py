from django.apps import AppConfig


class LettersConfig(AppConfig):
    name = "secondopinion.letters"
    label = "letters"
