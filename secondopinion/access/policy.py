"""Who may see and do what: one place, used by web and API alike.

A user's roles towards a case follow from the directory: the patient, the requester (the patient's
side, or the practitioner who asked), the giver, the referrer, the coordinators of the handling
organisation, the complaints officer of the organisation a complaint about the case went to (R28),
and the treating practitioner only where the protocol's distribution policy lets the report reach
him (R23: he referred or asked himself, or the patient's consent to inform him is in force in the
ledger at this moment, R18).
"""

from typing import TYPE_CHECKING

from django.apps import apps
from django.db.models import (
    Count,
    Exists,
    F,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
)

from secondopinion.access.identity import _identity
from secondopinion.access.permissions import PATIENT_SIDE, Action, coordinators_may, permitted
from secondopinion.core.roles import Role
from secondopinion.protocols.engine import TREATING_PRACTITIONER
from secondopinion.protocols.registry import PROTOCOLS, get_protocol

if TYPE_CHECKING:
    from secondopinion.accounts.models import User
    from secondopinion.cases.models import SecondOpinionCase


# R8: the requester kinds of a practitioner who asks for the second opinion (a colleague or referrer, or
# on his own initiative); the case names him as its referrer (cases/services.py _referrer).
PRACTITIONER_REQUESTS = ("referrer", "practitioner")


def _staff_org_ids(user: "User", function: str) -> set[int]:
    _identity(user)
    return (getattr(user, "_tm_staff_orgs", None) or {}).get(function, set())


def complaints_organisations(user: "User") -> set[int]:
    """The organisations whose complaints this user handles (R28), and so whose access log they review."""
    return _staff_org_ids(user, "complaints_officer")


def coordinator_organisations(user: "User") -> set[int]:
    """The organisations this user coordinates for (and so records a patient's paper consent at, R8)."""
    return _staff_org_ids(user, "coordinator")


def _practitioner_id(user: "User") -> int | None:
    _identity(user)
    practitioner = getattr(user, "practitioner", None)
    return practitioner.pk if practitioner is not None else None


def reads_professional_pages(user: "User") -> bool:
    """Whether the user works in care (a practitioner, staff of an organisation, an administrator) and so
    reads pages such as the rule catalogue with rule ids and sources; a patient or a representative
    reads them in plain words, in one language."""
    if not user.is_authenticated or not user.is_active:
        return False
    _identity(user)
    staff = any((getattr(user, "_tm_staff_orgs", None) or {}).values())
    return user.is_superuser or staff or _practitioner_id(user) is not None


_UNREAD = object()


def _treating_may_see(case: "SecondOpinionCase") -> bool:
    """R23 as the case's protocol distributes the report, on the consent ledger as it stands now:
    a revoked consent stops the next disclosure (R18)."""
    if case.pk is None:
        return False
    from secondopinion.consent.models import Consent

    distribution = get_protocol(case.protocol).distribution
    # The consents in force as the case was read with its facts (cases/snapshot.py with_rule_facts,
    # the same condition in the same query), else read now.
    read_with = case.__dict__.get("tm_given", _UNREAD)
    if not distribution.consent_purpose:
        in_force: frozenset[str] = frozenset()
    elif read_with is not _UNREAD:
        in_force = frozenset(read_with.split("|")) if read_with else frozenset()
    else:
        in_force = frozenset(
            Consent.objects.filter(
                case_id=case.pk, purpose=distribution.consent_purpose, revoked_at__isnull=True
            ).values_list("purpose", flat=True)
        )
    referred = case.referrer_id is not None and case.referrer_id == case.treating_practitioner_id
    recipients = distribution.recipients(
        requester_kind=case.requester_kind, referred_by_treating=referred, consents_in_force=in_force
    )
    return TREATING_PRACTITIONER in recipients


def _treating_may_see_filter() -> Q:
    """The same decision as _treating_may_see, as one query filter over every protocol's policy."""
    from secondopinion.consent.models import Consent

    condition = Q(pk__in=[])
    for code, protocol in PROTOCOLS.items():
        distribution = protocol.distribution
        basis = Q(requester_kind="practitioner")
        if distribution.treating_when_referred:
            basis |= Q(referrer_id=F("treating_practitioner_id"))
        if distribution.consent_purpose:
            in_force = Consent.objects.filter(
                case=OuterRef("pk"), purpose=distribution.consent_purpose, revoked_at__isnull=True
            )
            basis |= Q(Exists(in_force))
        condition |= Q(protocol=code) & basis
    return condition


