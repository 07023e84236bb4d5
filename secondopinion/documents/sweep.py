"""Files in the documents storage that no row names: what a transaction that rolled back after the file was
written leaves behind (a storage write cannot take part in a database transaction). Nothing serves such a
file, since every download starts from a row; the sweep removes them once they are old enough that no
transaction still in flight can be about to name them."""

import datetime as dt
from collections.abc import Iterator

from django.core.files.storage import Storage, storages
from django.utils import timezone

from secondopinion.documents.models import Document
from secondopinion.documents.services import STORAGE
from secondopinion.reports.models import RenderedReport

# The folders the product writes: uploads, and the stored renderings of final reports.
PREFIXES = ("documents", "reports")


def _walk(storage: Storage, folder: str) -> Iterator[str]:
    if not storage.exists(folder):
        return
    folders, files = storage.listdir(folder)
    for name in files:
        yield f"{folder}/{name}"
    for sub in folders:
        yield from _walk(storage, f"{folder}/{sub}")


def orphaned_files(*, older_than: dt.timedelta) -> list[str]:
    """Stored files no Document or RenderedReport names, last written before now - older_than."""
    storage = storages[STORAGE]
    known = set(Document.objects.values_list("storage_name", flat=True))
    known |= set(RenderedReport.objects.values_list("storage_name", flat=True))
    cutoff = timezone.now() - older_than
    return [
        name
        for prefix in PREFIXES
        for name in _walk(storage, prefix)
        if name not in known and storage.get_modified_time(name) < cutoff
    ]


def sweep_orphaned_files(*, older_than: dt.timedelta, dry_run: bool = False) -> list[str]:
    """Delete (or with dry_run only list) the orphaned files; returns their names."""
    found = orphaned_files(older_than=older_than)
    if not dry_run:
        storage = storages[STORAGE]
        for name in found:
            storage.delete(name)
    return found
