from django.db import models


class WorkerHeartbeat(models.Model):
    """One row per running task worker (`manage.py serve_worker`), touched every few seconds while it
    lives and removed when it stops; the readiness check (/health/ready) asks for a recent one.
    django-tasks-db records which worker claimed a task, but nothing about a worker that is idle."""

    worker_id = models.CharField(max_length=64, unique=True)
    hostname = models.CharField(max_length=255, blank=True)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField(db_index=True)

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.hostname}:{self.pid}, {self.beat_at:%Y-%m-%d %H:%M:%S})"
