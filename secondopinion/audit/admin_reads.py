"""The admin site's reads of patient data, in the access log (NEN 7513).

The admin keeps patients and cases out (directory/admin.py), yet two of its pages show a patient's
data to the superuser who maintains the directory: a representation names its patient, and details
on hold show a name, a date of birth and a BSN. Each list page is one read per patient shown, each
page of one row a read of its patient, as every other read is logged; in the patient's own "who looked
at my file" too."""

from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from django.contrib import admin
from django.http import HttpRequest, HttpResponse

from secondopinion.audit.kinds import DataKind
from secondopinion.audit.services import access_record, access_record_each
from secondopinion.core.roles import Role

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

BASIS = "directory maintenance (admin)"


class PatientDataAdmin(admin.ModelAdmin):
    """A ModelAdmin whose rows show a patient's data: `log_data` is what they show (audit/kinds.py) and
    `patient_ids` which patient each row concerns (by default the row's own `patient_id`)."""

    log_data: DataKind

    def patient_ids(self, rows: list[Any]) -> list[int | None]:
        """Rows that name their patient (a representation); a model without `patient_id` says how."""
        return [getattr(row, "patient_id", None) for row in rows]

    def _log(self, request: HttpRequest, rows: list[Any], action: str, data: DataKind) -> None:
        patients = [pk for pk in self.patient_ids(rows) if pk is not None]
        if not patients or not request.user.is_authenticated:
            return
        if action == "read" and len(patients) == 1:
            from secondopinion.directory.models import Patient

            access_record(
                actor=request.user,
                action="read",
                data=data,
                source="web",
                role=Role.ADMINISTRATOR,
                basis=BASIS,
                patient=Patient.objects.get(pk=patients[0]),
            )
            return
        reads = [SimpleNamespace(patient_id=pk, pk=None) for pk in dict.fromkeys(patients)]
        access_record_each(
            actor=request.user,
            action=action,
            data=data,
            source="web",
            role=Role.ADMINISTRATOR,
            basis=BASIS,
            cases=cast("list[SecondOpinionCase]", reads),
        )

    def changelist_view(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl") if response.status_code == 200 else None
        if changelist is not None:
            self._log(request, list(changelist.result_list), "search", self.log_data)
        return response

    def _one(self, request: HttpRequest, object_id: str) -> None:
        obj = self.get_object(request, object_id)
        if obj is not None:
            self._log(request, [obj], "read", self.log_data)

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: dict | None = None
    ) -> HttpResponse:
        response = super().change_view(request, object_id, form_url, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._one(request, object_id)
        return response

    def history_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            self._one(request, object_id)
        return response

    def delete_view(
        self, request: HttpRequest, object_id: str, extra_context: dict | None = None
    ) -> HttpResponse:
        response = super().delete_view(request, object_id, extra_context)
        if request.method == "GET" and response.status_code == 200:
            self._one(request, object_id)
        return response
