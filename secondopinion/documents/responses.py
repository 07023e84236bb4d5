"""The download answer, the same for web and API: an attachment that no browser renders inline."""

from urllib.parse import quote

from django.core.files import File
from django.http import FileResponse

from secondopinion.documents.models import Document


def content_disposition(name: str) -> str:
    """`attachment` with an ASCII fallback and the exact name as RFC 6266 filename*; the name is
    already sanitised (no control characters), and quotes and backslashes are dropped here."""
    fallback = "".join(char if 32 <= ord(char) < 127 and char not in '"\\' else "_" for char in name)
    return f"attachment; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def download_response(document: Document, handle: File) -> FileResponse:
    response = FileResponse(handle, content_type=document.content_type)
    response["Content-Disposition"] = content_disposition(document.download_name)
    response["Content-Length"] = str(document.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
