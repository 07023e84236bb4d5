from django.conf import settings
from django.db import models
from django.utils import timezone

from secondopinion.audit.chain import GENESIS

# The one row of AuditChainHead.
HEAD_ID = 1


class AccessEvent(models.Model):
    """One access to patient data, after NEN 7513: who, for whom, which data, what, when, on what basis.

    Append-only: the database refuses UPDATE and DELETE (triggers, audit/triggers.py), and every
    event is hash-chained to the one before it (audit/chain.py). Write events only through
    audit.services.access_record.
    """

    class Action(models.TextChoices):
        CREATE = "create", "create"
        READ = "read", "read"
        UPDATE = "update", "update"
        PRINT = "print", "print"
        EXPORT = "export", "export"
        SEARCH = "search", "search"
        SEND = "send", "send"

    class Source(models.TextChoices):
        WEB = "web", "web"
        API = "api", "api"
        COMMAND = "command", "command"

    # Set by access_record before the hash is computed, hence not auto_now_add.
    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+")
    actor_name = models.CharField(max_length=200)
    role = models.CharField(max_length=30)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    patient = models.ForeignKey(
        "directory.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
    )
    case = models.ForeignKey(
        "cases.SecondOpinionCase", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    data = models.CharField(max_length=100, help_text="Which data: case, report, worklist, …")
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    basis = models.CharField(max_length=50, help_text="The ground for access: a role, or a consent.")
    emergency = models.BooleanField(default=False)
    seq = models.BigIntegerField(unique=True, editable=False, help_text="Place in the hash chain: 1, 2, 3, …")
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["create", "read", "update", "print", "export", "search", "send"]
                ),
                name="access_action_valid",
            )
        ]


class AuditChainHead(models.Model):
    """The latest seq and hash of the access log, kept outside the log itself (one row, id 1).

    access_record locks this row (SELECT … FOR UPDATE on PostgreSQL; SQLite serialises writers
    anyway), so events get gap-free seqs one writer at a time. The database refuses to move it
    backwards or delete it (audit/triggers.py).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=HEAD_ID, editable=False)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id=HEAD_ID), name="audit_chain_head_single_row")
        ]

    def __str__(self) -> str:
        return f"seq {self.seq}, hash {self.hash}"
