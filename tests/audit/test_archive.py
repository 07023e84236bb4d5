"""Archives of the access log (WGBO retention): what is exported verifies on its own and against the
database, and any change to the file, or to the database after it, shows."""

import datetime as dt
import gzip
import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from secondopinion.audit.archive import export_archive, verify_archive
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import access_record
from tests.audit.tampering import triggers_lifted

pytestmark = pytest.mark.django_db
NOW = dt.datetime.now(dt.UTC)


def _log(**overrides) -> AccessEvent:
    values = {"action": "read", "data": "case", "source": "web", "role": "giver", "basis": "giver"}
    return access_record(actor=None, **{**values, **overrides})


@pytest.fixture
def history():
    """Twelve events over two chains (batches of five go to the next chain), all before tomorrow."""
    for i in range(12):
        _log(on_behalf_of=f"Ünal {i}")
        if i % 5 == 4:
            chain_pending()
    chain_pending()


def _lines(path):
    with gzip.open(path, "rt", encoding="ascii") as file:
        return file.readlines()


def _rewrite(path, lines):
    with gzip.open(path, "wt", encoding="ascii") as file:
        file.writelines(lines)


def test_an_archive_holds_every_event_before_the_day_and_verifies(history, tmp_path):
    path = tmp_path / "log.jsonl.gz"

    result = export_archive(NOW + dt.timedelta(days=1), path)
    check = verify_archive(path)

    assert result.events == 12
    assert check.ok, check.problems
    assert check.events == 12
    assert len(result.chains) == 3
    manifest = json.loads(_lines(path)[-1])
    assert manifest["kind"] == "tm-audit-archive"
    assert manifest["checkpoint"]["hash"] == result.checkpoint_hash
    exported = AccessEvent.objects.filter(action="export", data="access_log")
    assert exported.count() == 1  # the export is itself in the log


def test_events_from_the_day_on_stay_out(history, tmp_path):
    path = tmp_path / "log.jsonl.gz"
    later = AccessEvent.objects.filter(on_behalf_of="Ünal 11").get()
    with triggers_lifted():
        AccessEvent.objects.filter(pk=later.pk).update(at=NOW + dt.timedelta(days=3))

    result = export_archive(NOW + dt.timedelta(days=2), path)

    assert result.events == 11
    assert verify_archive(path, against_database=False).ok


@pytest.mark.parametrize("tampering", ["edit", "delete", "reorder", "truncate"])
def test_a_changed_archive_is_refused(history, tmp_path, tampering):
    path = tmp_path / "log.jsonl.gz"
    export_archive(NOW + dt.timedelta(days=1), path)
    lines = _lines(path)
    if tampering == "edit":
        assert '"source": "web"' in lines[3]
        lines[3] = lines[3].replace('"source": "web"', '"source": "api"')
    elif tampering == "delete":
        del lines[4]
    elif tampering == "reorder":
        lines[2], lines[3] = lines[3], lines[2]
    else:
        lines = lines[:-3]
    _rewrite(path, lines)

    check = verify_archive(path, against_database=False)

    assert not check.ok
    assert check.problems


def test_a_database_changed_after_the_archive_is_caught(history, tmp_path):
    path = tmp_path / "log.jsonl.gz"
    result = export_archive(NOW + dt.timedelta(days=1), path)
    chain, (seq, _hash) = next(iter(result.chains.items()))
    with triggers_lifted():
        AccessEvent.objects.filter(chain=chain, seq=seq).update(hash="f" * 64)

    check = verify_archive(path)

    assert not check.ok
    assert f"chain {chain} seq {seq}" in " ".join(check.problems)
    assert verify_archive(path, against_database=False).ok


def test_the_command_writes_and_verifies_and_never_overwrites(history, tmp_path):
    path = tmp_path / "log.jsonl.gz"
    out, checked = io.StringIO(), io.StringIO()

    call_command(
        "archive_audit",
        "--before",
        (NOW + dt.timedelta(days=1)).date().isoformat(),
        "--out",
        str(path),
        stdout=out,
    )
    call_command("archive_audit", "--verify", str(path), stdout=checked)

    assert out.getvalue().startswith("archived 12 events of 3 chains")
    assert checked.getvalue().startswith("OK: 12 events in 3 chains")
    with pytest.raises(CommandError, match="never overwritten"):
        call_command("archive_audit", "--before", "2030-01-01", "--out", str(path))
    with pytest.raises(CommandError, match="--before"):
        call_command("archive_audit", "--before", "gisteren", "--out", str(tmp_path / "x.gz"))
