"""Files a rolled-back transaction left in storage are swept once old enough; named files never are."""

import datetime as dt
import io
import os
import time

import pytest
from django.core.management import call_command
from django.db import transaction

from secondopinion.documents.models import Document
from secondopinion.documents.services import document_store
from secondopinion.documents.sweep import sweep_orphaned_files
from tests.documents import files
from tests.documents.conftest import stored_files, upload

pytestmark = pytest.mark.django_db
DAY = dt.timedelta(hours=24)


def png_upload():
    name, build = files.ACCEPTED["png"]
    return upload(name, build(), "image/png")


def store(case, actor):
    return document_store(
        case=case,
        upload=png_upload(),
        purpose="examination",
        source="web",
        actor=actor,
        role="giver",
        basis="giver",
    )


def age(root, days: int) -> None:
    """Make every stored file look `days` old."""
    then = time.time() - days * 86400
    for path in stored_files(root):
        os.utime(path, (then, then))


def leave_an_orphan(case, actor) -> None:
    """The caller's transaction rolls back after the file was written: the row goes, the file stays."""

    def failing_caller() -> None:
        with transaction.atomic():
            store(case, actor)
            raise RuntimeError("the caller's next step fails")

    with pytest.raises(RuntimeError):
        failing_caller()


def test_a_file_left_by_a_rolled_back_transaction_is_swept_and_a_named_one_kept(a_case, cast, document_root):
    kept = store(a_case, cast.giver_user)
    leave_an_orphan(a_case, cast.giver_user)
    assert Document.objects.count() == 1
    assert len(stored_files(document_root)) == 2
    age(document_root, days=2)

    removed = sweep_orphaned_files(older_than=DAY)

    assert len(removed) == 1
    assert removed[0] != kept.storage_name
    assert [p.name for p in stored_files(document_root)] == [kept.storage_name.rsplit("/", 1)[-1]]


def test_a_fresh_orphan_is_left_alone_a_transaction_may_still_name_it(a_case, cast, document_root):
    leave_an_orphan(a_case, cast.giver_user)

    assert sweep_orphaned_files(older_than=DAY) == []
    assert len(stored_files(document_root)) == 1


def test_the_command_lists_without_deleting_on_a_dry_run(a_case, cast, document_root):
    leave_an_orphan(a_case, cast.giver_user)
    age(document_root, days=2)
    out = io.StringIO()

    call_command("sweep_documents", "--dry-run", stdout=out)

    assert "1 orphaned file(s) would be removed." in out.getvalue()
    assert len(stored_files(document_root)) == 1
    call_command("sweep_documents", stdout=io.StringIO())
    assert stored_files(document_root) == []
