"""A file the user downloads: an export's bytes as an attachment under its own file name."""

from typing import Protocol

from django.http import HttpResponse
from django.utils.http import content_disposition_header


class Export(Protocol):
    @property
    def content(self) -> bytes: ...
    @property
    def content_type(self) -> str: ...
    @property
    def filename(self) -> str: ...


def attachment(export: Export) -> HttpResponse:
    """The answer that saves `export` as a file (never shown inline)."""
    response = HttpResponse(export.content, content_type=export.content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=export.filename)
    return response
