"""`manage.py verify_audit` (also `verify-audit`): OK and exit 0 for a sound chain, the first broken
link and a non-zero exit for a tampered one."""

import io

import pytest
from django.core.management import call_command, execute_from_command_line
from django.core.management.base import CommandError

from secondopinion.audit.models import AccessEvent
from secondopinion.audit.services import access_record
from tests.audit.tampering import triggers_lifted

pytestmark = pytest.mark.django_db


@pytest.fixture
def three_events() -> list[AccessEvent]:
    return [
        access_record(actor=None, action=action, data="case", source="command", role="giver", basis="giver")
        for action in ("create", "read", "update")
    ]


def run(*argv: str) -> int:
    """The command as a shell runs it; its exit status."""
    try:
        execute_from_command_line(["manage.py", *argv])
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return 0


@pytest.mark.parametrize("name", ["verify_audit", "verify-audit"])
def test_a_sound_chain_prints_ok_with_the_count_and_head_and_exits_zero(three_events, capsys, name):
    status = run(name, "--chunk-size", "2")

    out, err = capsys.readouterr()
    assert status == 0
    assert out.strip() == f"OK: 3 events, head {three_events[-1].hash}"
    assert err == ""


def test_an_empty_log_verifies():
    out = io.StringIO()

    call_command("verify_audit", stdout=out)

    assert out.getvalue().strip() == f"OK: 0 events, head {'0' * 64}"


@pytest.mark.parametrize("name", ["verify_audit", "verify-audit"])
def test_an_edited_event_is_reported_with_its_seq_and_id_and_a_non_zero_exit(three_events, capsys, name):
    second = three_events[1]
    with triggers_lifted():
        AccessEvent.objects.filter(pk=second.pk).update(basis="consent")

    status = run(name)

    out, err = capsys.readouterr()
    assert status == 1
    assert out == ""
    assert f"BROKEN at seq 2 (id {second.pk}): stored hash {second.hash} differs from the recomputed" in err
    assert "the event was changed" in err


def test_a_cut_off_tail_is_reported_against_the_head(three_events):
    with triggers_lifted():
        AccessEvent.objects.filter(seq=3).delete()

    with pytest.raises(CommandError) as error:
        call_command("verify_audit")

    assert str(error.value).startswith("BROKEN at seq 3: the log ends at seq 2, but the head is at seq 3")
    assert error.value.returncode == 1


def test_a_deleted_event_in_the_middle_is_reported_as_a_gap(three_events):
    with triggers_lifted():
        AccessEvent.objects.filter(seq=2).delete()

    with pytest.raises(CommandError) as error:
        call_command("verify-audit")

    assert str(error.value) == (
        f"BROKEN at seq 3 (id {three_events[2].pk}): seq gap: expected 2, found 3 (missing: 2)"
    )


def test_it_refuses_a_chunk_size_below_one():
    with pytest.raises(CommandError, match="at least 1"):
        call_command("verify_audit", "--chunk-size", "0")
