"""The task worker's heartbeat: a row per worker, touched from a thread beside the worker's loop."""

import logging
import os
import socket
import threading
from datetime import datetime, timedelta

from django.db import close_old_connections, connection
from django.utils import timezone

from secondopinion.ops.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

# A worker beats this often; /health/ready wants a beat younger than TM_WORKER_HEARTBEAT_MAX_AGE.
BEAT_SECONDS = 10.0


def beat(worker_id: str, started_at: datetime) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "beat_at": timezone.now(),
        },
    )


def forget(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def workers_alive(max_age_seconds: int) -> int:
    """How many workers beat within the last max_age_seconds."""
    since = timezone.now() - timedelta(seconds=max_age_seconds)
    return WorkerHeartbeat.objects.filter(beat_at__gte=since).count()


class Heartbeat:
    """Beats at once, then every `every` seconds until stopped; a failed beat (the database away for a
    moment) is logged and the next one tries again. The thread is a daemon: it dies with the worker."""

    def __init__(self, worker_id: str, every: float = BEAT_SECONDS) -> None:
        self.worker_id = worker_id
        self.every = every
        self.started_at = timezone.now()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name=f"heartbeat-{worker_id}", daemon=True)

    def start(self) -> None:
        # A worker that was killed could not remove its row; a day later it is removed here.
        try:
            WorkerHeartbeat.objects.filter(beat_at__lt=timezone.now() - timedelta(days=1)).delete()
        except Exception:
            logger.warning("Could not remove old worker heartbeats", exc_info=True)
        self._beat()
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=self.every)
        try:
            forget(self.worker_id)
        except Exception:  # the database may be the reason we stop
            logger.warning("Could not remove the heartbeat of worker %s", self.worker_id, exc_info=True)

    def _run(self) -> None:
        while not self._stop.wait(self.every):
            # The thread's own connection: renewed when the server dropped it. Never on the caller's
            # thread, whose connection may be inside a transaction (closing it would end that).
            close_old_connections()
            self._beat()
        connection.close()

    def _beat(self) -> None:
        try:
            beat(self.worker_id, self.started_at)
        except Exception:
            logger.warning("Heartbeat of worker %s failed", self.worker_id, exc_info=True)
            connection.close()
