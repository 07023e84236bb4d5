"""config/supervise.py: the task worker of `make serve` is started again when it stops on its own, and
stops for good (with what it runs) when it is told to."""

import signal
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def wait_for(condition, seconds: float = 20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


def supervise(tmp_path: Path, child_code: str) -> subprocess.Popen:
    return subprocess.Popen(  # noqa: S603 (our own interpreter and module)
        [sys.executable, "-m", "config.supervise", sys.executable, "-c", child_code],
        cwd=ROOT,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_a_command_that_dies_is_started_again(tmp_path):
    starts = tmp_path / "starts"
    keeper = supervise(tmp_path, f"open({str(starts)!r}, 'a').write('x'); raise SystemExit(3)")
    try:
        assert wait_for(lambda: starts.exists() and len(starts.read_text()) >= 2)
    finally:
        keeper.send_signal(signal.SIGTERM)
        keeper.wait(timeout=20)
    assert keeper.returncode == 0
    assert "stopped with 3; starting it again" in keeper.stderr.read()


def test_told_to_stop_it_stops_what_it_runs_and_does_not_start_it_again(tmp_path):
    pid_file = tmp_path / "pid"
    keeper = supervise(
        tmp_path, f"import os, time; open({str(pid_file)!r}, 'w').write(str(os.getpid())); time.sleep(600)"
    )
    assert wait_for(lambda: pid_file.exists() and pid_file.read_text() != "")
    child = int(pid_file.read_text())

    keeper.send_signal(signal.SIGTERM)

    assert keeper.wait(timeout=20) == 0
    assert wait_for(lambda: not Path(f"/proc/{child}").exists() or _zombie(child))


def _zombie(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] == "Z"
    except OSError:
        return True
