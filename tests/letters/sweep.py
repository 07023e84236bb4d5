"""A letter of the other organisation's patient, for the sweep of foreign ids (tests/access/test_sweep.py)."""

from secondopinion.letters.models import PatientLetter
from secondopinion.letters.services import letter_create


def letter_ids(side) -> dict[str, int]:
    case = side.case("report_final")
    letter = PatientLetter.objects.filter(case=case).first() or letter_create(
        actor=side.patient.user, case_id=case.pk, kind="records", language="nl", parts=["xrays"], source="web"
    )
    return {"letter_id": letter.pk}
