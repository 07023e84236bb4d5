"""Writing the access log. Called by services and selectors inside their own transaction."""

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils import timezone

from secondopinion.audit.chain import CANONICAL_VERSION
from secondopinion.audit.kinds import is_known
from secondopinion.audit.models import PENDING_CHAIN, AccessEvent
from secondopinion.core.prepared import server_bound_cursor
from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Patient

# NEN 7513 fields every event must fill (on_behalf_of, patient and case may be empty).
REQUIRED_FIELDS = ("actor_name", "role", "data", "action", "source", "basis")
_ACTIONS = frozenset(AccessEvent.Action.values)
# The model's columns in its own order: the written event is built as a row read back (Model.from_db),
# which skips the keyword handling of Model(**kwargs) on a path every read of patient data takes.
_ATTNAMES = tuple(field.attname for field in AccessEvent._meta.concrete_fields)


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
    if values["action"] not in _ACTIONS:
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
# One statement: the event as it happened, waiting in the pending lane (chain 0) for the sequencer
# (audit/sequencer.py) to give it its place and hash in a chain. No lock is taken.
_INSERT = (
    f"INSERT INTO audit_accessevent ({_COLUMNS}) "  # noqa: S608  (constants)
    f"VALUES ({', '.join(['%s'] * 12)}, {PENDING_CHAIN}, NULL, {CANONICAL_VERSION}, '', '') RETURNING id"
)


def access_record_each(
    *,
    actor: "User",
    action: str,
    data: str,
    source: str,
    role: str,
    basis: str,
    cases: "list[SecondOpinionCase]",
    on_behalf_of: list[str] | None = None,
) -> int:
    """One access-log event per case (each with its patient), as access_record writes them, in one
    INSERT however many cases: for a list that shows data of several patients, so each finds the
    reading in her own "who looked at my file". `on_behalf_of`, where given, is each event's patient
    a representative acts for (in the order of `cases`). Returns how many were written."""
    values = {
        "actor_name": str(actor)[:200],
        "role": str(role),
        "on_behalf_of": "",
        "data": str(data),
        "action": str(action),
        "source": str(source),
        "basis": str(basis),
    }
    _require(values)
    if not cases:
        return 0
    at = connection.ops.adapt_datetimefield_value(timezone.now())
    row = f"({', '.join(['%s'] * 12)}, {PENDING_CHAIN}, NULL, {CANONICAL_VERSION}, '', '')"
    params: list[Any] = []
    behalf = on_behalf_of if on_behalf_of is not None else [""] * len(cases)
    for case, for_whom in zip(cases, behalf, strict=True):
        # fmt: off
        params += [
            at, actor.pk, values["actor_name"], values["role"], str(for_whom)[:200], case.patient_id,
            case.pk, values["data"], values["action"], values["source"], values["basis"], False,
        ]
        # fmt: on
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO audit_accessevent ({_COLUMNS}) VALUES {', '.join([row] * len(cases))}",  # noqa: S608
            params,
        )
    return len(cases)


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
    actor_name: str = "",
) -> AccessEvent:
    """Write one access-log event (NEN 7513) in the caller's transaction (or its own, if there is none).

    One INSERT and no lock: the event waits in the pending lane (chain 0) until the sequencer
    (audit/sequencer.py, run by the task worker every second and by seal_audit and verify_audit)
    gives it the next seq of a hash chain and its hash. If the caller rolls back, the event is gone
    with the rest. From the start the database refuses any change of what it records (trigger).

    `actor_name` names who acted without an account (the practitioner a secret upload link was sent
    to); without an actor or such a name the event is the system's.

    Raises IncompleteAccessEvent when a required field is empty, the action is unknown, or `data`
    is no DataKind (a member, or a member's pattern with a known detail: audit/kinds.py).
    """
    if patient is None and case is not None:
        patient = case.patient
    values = {
        "actor_name": (str(actor) if actor is not None else actor_name or "system")[:200],
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
    at = timezone.now()
    # fmt: off
    params = [
        connection.ops.adapt_datetimefield_value(at), actor_id, values["actor_name"], values["role"],
        values["on_behalf_of"], patient_id, case_id, values["data"], values["action"], values["source"],
        values["basis"], bool(emergency),
    ]
    # fmt: on
    # Bound on the server and prepared on PostgreSQL (core/prepared.py): every read writes this INSERT.
    with server_bound_cursor(connection) as cursor:
        cursor.execute(_INSERT, params)
        event_id = cursor.fetchone()[0]
    row = {
        **values,
        "id": event_id,
        "at": at,
        "actor_id": actor_id,
        "patient_id": patient_id,
        "case_id": case_id,
        "emergency": bool(emergency),
        "chain": PENDING_CHAIN,
        "seq": None,
        "v": CANONICAL_VERSION,
        "prev_hash": "",
        "hash": "",
    }
    event = AccessEvent.from_db(connection.alias, _ATTNAMES, [row[name] for name in _ATTNAMES])
    # The caller's own objects, so that reading event.actor, .patient or .case costs no query.
    for name, value in (("actor", actor), ("patient", patient), ("case", case)):
        if value is not None:
            setattr(event, name, value)
    return event
