"""The intake objects of one side of the access sweep (tests/access/test_sweep.py): a file its patient
brought in the wizard, and a request whose practitioner waits for a link at its practice."""

from secondopinion.documents.models import IntakeFile
from secondopinion.journey.models import UnlistedRequest


def intake_ids(side) -> dict[str, int]:
    patient = side.patient
    intake, _new = IntakeFile.objects.get_or_create(
        storage_name=f"intake/sweep-{side.organisation_id}.png",
        defaults={
            "owner_id": patient.user_id,
            "patient": patient,
            "kind": "png",
            "content_type": "image/png",
            "size": 1,
            "sha256": "0" * 64,
            "original_name": "kies.png",
        },
    )
    unlisted, _new = UnlistedRequest.objects.get_or_create(
        organisation_id=side.organisation_id,
        practitioner_name=f"Sweep {side.organisation_id}",
        defaults={
            "requester_id": patient.user_id,
            "patient": patient,
            "protocol": "dental-knmt",
            "practice_name": "Het Anker",
            "place": "Zwolle",
            "answers": {"care_question": "Moet kies 36 eruit?"},
        },
    )
    return {"file_id": intake.pk, "unlisted_id": unlisted.pk}
