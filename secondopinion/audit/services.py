"""Writing the access log. Called by services and selectors inside their own transaction."""

import os
import threading
from typing import TYPE_CHECKING, Any

from django.db import connection, transaction
from django.utils import timezone

from secondopinion.audit.chain import CANONICAL_VERSION, GENESIS, event_hash
from secondopinion.audit.kinds import is_known
from secondopinion.audit.models import AccessEvent, AuditChainHead, chain_count
from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Patient

# NEN 7513 fields every event must fill (on_behalf_of, patient and case may be empty).
REQUIRED_FIELDS = ("actor_name", "role", "data", "action", "source", "basis")


class IncompleteAccessEvent(ValueError):
    """A caller tried to log an access without one of the fields NEN 7513 requires: a programming error."""

    def __init__(self, field: str, text: Text) -> None:
        super().__init__(text.en)
        self.field = field
        self.text = text


def _require(values: dict[str, str]) -> None:
    for field in REQUIRED_FIELDS:
        if not values[field].strip():
            raise IncompleteAccessEvent(
                field,
                Text(
                    f"Een gebeurtenis in het toegangslog (NEN 7513) vraagt '{field}'; die is leeg.",
                    f"An access-log event (NEN 7513) needs '{field}', which is empty.",
                ),
            )
    if values["action"] not in AccessEvent.Action.values:
        raise IncompleteAccessEvent(
            "action",
            Text(
                f"Onbekende handeling '{values['action']}' voor het toegangslog; "
                f"toegestaan: {', '.join(AccessEvent.Action.values)}.",
                f"Unknown access-log action '{values['action']}'; "
                f"allowed: {', '.join(AccessEvent.Action.values)}.",
            ),
        )
    if not is_known(values["data"]):
        raise IncompleteAccessEvent(
            "data",
            Text(
                f"Onbekende soort gegevens '{values['data']}' voor het toegangslog; "
                "voeg die eerst toe aan DataKind (audit/kinds.py), met een omschrijving voor de patiënt.",
                f"Unknown access-log data '{values['data']}'; add it to DataKind (audit/kinds.py) "
                "first, with words for the patient.",
            ),
        )


_COLUMNS = (
    "at, actor_id, actor_name, role, on_behalf_of, patient_id, case_id, data, action, source, basis, "
    "emergency, chain, seq, v, prev_hash, hash"
)
_INSERT = f"INSERT INTO audit_accessevent ({_COLUMNS}) VALUES ({', '.join(['%s'] * 17)})"  # noqa: S608  (constants)
# PostgreSQL: the event and its head's move in one round trip.
_INSERT_AND_MOVE = (
    f"WITH event AS ({_INSERT} RETURNING id), "  # noqa: S608  (constants)
    "head AS (UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE id = %s) "
    "SELECT id FROM event"
)
# The first head not locked by another transaction, starting at the preferred chain.
_FIRST_FREE_HEAD = (
    "SELECT id, seq, hash FROM audit_auditchainhead WHERE id BETWEEN 1 AND %s "
    "ORDER BY mod(id + %s - %s, %s) LIMIT 1 FOR UPDATE SKIP LOCKED"
)


_last_chain = threading.local()


def _preferred_chain(chains: int) -> int:
    """The chain this thread (and so its connection) tries first: the one it wrote to last, so a
    transaction that logs several events keeps to the head it already holds and writers settle on
    chains of their own; at first a hash of process and thread, so writers start apart."""
    chain = getattr(_last_chain, "chain", 0)
    if not 1 <= chain <= chains:
        chain = hash((os.getpid(), threading.get_ident())) % chains + 1
    return chain


def _ensure_heads(chains: int) -> None:
    """Heads for chains 1 to `chains` (new database, a flush, or a raised TM_AUDIT_CHAINS)."""
    AuditChainHead.objects.bulk_create(
        [AuditChainHead(id=chain, seq=0, hash=GENESIS) for chain in range(1, chains + 1)],
        ignore_conflicts=True,
    )


def _all_heads_exist(cursor: Any, chains: int) -> bool:
    cursor.execute("SELECT count(*) FROM audit_auditchainhead WHERE id BETWEEN 1 AND %s", [chains])
    return int(cursor.fetchone()[0]) >= chains


def _locked_head(cursor: Any, vendor: str) -> tuple[int, int, str]:
    """(chain, seq, hash) of a head locked until the caller's transaction ends.

    PostgreSQL: the first head no other transaction holds, from the preferred chain on (SKIP
    LOCKED), so writers never wait while a chain is free; only with more writers than chains does
    one wait, on its preferred chain. SQLite serialises writing transactions: the preferred chain.
    """
    chains = chain_count()
    preferred = _preferred_chain(chains)
    for _attempt in range(2):
        if vendor == "postgresql":
            cursor.execute(_FIRST_FREE_HEAD, [chains, chains, preferred, chains])
            row = cursor.fetchone()
            if row is None:
                cursor.execute(
                    "SELECT id, seq, hash FROM audit_auditchainhead WHERE id = %s FOR UPDATE", [preferred]
                )
                row = cursor.fetchone()
        else:
            cursor.execute("SELECT id, seq, hash FROM audit_auditchainhead WHERE id = %s", [preferred])
            row = cursor.fetchone()
        if row is not None and (row[0] == preferred or _all_heads_exist(cursor, chains)):
            _last_chain.chain = int(row[0])
            return int(row[0]), int(row[1]), str(row[2])
        _ensure_heads(chains)
    raise RuntimeError(f"No access-log chain head {preferred} even after creating the heads.")


def access_record(
    *,
    actor: "User | None",
    action: str,
    data: str,
    source: str,
    role: str,
    basis: str,
    case: "SecondOpinionCase | None" = None,
    patient: "Patient | None" = None,
    on_behalf_of: str = "",
    emergency: bool = False,
) -> AccessEvent:
    """Write one access-log event (NEN 7513), hash-chained to the one before it in its chain.

    Runs inside the caller's transaction (or its own, if there is none): one chain's head is locked
    (a free one: audit/chain.py), the event gets that chain's next seq and its hash, and the head
    moves on; if the caller rolls back, all of it does. The caller's transaction keeps that head
    until it ends, so a transaction that logs several events puts them all in one chain.

    Raises IncompleteAccessEvent when a required field is empty, the action is unknown, or `data`
    is no DataKind (a member, or a member's pattern with a known detail: audit/kinds.py).
    """
    if patient is None and case is not None:
        patient = case.patient
    values = {
        "actor_name": (str(actor) if actor is not None else "system")[:200],
        "role": str(role),
        "on_behalf_of": str(on_behalf_of),
        "data": str(data),
        "action": str(action),
        "source": str(source),
        "basis": str(basis),
    }
    _require(values)
    actor_id = actor.pk if actor is not None else None
    patient_id = patient.pk if patient is not None else None
    case_id = case.pk if case is not None else None
    with transaction.atomic(savepoint=False), connection.cursor() as cursor:
        vendor = connection.vendor
        chain, head_seq, prev_hash = _locked_head(cursor, vendor)
        seq, at = head_seq + 1, timezone.now()
        fields = {
            **values,
            "chain": chain,
            "seq": seq,
            "v": CANONICAL_VERSION,
            "at": at,
            "actor_id": actor_id,
            "patient_id": patient_id,
            "case_id": case_id,
            "emergency": bool(emergency),
        }
        digest = event_hash(fields, prev_hash)
        # fmt: off
        params = [
            connection.ops.adapt_datetimefield_value(at), actor_id, values["actor_name"], values["role"],
            values["on_behalf_of"], patient_id, case_id, values["data"], values["action"], values["source"],
            values["basis"], fields["emergency"], chain, seq, CANONICAL_VERSION, prev_hash, digest,
        ]
        # fmt: on
        if vendor == "postgresql":
            cursor.execute(_INSERT_AND_MOVE, [*params, seq, digest, chain])
            event_id = cursor.fetchone()[0]
        else:
            cursor.execute(_INSERT, params)
            event_id = cursor.lastrowid
            cursor.execute(
                "UPDATE audit_auditchainhead SET seq = %s, hash = %s WHERE id = %s", [seq, digest, chain]
            )
    event = AccessEvent(
        id=event_id,
        **{name: value for name, value in fields.items() if not name.endswith("_id")},
        actor=actor,
        patient=patient,
        case=case,
        prev_hash=prev_hash,
        hash=digest,
    )
    event._state.adding = False
    event._state.db = connection.alias
    return event