def roles_for(user: "User", case: "SecondOpinionCase") -> frozenset[Role]:
    """Every role `user` holds towards `case`; empty for a stranger."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    roles: set[Role] = set()
    _identity(user)
    patient = getattr(user, "patient", None)
    if patient is not None and case.patient_id == patient.pk:
        roles.add(Role.PATIENT)
    if (
        case.requester_id == user.pk
        and case.requester_kind == "representative"
        and _requester_represents(user, case)
    ) or _invited_covers(user, case):
        roles.add(Role.REPRESENTATIVE)
    practitioner_id = _practitioner_id(user)
    if practitioner_id is not None:
        if case.giver_id == practitioner_id:
            roles.add(Role.GIVER)
        if case.referrer_id == practitioner_id:
            roles.add(Role.REFERRER)
            if case.requester_kind in PRACTITIONER_REQUESTS:
                roles.add(Role.REQUESTING_PRACTITIONER)
        if case.treating_practitioner_id == practitioner_id and _treating_may_see(case):
            roles.add(Role.TREATING)
    if case.organisation_id in _staff_org_ids(user, "coordinator"):
        roles.add(Role.COORDINATOR)
    handling = _staff_org_ids(user, "complaints_officer")
    if handling and _complained_about(case, handling):
        roles.add(Role.COMPLAINTS_OFFICER)
    return frozenset(roles)


def _complained_about(case: "SecondOpinionCase", organisations: set[int]) -> bool:
    """Need to know (AVG, NEN 7510): a complaints officer reads a case only while there is a complaint
    about it that went to the complaint scheme of one of the officer's `organisations` (R28: the
    giver's organisation, which need not be the handling one), never the others."""
    if case.pk is None:
        return False
    return _complaints().filter(case_id=case.pk, organisation_id__in=sorted(organisations)).exists()


def _complained_filter(organisations: set[int]) -> Q:
    """`_complained_about` as a query filter: the cases with a complaint to one of `organisations`."""
    complained = _complaints().filter(organisation_id__in=sorted(organisations)).values("case_id")
    return Q(pk__in=complained)


def case_staff_q(case: "SecondOpinionCase") -> Q:
    """The staff rows (directory.StaffMember) that give their user a role towards `case`, as roles_for
    grants it: a coordinator of the handling organisation, and a complaints officer only of an
    organisation whose complaint scheme received a complaint about this case (need to know)."""
    complained = _complaints().filter(case_id=case.pk).values("organisation_id")
    return Q(organisation_id=case.organisation_id, function="coordinator") | Q(
        function="complaints_officer", organisation_id__in=complained
    )


def complaint_roles(user: "User", roles: frozenset[Role], complaint: object) -> frozenset[Role]:
    """The roles a user holding `roles` towards a complaint's case holds towards this complaint. The
    organisation's staff read only the complaints addressed to their own organisation (R28, need to
    know): the complaints officer's role only when the complaint went to the scheme of one of the
    officer's organisations, the coordinator's only when it went to one of the coordinator's. Both roles
    are granted per case, so the handling organisation's coordinator learns nothing of a complaint that
    went to the giver's organisation, and an officer whose organisation received one complaint on a case
    nothing of another that went elsewhere; with no role left the complaint is a stranger's (NotFound).
    The complainant's side keeps its roles (it reads the complaints it filed, complaint_reader)."""
    addressed = getattr(complaint, "organisation_id", None)
    dropped = {
        role
        for role, organisations in (
            (Role.COMPLAINTS_OFFICER, complaints_organisations(user)),
            (Role.COORDINATOR, coordinator_organisations(user)),
        )
        if addressed not in organisations
    }
    return frozenset(role for role in roles if role not in dropped)


def _complaints() -> QuerySet:
    """The complaints (aftercare builds on access, so its model is looked up, not imported)."""
    return apps.get_model("aftercare", "Complaint").objects.all()


