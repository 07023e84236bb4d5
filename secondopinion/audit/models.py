from django.conf import settings
from django.db import models
from django.utils import timezone

from secondopinion.audit.chain import GENESIS, PENDING

# How many chains the sequencer spreads the log over (AuditChainHead ids 1 to this); the setting
# TM_AUDIT_CHAINS may change it at any time: verification covers every head that exists.
DEFAULT_CHAINS = 16
# The chain of the events logged before the log had more than one (canonical version 1).
LEGACY_CHAIN = 1
# Where access_record puts a new event: no chain yet, no seq, no hash, until the sequencer
# (audit/sequencer.py) gives it its place in a chain.
PENDING_CHAIN = PENDING


def chain_count() -> int:
    return max(1, int(getattr(settings, "TM_AUDIT_CHAINS", DEFAULT_CHAINS)))


class AccessEvent(models.Model):
    """One access to patient data, after NEN 7513: who, for whom, which data, what, when, on what basis.

    Append-only: the database refuses DELETE and every UPDATE but one, the sequencer's (triggers,
    audit/triggers.py): a pending event (chain 0) gets its chain, seq and hashes once, and nothing
    it records may change. From then on it is hash-chained to the one before it in its chain
    (audit/chain.py). Write events only through audit.services.access_record.
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

    # Set by access_record before the hash is computed, hence not auto_now_add. Events arrive in time
    # order, so on PostgreSQL a BRIN index (a few pages for millions of rows) finds a period, and
    # every write skips a B-tree over the whole log (migration 0009); elsewhere a plain index.
    at = models.DateTimeField(default=timezone.now, editable=False)
    # The log names who, whose and which case by id without a constraint in the database: an event is
    # evidence that stands on its own (with the actor's name as it was), and checking the three ids at
    # every commit took a row lock on the user, the patient and the case for every read, each lock a
    # write of its own, shared by every concurrent reader of the same case. Django still refuses to
    # delete a user, patient or case the log names (PROTECT), and the product writes only ids it just read.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+", db_constraint=False
    )
    actor_name = models.CharField(max_length=200)
    role = models.CharField(max_length=30)
    on_behalf_of = models.CharField(max_length=200, blank=True)
    patient = models.ForeignKey(
        "directory.Patient",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="access_events",
        db_index=False,  # access_event_patient_at (Meta) begins with it
        db_constraint=False,
    )
    case = models.ForeignKey(
        "cases.SecondOpinionCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=False,
    )
    data = models.CharField(max_length=100, help_text="Which data: case, report, worklist, …")
    action = models.CharField(max_length=10, choices=Action.choices)
    source = models.CharField(max_length=10, choices=Source.choices)
    basis = models.CharField(max_length=50, help_text="The ground for access: a role, or a consent.")
    emergency = models.BooleanField(default=False)
    chain = models.PositiveSmallIntegerField(
        editable=False, help_text="Which hash chain: 1, 2, …; 0 while pending (not yet chained)."
    )
    seq = models.BigIntegerField(
        null=True, editable=False, help_text="Place in its hash chain: 1, 2, 3, …; empty while pending."
    )
    v = models.PositiveSmallIntegerField(editable=False, help_text="Version of the hashed canonical form.")
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["chain", "seq"], name="access_event_chain_seq"),
            # A pending event has no seq and no hash; a chained one has both (audit/sequencer.py).
            models.CheckConstraint(
                condition=models.Q(chain=0, seq__isnull=True) | models.Q(chain__gt=0, seq__isnull=False),
                name="access_event_pending_or_chained",
            ),
            models.CheckConstraint(
                condition=models.Q(
                    action__in=["create", "read", "update", "print", "export", "search", "send"]
                ),
                name="access_action_valid",
            ),
        ]
        indexes = [
            # The sequencer's queue: the pending events, oldest first.
            models.Index(fields=["id"], condition=models.Q(chain=0), name="access_event_pending"),
            # "Who looked at my file": a patient's events, newest first, a page at a time.
            models.Index(fields=["patient", "-at", "-id"], name="access_event_patient_at"),
        ]


class AuditChainHead(models.Model):
    """The latest seq and hash of one chain of the access log (id = the chain's number), kept
    outside the log itself.

    The sequencer (audit/sequencer.py) locks one head row per batch of pending events (on
    PostgreSQL the first free one, SKIP LOCKED; SQLite serialises writers anyway), so each chain
    gets gap-free seqs while sequencers on other chains go on. The database refuses to move a head
    backwards or delete it (audit/triggers.py).
    """

    id = models.PositiveSmallIntegerField(primary_key=True, editable=False)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default=GENESIS)

    class Meta:
        constraints = [
            models.CheckConstraint(condition=models.Q(id__gte=1), name="audit_chain_head_id_positive")
        ]

    def __str__(self) -> str:
        return f"chain {self.id}: seq {self.seq}, hash {self.hash}"


class AuditCheckpoint(models.Model):
    """A seal over every chain: each head's (chain, seq, hash) at one moment, hash-chained to the
    checkpoint before it (audit/chain.py). Written by `seal_audit` and by a successful
    `verify_audit`; append-only by trigger. It shows a chain cut off or removed with its head.
    """

    seq = models.BigIntegerField(unique=True, editable=False)
    at = models.DateTimeField(editable=False)
    heads = models.TextField(editable=False, help_text="chain:seq:hash of every head, comma-separated")
    prev_hash = models.CharField(max_length=64, editable=False)
    hash = models.CharField(max_length=64, editable=False)

    class Meta:
        ordering = ["seq"]

    def __str__(self) -> str:
        return f"checkpoint {self.seq}: {self.hash}"


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
