"""Where the CPU of a load phase went, per request: the served app's processes, PostgreSQL's and the
load tool's (bench/http_vs_bare.py). Read from /proc (Linux); elsewhere nothing is printed."""

import os
import resource
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")
TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


@dataclass
class Split:
    """Milliseconds of CPU per request (user and system time together)."""

    app: float
    postgres: float
    load: float


def _stat(pid: str) -> list[str] | None:
    try:
        text = (PROC / pid / "stat").read_text()
    except OSError:
        return None
    # The command name is in parentheses and may hold spaces: the fields after it are split.
    name_end = text.rindex(")")
    return [text[text.index("(") + 1 : name_end], *text[name_end + 2 :].split()]


def _seconds(group: int) -> tuple[float, float]:
    """CPU seconds so far of the processes in process group `group`, and of PostgreSQL's processes."""
    app = postgres = 0.0
    for entry in PROC.iterdir():
        if not entry.name.isdigit():
            continue
        fields = _stat(entry.name)
        if fields is None:
            continue
        # fields[0] is the name; after it, state is [1], the process group [3], utime [12], stime [13].
        used = (int(fields[12]) + int(fields[13])) / TICKS
        if int(fields[3]) == group:
            app += used
        elif fields[0] == "postgres":
            postgres += used
    return app, postgres


class Sampler:
    """Started before a load phase, `split(requests)` after it. The load tool is the children this
    process waited for in between (wrk, run with subprocess.run)."""

    def __init__(self, group: int) -> None:
        self.available = PROC.is_dir()
        self.group = group
        if self.available:
            self.before = (*_seconds(group), _children())

    def split(self, requests: int) -> Split | None:
        if not self.available or not requests:
            return None
        app, postgres, load = (
            (after - before) * 1000 / requests
            for after, before in zip((*_seconds(self.group), _children()), self.before, strict=True)
        )
        return Split(app=app, postgres=postgres, load=load)


def _children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime
