"""`verify_audit --workers N` verifies chains in forked processes, but only from a process with one
thread: a fork copies every lock as it stands, and one that another thread held then stays held in
the child for good. With another thread alive it verifies in this process, with the same result."""

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from django.db import connection

from secondopinion.audit import verification
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.sequencer import chain_pending
from secondopinion.audit.services import access_record
from secondopinion.audit.verification import verify_log
from tests.cases.test_concurrency import shared_database  # noqa: F401  (the fixture)
from tests.serving.test_multi_instance import _database_url

ROOT = Path(__file__).resolve().parents[2]


def _log(n: int) -> AccessEvent:
    values = {"action": "read", "data": "case", "source": "web", "role": "giver", "basis": "giver"}
    return access_record(actor=None, on_behalf_of=f"{n}", **values)


@pytest.fixture
def forks(monkeypatch) -> list[str]:
    """The start methods verify_log asked multiprocessing for."""
    asked: list[str] = []
    real = verification.multiprocessing.get_context

    def get_context(method=None):
        asked.append(method)
        return real(method)

    monkeypatch.setattr(verification.multiprocessing, "get_context", get_context)
    return asked


@pytest.fixture
def in_process(shared_database):  # noqa: F811 (the fixture imported above)
    """Six events chained, and the log verified in this process: what each way must agree with."""
    for n in range(6):
        _log(n)
    chain_pending()
    return verify_log(workers=1, chains=2)


def _summary(result) -> list[tuple]:
    return [(c.chain, c.ok, c.events, c.head_seq, c.head_hash) for c in result.chains]


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_with_another_thread_alive_the_chains_are_verified_here_and_agree(forks, in_process):
    release = threading.Event()
    other = threading.Thread(target=release.wait, name="another thread", daemon=True)
    other.start()
    try:
        assert not verification.can_fork_verifiers(connection)
        beside = verify_log(workers=2, chains=2)
    finally:
        release.set()
        other.join(timeout=10)

    assert forks == []
    assert in_process.ok, in_process
    assert beside.ok, beside
    assert beside.events == in_process.events == 6
    assert _summary(beside) == _summary(in_process)


# A fresh process has one thread (a test process has more: xdist's, for one), so there the chains
# are verified in forked children; it reports what it asked of multiprocessing and what it found.
IN_A_FRESH_PROCESS = """
import json, django
django.setup()
from secondopinion.audit import verification
asked, real = [], verification.multiprocessing.get_context
verification.multiprocessing.get_context = lambda method=None: asked.append(method) or real(method)
result = verification.verify_log(workers=2, chains=2)
chains = [[c.chain, c.ok, c.events, c.head_seq, c.head_hash] for c in result.chains]
print(json.dumps({"asked": asked, "ok": result.ok, "events": result.events, "chains": chains}))
"""


def _url() -> str:
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return _database_url()


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("shared_database")
def test_from_a_process_with_one_thread_the_chains_are_verified_in_forked_children_and_agree(
    tmp_path, in_process
):
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "TM_", "DATABASE_URL"))}
    env = {**base, "DATABASE_URL": _url(), "DJANGO_DEBUG": "true", "TM_VAR_DIR": str(tmp_path)}
    env["DJANGO_SETTINGS_MODULE"] = "config.settings"

    ran = subprocess.run(  # noqa: S603 (our own interpreter, a fixed script)
        [sys.executable, "-c", IN_A_FRESH_PROCESS],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip

    assert ran.returncode == 0, ran.stderr
    forked = json.loads(ran.stdout.strip().splitlines()[-1])
    assert forked["asked"] == ["fork"]
    assert forked["ok"], forked
    assert forked["events"] == 6
    assert [tuple(chain) for chain in forked["chains"]] == _summary(in_process)
