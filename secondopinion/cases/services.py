"""The one door for every write to a case. Each service is one transaction: it checks access,
judges the protocol's rules, writes the change, the timeline and the access-log event together."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.db.models import F, Model

from secondopinion.access.doors import blocked, locked_case
from secondopinion.access.permissions import (
    Action,
    primary_role,
    refusal,
    roles_permitted,
    writes_internal_note,
)
from secondopinion.access.policy import acting_for, roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.models import SecurityEvent
from secondopinion.audit.security import (
    TooManyAttempts,
    identification_failed,
    identification_wait,
    security_note,
)
from secondopinion.audit.services import access_record
from secondopinion.cases.evidence import record_transition_actions
from secondopinion.cases.inputs import StepInput, SubmitInput, unstorable_field
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.snapshot import snapshot_of, taking_step
from secondopinion.cases.steps import AFTER, WRITERS
from secondopinion.cases.submit_patient import (
    IDENTIFY_THROTTLED,
    identify_refused,
    naming_fields,
    submitted_patient,
)
from secondopinion.core.errors import (
    CASE_NOT_FOUND,
    ConcurrentChange,
    InvalidInput,
    NotFound,
    NotPermitted,
    TransitionNotAllowed,
)
from secondopinion.core.prepared import Prepared
from secondopinion.core.roles import ROLE_LABELS, Role
from secondopinion.core.text import Text
from secondopinion.core.textcheck import is_blank
from secondopinion.directory.models import Organisation, Practitioner, Representative
from secondopinion.distribution.services import report_distribute
from secondopinion.notifications.services import case_status_notify
from secondopinion.protocols.engine import SUBMIT
from secondopinion.protocols.lifecycle import STATUS_LABELS, Status, step_for, targets_from
from secondopinion.protocols.registry import PROTOCOLS, get_protocol
from secondopinion.protocols.vocabulary import REQUESTER_KINDS, SUBJECTS
from secondopinion.records.closing import data_requests_close_with_case

# Read and checked by case_submit itself before the case is validated.
_SUBMIT_RELATIONS = ["patient", "organisation", "requester", "treating_practitioner", "referrer"]
SUBMITTER_ROLES = roles_permitted(Action.SUBMIT)  # a representative: R8, below
# Who a submitter says is asking must match who they are (R8); a coordinator records any of these.
# A referrer asks as referrer, or as a practitioner who initiates the second opinion himself.
REQUESTER_KIND_FOR_ROLE = {Role.PATIENT: ("patient",), Role.REFERRER: ("referrer", "practitioner")}


# A row by its id, compiled once per model (core/prepared.py): a submission reads two or three.
_BY_PK: dict[type[Model], Prepared] = {}
_BIGINT = range(-(2**63), 2**63)


def _by_pk[M: Model](model: type[M], pk: Any) -> M | None:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    if pk not in _BIGINT:
        return None  # no row has it (and PostgreSQL would refuse to compare it)
    prepared = _BY_PK.get(model)
    if prepared is None:
        prepared = _BY_PK.setdefault(
            model, Prepared(lambda pk: model._default_manager.filter(pk=pk).order_by()[:1], "pk")
        )
    return prepared.first(pk=pk)  # type: ignore[return-value]


def _get[M: Model](model: type[M], pk: int | None, field: str, label: Text) -> M:
    obj = _by_pk(model, pk) if pk is not None else None
    if obj is None:
        raise InvalidInput(Text(f"Onbekende {label.nl}.", f"Unknown {label.en}."), field=field)
    return obj


def _check_discipline(case: SecondOpinionCase) -> None:
    """The protocol is the treating practitioner's discipline: a dentist's plan follows the KNMT rules."""
    protocol = get_protocol(case.protocol)
    if case.treating_practitioner.discipline != protocol.discipline:
        raise InvalidInput(
            Text(
                f"Het protocol '{protocol.name.nl}' hoort niet bij het vakgebied van deze behandelaar.",
                f"The protocol '{protocol.name.en}' does not fit this practitioner's discipline.",
            ),
            field="treating_practitioner_id",
        )


def _submit_role(actor: User, case: SecondOpinionCase) -> Role:
    """Who may submit: the patient, staff of the handling organisation, or the referrer.

    A patient who cannot be identified — nobody has that BSN or id, the two name different patients,
    or the actor may not submit a request for this one — gets one answer, whatever the reason (so an
    account cannot tell a registered BSN from an unregistered one), is recorded in the security log
    (without the BSN) and counts towards the actor's limit of failed identifications; past it, 429."""
    named_by = naming_fields(case.patient)
    wait = identification_wait(actor)
    if wait is not None:
        security_note(SecurityEvent.Kind.THROTTLED, target_kind="patient", detail=named_by, retry_after=wait)
        raise TooManyAttempts(IDENTIFY_THROTTLED, retry_after=wait, field=named_by)
    role = None
    if case.patient.pk is not None:
        roles = roles_for(actor, case) & SUBMITTER_ROLES
        role = primary_role(frozenset(roles))
    representative = (
        case.patient.pk is not None
        and case.requester_kind == "representative"
        # Whether the patient's consent is in force is R8's to judge, with its rule id.
        and Representative.objects.filter(user=actor, patient=case.patient).exists()
    )
    if not representative and (role is None or case.requester_kind == "representative"):
        identification_failed(actor)
        probe = getattr(case.patient, "_tm_probe", "")
        security_note(
            SecurityEvent.Kind.IDENTIFICATION_FAILED,
            target_kind="patient",
            detail=f"{named_by}{' ' + probe if probe else ''}",
        )
        raise InvalidInput(identify_refused(named_by), field=named_by)
    if representative:
        return Role.REPRESENTATIVE
    assert role is not None
    if role in REQUESTER_KIND_FOR_ROLE and case.requester_kind not in REQUESTER_KIND_FOR_ROLE[role]:
        kinds = [REQUESTER_KINDS[kind] for kind in REQUESTER_KIND_FOR_ROLE[role] if kind in REQUESTER_KINDS]
        label = ROLE_LABELS[role]
        raise InvalidInput(
            Text(
                f"Als {label.nl} dient u een verzoek in als {' of '.join(k.nl for k in kinds)}.",
                f"As {label.en} you submit a request as {' or '.join(k.en for k in kinds)}.",
            ),
            field="requester_kind",
        )
    return role


