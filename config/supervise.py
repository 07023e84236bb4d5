"""`python -m config.supervise COMMAND …`: run COMMAND and start it again whenever it stops, until this
process is told to stop (SIGTERM or SIGINT), which it passes on to COMMAND. `make serve` runs the task
worker under it, so a worker that crashes or is killed comes back by itself within seconds instead of
leaving the access log's events unchained and e-mails unsent until someone restarts everything.

A command that keeps dying quickly is started again after a growing pause (up to a minute), so a broken
worker does not spin; each stop and start is one line on stderr."""

import signal
import subprocess
import sys
import time
from types import FrameType

FIRST_PAUSE, LONGEST_PAUSE = 1.0, 60.0
STEADY_SECONDS = 30.0  # a run this long counts as healthy: the next pause starts small again


def main(command: list[str]) -> int:
    stopping = False
    child: subprocess.Popen[bytes] | None = None

    def stop(signum: int, frame: FrameType | None) -> None:
        nonlocal stopping
        stopping = True
        if child is not None and child.poll() is None:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    pause = FIRST_PAUSE
    while not stopping:
        started = time.monotonic()
        child = subprocess.Popen(command)  # noqa: S603 (the command the operator gave, as make serve does)
        code = child.wait()
        if stopping:
            return 0
        if time.monotonic() - started >= STEADY_SECONDS:
            pause = FIRST_PAUSE
        print(
            f"supervise: {' '.join(command)} stopped with {code}; starting it again in {pause:.0f} s",
            file=sys.stderr,
        )
        deadline = time.monotonic() + pause
        while not stopping and time.monotonic() < deadline:
            time.sleep(0.1)
        pause = min(pause * 2, LONGEST_PAUSE)
    return 0


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit("usage: python -m config.supervise COMMAND [ARGS …]")
    sys.exit(main(sys.argv[1:]))
