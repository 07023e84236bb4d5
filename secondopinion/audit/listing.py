"""Logging the read of a list that names cases (NEN 7513): one search event, on the basis of the
user's most specific role in the listed cases, naming the patient when the list concerns one."""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import QuerySet

from secondopinion.access.permissions import primary_role
from secondopinion.access.policy import list_basis
from secondopinion.audit.services import access_record
from secondopinion.core.roles import Role

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase


def log_list_read(*, user: "User", cases: "QuerySet[SecondOpinionCase]", data: str, source: str) -> None:
    """Write the event for reading a list of `cases` (none for an empty list: it shows no patient data)."""
    roles, patient_id = list_basis(user, cases)
    role = primary_role(roles)
    if role is None:
        return
    patient_model = apps.get_model("directory", "Patient")
    patient = patient_model._default_manager.filter(pk=patient_id).first() if patient_id is not None else None
    access_record(
        actor=user,
        action="search",
        data=data,
        source=source,
        role=role,
        basis=role,
        patient=patient,
        on_behalf_of=patient.name if patient is not None and role == Role.REPRESENTATIVE else "",
    )