def _requester_represents(user: "User", case: "SecondOpinionCase") -> bool:
    """`represents(user, case.patient_id)` for the case's requester: answered by the case's own read
    where it carries the fact (with_rule_facts `tm_represented`: the same ledger condition for the
    requester and the patient, in the same query), else read now."""
    read_with = case.__dict__.get("tm_represented", _UNREAD)
    read_as = (case.__dict__.get("tm_requester"), case.__dict__.get("tm_patient"))
    if read_with is not _UNREAD and read_as == (case.requester_id, case.patient_id):
        from secondopinion.access.representation import in_force_from_facts

        return in_force_from_facts(read_with)
    return represents(user, case.patient_id)


def represents(user: "User", patient_id: int) -> bool:
    """R8: the user is the patient's representative and the representation is in force (the patient's
    consent, or for a child a parent's verified authority: access/representation.py)."""
    from secondopinion.access.representation import in_force_q
    from secondopinion.directory.models import Representative

    return Representative.objects.filter(in_force_q(), user=user, patient_id=patient_id).exists()


def represents_anyone(user: "User") -> bool:
    """R8: the user acts for at least one patient whose consent is in force (directly or by an accepted
    invitation); read with the user's identity, so it costs no query of its own."""
    return bool(_represented_patients(user) or _invited_scopes(user))


def _invited_scopes(user: "User") -> set[tuple[int, int | None]]:
    """R8: (patient, case) for every representation in force that a patient made by an invitation this
    user accepted; case None where it covers every case of the patient (invitations/models.py). Read
    with the user's identity, once per user object."""
    _identity(user)
    return getattr(user, "_tm_invited", None) or set()


def _represented_patients(user: "User") -> set[int]:
    """R8: the patients whose representative the user is with their consent in force, as `represents`
    decides it; read with the user's identity, once per user object."""
    _identity(user)
    return getattr(user, "_tm_represented", None) or set()


def _invited_covers(user: "User", case: "SecondOpinionCase") -> bool:
    scopes = _invited_scopes(user)
    return (case.patient_id, None) in scopes or (case.patient_id, case.pk) in scopes


def _invited_filter(user: "User") -> Q:
    """_invited_covers as a query filter."""
    scopes = _invited_scopes(user)
    if not scopes:
        return Q(pk__in=[])
    return Q(patient_id__in=[p for p, c in scopes if c is None]) | Q(
        pk__in=[c for _p, c in scopes if c is not None]
    )


def acting_for(role: Role | str | None, case: "SecondOpinionCase") -> str:
    """NEN 7513 "on behalf of": the patient a representative acts for (R8); empty for anyone else."""
    return case.patient.name if role == Role.REPRESENTATIVE else ""


def list_basis(user: "User", cases: "QuerySet[SecondOpinionCase]") -> tuple[frozenset[Role], int | None]:
    """For a list already scoped by visible_cases_filter: every role `user` holds in at least one of
    `cases` (the basis of reading the list; empty for an empty list), and the patient's id when the
    list concerns one patient. One query, however long the list."""
    if not user.is_authenticated or not user.is_active:
        return frozenset(), None
    _identity(user)
    checks: dict[Role, Q] = {}
    represented = _represented_patients(user)
    if represented or _invited_scopes(user):
        # As roles_for decides it: the requester as representative of a patient whose consent is in
        # force (R8), or an invitation accepted. A user who represents nobody is asked nothing here,
        # so a coordinator's list is counted from the worklist's index alone (cases/models.py).
        checks[Role.REPRESENTATIVE] = Q(
            requester=user, requester_kind="representative", patient_id__in=sorted(represented)
        ) | _invited_filter(user)
    patient = getattr(user, "patient", None)
    if patient is not None:
        checks[Role.PATIENT] = Q(patient=patient)
    practitioner_id = _practitioner_id(user)
    if practitioner_id is not None:
        checks[Role.GIVER] = Q(giver_id=practitioner_id)
        checks[Role.REFERRER] = Q(referrer_id=practitioner_id)
        checks[Role.REQUESTING_PRACTITIONER] = Q(
            referrer_id=practitioner_id, requester_kind__in=PRACTITIONER_REQUESTS
        )
        checks[Role.TREATING] = Q(treating_practitioner_id=practitioner_id)
    coordinated = _staff_org_ids(user, "coordinator")
    if coordinated:
        checks[Role.COORDINATOR] = Q(organisation_id__in=coordinated)
    handling = _staff_org_ids(user, "complaints_officer")
    if handling:
        checks[Role.COMPLAINTS_OFFICER] = _complained_filter(handling)
    found = cases.order_by().aggregate(
        first_patient=Min("patient_id"),
        last_patient=Max("patient_id"),
        **{role.value: Count("pk", filter=condition) for role, condition in checks.items()},
    )
    roles = frozenset(role for role in checks if found[role.value])
    one_patient = found["first_patient"] if found["first_patient"] == found["last_patient"] else None
    return roles, one_patient


