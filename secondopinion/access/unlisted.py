"""Who holds which role towards a request still waiting for its practitioner (journey.UnlistedRequest).

No case exists yet, so `policy.roles_for` cannot answer; this is the same decision on the request's
own fields: the patient; her representative who sent it with her consent in force, or whom she
invited for all her cases (R8); the coordinators of the practice it waits at. Nobody else: no giver
is assigned yet, and the treating practitioner is the one still to be looked up. What each role may
do is the table's (access/permissions.py: READ_CASE to follow it, LINK_PRACTITIONER to link it).

The journey package builds on access, so its model is looked up here, never imported.
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import Q, QuerySet

from secondopinion.access.identity import _identity
from secondopinion.access.permissions import (
    PATIENT_SIDE,
    Action,
    acting_role,
    coordinators_may,
    primary_role,
    refusal,
    roles_permitted,
)
from secondopinion.access.policy import (
    _invited_scopes,
    _represented_patients,
    coordinator_organisations,
)
from secondopinion.core.errors import NotFound, NotPermitted
from secondopinion.core.roles import Role
from secondopinion.core.text import Text

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.journey.models import UnlistedRequest

REQUEST_NOT_FOUND = Text(
    "Deze aanvraag bestaat niet of u heeft er geen toegang toe.",
    "This request does not exist or you have no access to it.",
)


def _requests() -> "QuerySet[UnlistedRequest]":
    return apps.get_model("journey", "UnlistedRequest").objects.all()


def unlisted_roles(user: "User", request: "UnlistedRequest") -> frozenset[Role]:
    """Every role `user` holds towards the waiting `request`; empty for a stranger."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    _identity(user)
    roles: set[Role] = set()
    patient = getattr(user, "patient", None)
    if patient is not None and request.patient_id == patient.pk:
        roles.add(Role.PATIENT)
    sent_for = request.requester_id == user.pk and request.patient_id in _represented_patients(user)
    if sent_for or (request.patient_id, None) in _invited_scopes(user):
        roles.add(Role.REPRESENTATIVE)
    if request.organisation_id in coordinator_organisations(user):
        roles.add(Role.COORDINATOR)
    return frozenset(roles)


def _conditions(user: "User") -> dict[Role, Q]:
    """`unlisted_roles` as a query filter per role, from the user's identity (read once)."""
    if not user.is_authenticated or not user.is_active:
        return {}
    _identity(user)
    conditions: dict[Role, Q] = {}
    patient = getattr(user, "patient", None)
    if patient is not None:
        conditions[Role.PATIENT] = Q(patient_id=patient.pk)
    represented = sorted(_represented_patients(user))
    invited = sorted(p for p, case in _invited_scopes(user) if case is None)
    if represented or invited:
        conditions[Role.REPRESENTATIVE] = Q(requester_id=user.pk, patient_id__in=represented) | Q(
            patient_id__in=invited
        )
    coordinated = sorted(coordinator_organisations(user))
    if coordinated:
        conditions[Role.COORDINATOR] = Q(organisation_id__in=coordinated)
    return conditions


def _filter(user: "User", roles: frozenset[Role]) -> Q:
    condition = Q(pk__in=[])
    for role, held in _conditions(user).items():
        if role in roles:
            condition |= held
    return condition


def followed_requests(user: "User") -> "QuerySet[UnlistedRequest]":
    """The waiting requests the user follows on the patient's side (her own, or those of the patients
    she acts for), as READ_CASE lets the patient's side read a request: no query is run here."""
    return _requests().filter(_filter(user, PATIENT_SIDE & roles_permitted(Action.READ_CASE)))


def linkable_requests(user: "User") -> "QuerySet[UnlistedRequest]":
    """The waiting requests at the practices where the user may link a practitioner (LINK_PRACTITIONER)."""
    return _requests().filter(_filter(user, roles_permitted(Action.LINK_PRACTITIONER)))


def links_practitioners(user: "User") -> bool:
    """Whether the user coordinates a practice, while the table lets a coordinator link a practitioner:
    the list of waiting requests is theirs (anyone else: 404)."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(coordinator_organisations(user)) and coordinators_may(Action.LINK_PRACTITIONER)


def list_basis(user: "User", requests: "list[UnlistedRequest]") -> tuple[Role | None, int | None]:
    """For a list of waiting requests read: the user's most specific role among them (the basis the
    access log names) and the patient's id when they all concern one patient."""
    roles = frozenset().union(*(unlisted_roles(user, request) for request in requests))
    patients = {request.patient_id for request in requests}
    return primary_role(roles), (next(iter(patients)) if len(patients) == 1 else None)


def unlisted_for(
    user: "User", request_id: int, action: Action, *, lock: bool = False
) -> "tuple[UnlistedRequest, Role]":
    """The waiting request and the role in which the user may take `action` on it (the table), or
    NotFound (no relation to it) / NotPermitted (related, but not for this), as `doors.case_for`."""
    rows = _requests().select_related("patient", "organisation")
    if lock:
        rows = rows.select_for_update(of=("self",))
    request = rows.filter(pk=request_id).first()
    roles = unlisted_roles(user, request) if request is not None else frozenset()
    if request is None or not roles:
        raise NotFound(REQUEST_NOT_FOUND)
    role = acting_role(action, roles)
    if role is None:
        raise NotPermitted(refusal(action))
    return request, role
