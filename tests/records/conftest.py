"""Data requests need a case in examination, documents stored in a folder of the test's own, and a
treating dentist with an e-mail address for the upload link."""

from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from secondopinion.cases.models import SecondOpinionCase
from secondopinion.records.data_requests import data_request_create
from tests.conftest import Cast, give_records_consent
from tests.documents.files import pdf, png

IMMEDIATE = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
TREATING_EMAIL = "tandarts@molen.example"


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
    settings.TASKS = IMMEDIATE
    settings.TM_SITE_URL = "https://tweedemening.example"
    return root


@pytest.fixture
def examining(cast: Cast, submit, advance) -> SecondOpinionCase:
    """Petra's case in examination; her dentist has an address. No records consent yet."""
    cast.treating_user.email = TREATING_EMAIL
    cast.treating_user.save(update_fields=["email"])
    cast.giver_user.email = "gever@oost.example"
    cast.giver_user.save(update_fields=["email"])
    return advance(submit(), "in_examination")


@pytest.fixture
def consented(cast: Cast, examining: SecondOpinionCase) -> SecondOpinionCase:
    give_records_consent(cast, examining)
    return examining


def xray(name: str = "rontgen-36.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, png(), content_type="image/png")


def letter(name: str = "behandelplan.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf(), content_type="application/pdf")


def request_records(cast, case, actor=None, kinds=("xrays", "treatment_plan")):
    return data_request_create(
        actor=actor or cast.giver_user,
        case_id=case.pk,
        kinds=list(kinds),
        note="Graag de foto's.",
        source="web",
    )


def token_of(link: str) -> str:
    return urlparse(link).path.rstrip("/").rsplit("/", 1)[-1]
