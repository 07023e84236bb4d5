"""Writing the access log. Called by services and selectors inside their own transaction."""

from typing import TYPE_CHECKING

from secondopinion.audit.models import AccessEvent

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Patient


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
    """Write one access-log event (NEN 7513)."""
    if patient is None and case is not None:
        patient = case.patient
    return AccessEvent.objects.create(
        actor=actor,
        actor_name=(str(actor) if actor is not None else "system")[:200],
        role=role,
        on_behalf_of=on_behalf_of,
        patient=patient,
        case=case,
        data=data,
        action=action,
        source=source,
        basis=basis,
        emergency=emergency,
    )
