import io

import pytest
from django.test import Client
from docx import Document
from pypdf import PdfReader

from tests.conftest import representation_in_force


def client_for(user, language: str = "nl") -> Client:
    client = Client(secure=True, HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def pdf_text(data: bytes) -> str:
    """The PDF's text as one line of words (a paragraph wraps where the page ends)."""
    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def pdf_metadata(data: bytes) -> tuple[dict, str]:
    reader = PdfReader(io.BytesIO(data))
    return dict(reader.metadata or {}), str(reader.trailer["/Root"].get("/Lang", ""))


def docx_text(data: bytes) -> tuple[str, object]:
    document = Document(io.BytesIO(data))
    return " ".join(p.text for p in document.paragraphs), document.core_properties


@pytest.fixture
def represented(cast):

    return representation_in_force(cast)
