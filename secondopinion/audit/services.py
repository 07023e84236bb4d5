"""Writing the access log. Called by services and selectors inside their own transaction."""

from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone

from secondopinion.audit.chain import GENESIS, event_hash
from secondopinion.audit.kinds import is_known
from secondopinion.audit.models import HEAD_ID, AccessEvent, AuditChainHead
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


def _locked_head() -> AuditChainHead:
    """The chain head, locked until the caller's transaction ends (created on first use)."""
    head = AuditChainHead.objects.select_for_update().filter(pk=HEAD_ID).first()
    if head is None:
        head, _created = AuditChainHead.objects.select_for_update().get_or_create(
            pk=HEAD_ID, defaults={"seq": 0, "hash": GENESIS}
        )
    return head


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
    """Write one access-log event (NEN 7513), hash-chained to the one before it.

    Runs inside the caller's transaction (or its own, if there is none): the chain head is locked,
    the event gets the next seq and its hash, and the head moves on; if the caller rolls back, all
    of it does. Raises IncompleteAccessEvent when a required field is empty, the action is unknown, or
    `data` is no DataKind (a member, or a member's pattern with a known detail: audit/kinds.py).
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
    with transaction.atomic(savepoint=False):
        head = _locked_head()
        seq = head.seq + 1
        fields = {
            **values,
            "seq": seq,
            "at": timezone.now(),
            "actor_id": actor.pk if actor is not None else None,
            "patient_id": patient.pk if patient is not None else None,
            "case_id": case.pk if case is not None else None,
            "emergency": bool(emergency),
        }
        digest = event_hash(fields, head.hash)
        event = AccessEvent.objects.create(
            **{name: value for name, value in fields.items() if not name.endswith("_id")},
            actor=actor,
            patient=patient,
            case=case,
            prev_hash=head.hash,
            hash=digest,
        )
        head.seq, head.hash = seq, digest
        head.save(update_fields=["seq", "hash"])
    return event
