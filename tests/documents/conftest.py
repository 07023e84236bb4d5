"""Documents are stored in a folder of the test's own; helpers to build uploads and count what is stored."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.services import consent_record
from secondopinion.core.roles import Role
from tests.conftest import Cast


@pytest.fixture(autouse=True)
def document_root(settings, tmp_path) -> Path:
    root = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "documents": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(root)},
        },
    }
    return root


def stored_files(root: Path) -> list[Path]:
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


def upload(name: str, content: bytes, content_type: str = "application/octet-stream") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture
def examined_case(cast: Cast, submit, advance) -> SecondOpinionCase:
    """Petra's case in examination, with her consent to request records from her dentist (R16, R18)."""
    case = advance(submit(), "in_examination")
    consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose="request_records", method="in_app", source="web"
    )
    return case


ROLE_USERS = {
    Role.PATIENT: "patient_user",
    Role.GIVER: "giver_user",
    Role.COORDINATOR: "coordinator",
    Role.TREATING: "treating_user",
    Role.COMPLAINTS_OFFICER: "complaints_officer",
    Role.REFERRER: "gp_user",
}
