"""/fhir/R4/: the routes FHIR's RESTful API defines, with FHIR's own id syntax ([A-Za-z0-9-.]{1,64})."""

from django.urls import re_path

from secondopinion.fhir import views

app_name = "fhir"
TYPE = r"(?P<resource_type>[A-Z][A-Za-z]{1,63})"
ID = r"(?P<resource_id>[A-Za-z0-9\-.]{1,64})"

urlpatterns = [
    re_path(r"^$", views.system_level, name="system"),
    re_path(r"^metadata$", views.metadata, name="metadata"),
    re_path(rf"^{TYPE}$", views.type_level, name="type"),
    re_path(rf"^{TYPE}/{ID}$", views.instance_level, name="instance"),
    re_path(r"^(?P<rest>.+)$", views.unsupported, name="unsupported"),
]