def can_view_case(user: "User", case: "SecondOpinionCase") -> bool:
    return bool(roles_for(user, case))


def can_read_report(user: "User", case: "SecondOpinionCase", roles: frozenset[Role] | None = None) -> bool:
    """R23: the requester and patient, the giver and staff; the treating practitioner as agreed; the
    patient's side not while R14's agreement withholds the written report from her. A draft is not
    yet the opinion: only the giver and the practice staff read it (the table in
    access/permissions.py). Pass `roles` when the caller already has them."""
    report = getattr(case, "report", None)
    if report is None:
        return False
    roles = roles_for(user, case) if roles is None else roles
    if report.state == "final" and roles and roles <= PATIENT_SIDE and report_withheld_from_patient(case):
        return False
    action = Action.READ_FINAL_REPORT if report.state == "final" else Action.READ_DRAFT_REPORT
    return permitted(action, roles)


def report_withheld_from_patient(case: "SecondOpinionCase") -> bool:
    """R14 (seeds 001, 002): agreed beforehand that the opinion is not put in writing, and not asked for
    in writing since: the patient's side (the patient, her representative) reads no written report;
    she hears the advice in a conversation. The findings stay in her record (R20). Reads the case's
    agreements as they were read with it (cases/selectors.py joins them)."""
    agreements = getattr(case, "agreements", None)
    return agreements is not None and agreements.withheld_from_patient


def visible_cases_filter(user: "User") -> Q:
    """The same decision as roles_for, as one query filter, so lists never load what they may not show.

    Every branch is a plain condition on an indexed column of the case (patient, requester, giver,
    referrer, treating practitioner, organisation, id) with values known from the user's identity,
    read once (_identity): PostgreSQL combines their indexes (BitmapOr) instead of scanning every
    case, which a correlated EXISTS in one branch of the OR forced."""
    if not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    _identity(user)
    condition: Q = _invited_filter(user)
    represented = _represented_patients(user)
    if represented:
        # R8 as `represents` decides it: the requester is the user, as representative, of a patient
        # whose consent to the representation is in force.
        condition |= Q(requester=user, requester_kind="representative", patient_id__in=sorted(represented))
    patient = getattr(user, "patient", None)
    if patient is not None:
        condition |= Q(patient=patient)
    practitioner_id = _practitioner_id(user)
    if practitioner_id is not None:
        condition |= Q(giver_id=practitioner_id) | Q(referrer_id=practitioner_id)
        condition |= Q(treating_practitioner_id=practitioner_id) & _treating_may_see_filter()
    coordinated = _staff_org_ids(user, "coordinator")
    if coordinated:
        condition |= Q(organisation_id__in=sorted(coordinated))
    handling = _staff_org_ids(user, "complaints_officer")
    if handling:
        # The cases complained about to the officer's organisations, whichever organisation handles
        # them (R28: the giver's scheme); an organisation's complaints are few, read by their index.
        condition |= _complained_filter(handling)
    return condition


def offers_coordinator_pages(user: "User") -> bool:
    """Whether the menu offers a coordinator's pages (the team, a consent signed on paper, R8): to
    someone who coordinates for an organisation, while the table lets a coordinator record a consent."""
    if not user.is_authenticated or not user.is_active:
        return False
    return bool(coordinator_organisations(user)) and coordinators_may(Action.RECORD_CONSENT)
