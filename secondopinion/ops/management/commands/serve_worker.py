"""`manage.py serve_worker`: django-tasks-db's `db_worker`, with a heartbeat the readiness check reads."""

import os
from typing import Any

from django.utils.autoreload import DJANGO_AUTORELOAD_ENV
from django_tasks_db.management.commands.db_worker import Command as DbWorkerCommand

from secondopinion.audit.sequencer import SequencerThread
from secondopinion.notifications.tasks import requeue_queued
from secondopinion.ops.heartbeat import Heartbeat


class Command(DbWorkerCommand):
    help = (
        "Run a database task worker (as db_worker, same options) that records a heartbeat every few "
        "seconds, so /health/ready can tell whether a worker is alive, and runs the access log's "
        "sequencer: pending events chained every second, a checkpoint every five minutes. On start "
        "it enqueues again every notification still queued (as send_notifications)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # With --reload the parent process only watches files; the child runs the worker and beats.
        watching_only = options.get("reload") and os.environ.get(DJANGO_AUTORELOAD_ENV) != "true"
        if not watching_only:
            # A worker killed while it sent an e-mail left that notification queued and its task
            # claimed for good: whatever is still queued is enqueued again (delivered at least once,
            # see notifications/tasks.py), so a restart after a crash needs no `send_notifications`.
            requeue_queued()
        if watching_only or options.get("batch"):
            super().handle(*args, **options)
            return
        heartbeat = Heartbeat(options["worker_id"])
        heartbeat.start()
        sequencer = SequencerThread()
        sequencer.start()
        try:
            super().handle(*args, **options)
        finally:
            sequencer.stop()
            heartbeat.stop()