def _referrer(actor: User, data: SubmitInput) -> Practitioner | None:
    """R8: a practitioner who initiates a second opinion himself (the treating practitioner, or a GP)
    refers the patient for it when he names no other referrer, so the request carries his referral
    (R26) and he keeps sight of the case (R23: the giver informs him)."""
    if data.referrer_id is not None:
        return _get(Practitioner, data.referrer_id, "referrer_id", Text("verwijzer", "referrer"))
    if data.requester_kind == "practitioner":
        return getattr(actor, "practitioner", None)
    return None


def _refuse_unstorable(values: Mapping[str, Any]) -> None:
    field = unstorable_field(values)
    if field is not None:
        raise InvalidInput(
            Text(
                "Tekst mag geen stuurtekens (zoals NUL) bevatten; alleen tab en nieuwe regel zijn toegestaan.",
                "Text may not contain control characters (such as NUL); only tab and line breaks are allowed.",
            ),
            field=field,
        )


@transaction.atomic
def case_submit(*, actor: User, data: SubmitInput, source: str) -> SecondOpinionCase:
    """Create a case in `submitted`, after the protocol's submission rules (e.g. R2)."""
    _refuse_unstorable(vars(data))
    if data.protocol not in PROTOCOLS:
        raise InvalidInput(Text("Onbekend protocol.", "Unknown protocol."), field="protocol")
    if data.subject not in SUBJECTS:
        raise InvalidInput(Text("Onbekend onderwerp.", "Unknown subject."), field="subject")
    if data.requester_kind not in REQUESTER_KINDS:
        raise InvalidInput(Text("Onbekende aanvrager.", "Unknown requester kind."), field="requester_kind")
    if is_blank(data.care_question):
        raise InvalidInput(Text("Beschrijf uw vraag.", "Describe your question."), field="care_question")
    if data.under_treatment not in ("yes", "no", "unclear"):
        raise InvalidInput(
            Text("Kies ja, nee of onduidelijk.", "Choose yes, no or unclear."), field="under_treatment"
        )
    case = SecondOpinionCase(
        protocol=data.protocol,
        patient=submitted_patient(data, actor),
        organisation=_get(
            Organisation,
            data.organisation_id,
            "organisation_id",
            Text("organisatie", "organisation"),
        ),
        treating_practitioner=_get(
            Practitioner,
            data.treating_practitioner_id,
            "treating_practitioner_id",
            Text("behandelaar", "practitioner"),
        ),
        referrer=(referrer := _referrer(actor, data)),
        requester_kind=data.requester_kind,
        requester=actor,
        has_referral=data.has_referral or referrer is not None,
        care_question=data.care_question.strip(),
        subject=data.subject,
        treatment_started=data.treatment_started,
        under_treatment=data.under_treatment,
        wants_transfer=data.wants_transfer,
        own_practitioner_informed=data.own_practitioner_informed,
        patient_consulted=data.patient_consulted,
        gp_informed=data.gp_informed,
        care_plan_available=data.care_plan_available,
    )
    _check_discipline(case)
    role = _submit_role(actor, case)
    snapshot = snapshot_of(case)
    decision = get_protocol(case.protocol).evaluate(snapshot, SUBMIT)
    if not decision.allowed:
        raise blocked(decision)
    # The related rows were read above (an unknown one is refused by field), the protocol and the
    # initial status are known values: validate the fields without reading them again.
    case.full_clean(exclude=_SUBMIT_RELATIONS, validate_constraints=False)
    case.save()
    change = StatusChange.objects.create(
        case=case,
        to_status=Status.SUBMITTED,
        actor=actor,
        actor_role=role,
        rule_ids=list(decision.passed),
    )
    # The answer shows the case as just written: its timeline is this one change, and the rules
    # judged it on a snapshot of exactly these values (a new case has no related rows yet).
    case.__dict__["_tm_timeline"] = ((case.pk, case.status, case.version), [change])
    case.__dict__["_tm_snapshot"] = ((case.pk, case.status, case.version, case.updated_at), snapshot)
    case.__dict__["tm_codes"] = ""  # nothing billed yet: billing/selectors.py reads no lines
    access_record(
        actor=actor,
        action="create",
        data="case",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return case


@transaction.atomic
def case_transition(
    *,
    actor: User,
    case_id: int,
    to: str,
    data: StepInput,
    source: str,
    expected_version: int | None = None,
) -> SecondOpinionCase:
    """Move a case to `to` through its step: write the step's data, judge the rules, record it all."""
    case = locked_case(case_id)
    roles = roles_for(actor, case)
    if not roles:
        raise NotFound(CASE_NOT_FOUND)
    _refuse_unstorable(vars(data))
    if to not in Status.__members__.values():
        raise InvalidInput(Text(f"Onbekende status {to!r}.", f"Unknown state {to!r}."), field="to")
    step = step_for(case.status, to)
    if step is None:
        current, target = STATUS_LABELS[Status(case.status)], STATUS_LABELS[Status(to)]
        if case.status == to:  # taken already, by someone else a moment ago or in another tab
            raise TransitionNotAllowed(
                Text(
                    f"Deze stap is al gezet: de casus is al '{current.nl}'.",
                    f"This step has already been taken: the case is already '{current.en}'.",
                ),
                field="to",
            )
        # Say where the case can go instead (e.g. 'informed' before 'in examination', R13), in words
        # a patient reads too (no 'casus').
        nexts = [STATUS_LABELS[status] for status in targets_from(case.status)]
        raise TransitionNotAllowed(
            Text(
                f"Van '{current.nl}' kan niet naar '{target.nl}'. "
                + (
                    "Mogelijk vanaf hier: " + ", ".join(f"'{n.nl}'" for n in nexts) + "."
                    if nexts
                    else "Hierna volgt geen stap meer."
                ),
                f"Cannot go from '{current.en}' to '{target.en}'. "
                + (
                    "Possible from here: " + ", ".join(f"'{n.en}'" for n in nexts) + "."
                    if nexts
                    else "No step follows from here."
                ),
            ),
            field="to",
        )
    allowed_roles = roles & step.roles
    if not allowed_roles:
        raise NotPermitted(
            Text(
                f"Uw rol mag de stap '{step.label.nl}' niet zetten.",
                f"Your role may not take the step '{step.label.en}'.",
            )
        )
    if expected_version is not None and expected_version != case.version:
        raise ConcurrentChange(Text("Laad de casus opnieuw.", "Reload the case."), field="version")
    from_status, version = case.status, case.version
    role = primary_role(allowed_roles) or next(iter(allowed_roles))
    internal_note = "" if is_blank(data.internal_note) else data.internal_note.strip()
    if internal_note and not writes_internal_note(role):
        raise InvalidInput(refusal(Action.WRITE_INTERNAL_NOTE), field="internal_note")
    WRITERS[step.name](case, actor, data)
    case.save()
    # The rules judge the case as the step leaves it, and who takes the step with the note it carries
    # (R9: a withdrawal the practice records for the patient says how and when she withdrew).
    decision = get_protocol(case.protocol).evaluate(taking_step(snapshot_of(case), role, data.note), to)
    if not decision.allowed:
        raise blocked(decision)
    for after in (AFTER.get(step.name),):
        if after is not None:
            after(case, actor)
    # Compare-and-set: of two concurrent transitions from the same state, only one can win.
    won = SecondOpinionCase.objects.filter(pk=case.pk, status=from_status, version=version).update(
        status=to, version=F("version") + 1
    )
    if not won:
        raise ConcurrentChange(Text("Laad de casus opnieuw.", "Reload the case."))
    StatusChange.objects.create(
        case=case,
        from_status=from_status,
        to_status=to,
        actor=actor,
        actor_role=role,
        rule_ids=list(decision.passed),
        note=data.note,
        internal_note=internal_note,
    )
    record_transition_actions(case=case, to=to, actor=actor, role=role)
    case_status_notify(case=case, actor=actor, status=to)  # each role's list and e-mail: what is new
    access_record(
        actor=actor,
        action="update",
        data=f"case:{step.name}",
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    if to == Status.REPORT_FINAL:
        report_distribute(case=case, actor=actor, source=source)  # R23, once the report is sealed
    if to in (Status.WITHDRAWN, Status.CLOSED):  # R18: nothing more is asked of the own practitioner
        data_requests_close_with_case(case=case, actor=actor, role=role, source=source)
    case.refresh_from_db()
    return case
