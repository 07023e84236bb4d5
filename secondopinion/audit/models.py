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


class SecurityEvent(models.Model):
    """One refused attempt on patient data: not found, not permitted, throttled, or a patient who
    could not be identified; and each reading of this log. Kept apart from the access log (NEN 7513),
    which records accesses that happened: this one records what was refused, and from where.

    Written only through audit.security.security_record / security_note, after the request's own
    transaction has ended, so a refusal that rolls back its request is still recorded. It stores no
    BSN and no patient data: a refused identification keeps at most a keyed hash of what was tried.
    """

    class Kind(models.TextChoices):
        NOT_FOUND = "not_found", "not found"
        NOT_PERMITTED = "not_permitted", "not permitted"
        THROTTLED = "throttled", "throttled"
        IDENTIFICATION_FAILED = "identification_failed", "identification failed"
        SECURITY_READ = "security_read", "security log read"

    class Face(models.TextChoices):
        WEB = "web", "web"
        API = "api", "api"

    at = models.DateTimeField(default=timezone.now, editable=False, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True, help_text="The username; empty: anonymous.")
    kind = models.CharField(max_length=30, choices=Kind.choices)
    method = models.CharField(max_length=10, blank=True)
    path = models.CharField(max_length=300, blank=True)
    target_kind = models.CharField(max_length=30, blank=True, help_text="case, document, representative, …")
    target_id = models.BigIntegerField(null=True, blank=True)
    # The organisation handling the target (a case's, a document's or a data request's case), when
    # known: the complaints officer of that organisation reviews the event.
    target_organisation = models.ForeignKey(
        "directory.Organisation", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    detail = models.CharField(max_length=300, blank=True)
    ip = models.GenericIPAddressField(null=True, blank=True)
    user_agent = models.CharField(max_length=300, blank=True)
    face = models.CharField(max_length=3, choices=Face.choices)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["actor", "at"], name="security_actor_at"),
            models.Index(fields=["ip", "at"], name="security_ip_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.kind} {self.actor_name or self.ip or '-'} {self.path}"
