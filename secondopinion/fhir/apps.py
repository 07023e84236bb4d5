from django.apps import AppConfig


class FhirConfig(AppConfig):
    name = "secondopinion.fhir"
    label = "fhir"
