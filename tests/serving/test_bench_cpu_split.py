"""bench/cpu_split.py: the CPU a load phase cost, per request, read from /proc."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.cpu_split import Sampler, _stat

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads /proc (Linux)")


def test_a_process_name_with_spaces_and_parentheses_is_read_whole():
    # The name is free text between the first "(" and the last ")": the fields after it stay in place.
    child = subprocess.Popen(
        [sys.executable, "-c", "import sys; sys.stdin.read()"],
        stdin=subprocess.PIPE,
        start_new_session=True,
    )
    try:
        fields = _stat(str(child.pid))
        assert fields is not None
        assert fields[0].startswith("python")
        assert int(fields[3]) == child.pid  # the process group it leads
    finally:
        child.communicate(b"")


def test_the_work_of_a_process_group_and_of_the_load_tool_is_counted_per_request():
    burn = "import time\nend = time.process_time() + 0.3\nwhile time.process_time() < end: pass"
    sampler = Sampler(os.getpgrp())
    subprocess.run([sys.executable, "-c", burn], check=True)  # noqa: S603 (a child: the load tool)
    split = sampler.split(requests=10)

    assert split is not None
    assert split.load >= 30  # 0.3 s of CPU over 10 requests is at least 30 ms each
    # The group's and PostgreSQL's sums are read from the processes alive at each end: a process
    # that ends in between (another test worker's connection, a server it started) takes its CPU
    # with it, so here, beside other tests, they may even come out below zero. Only their kind holds.
    assert isinstance(split.app, float)
    assert isinstance(split.postgres, float)
    assert sampler.split(requests=0) is None
