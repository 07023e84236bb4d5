"""The request as ServiceRequest (reason S "Second Opinion" of HL7 v2 table 0336, the care question
in the requester's words and, once established, in the giver's (R15), the referral, the treating
practitioner) and its workflow as Task, after the referral pattern of HL7's BSeR and 360X guides: Task.status follows the lifecycle coarsely (requested → accepted /
rejected → in-progress → completed / cancelled), Task.businessStatus carries our own state, and
Task.statusReason the rule ids of a refusal or redirection (R9: and the requests a refusal repeats)."""

from typing import Any

from django.db.models import CharField, OuterRef, Prefetch, QuerySet, StringAgg, Subquery, Value
from django.db.models.functions import Cast
from fhir.resources.R4B.servicerequest import ServiceRequest
from fhir.resources.R4B.task import Task

from secondopinion.accounts.models import User
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.fhir.kinds import Kind, int_id
from secondopinion.fhir.resources.common import (
    CASE_REFERENCE,
    CASE_STATUS,
    OURS,
    SOURCE,
    instant,
    log_search,
    ref,
)
from secondopinion.fhir.search import Page, Query, date_filter, paged, reference_id, token
from secondopinion.protocols.lifecycle import STATUS_LABELS, Status
from secondopinion.protocols.vocabulary import CLASSIFICATIONS, REFUSAL_REASONS, SUBJECTS

REASON_SYSTEM = "http://terminology.hl7.org/CodeSystem/v2-0336"
SUBJECT_SYSTEM = f"{OURS}/CodeSystem/subject"
PROTOCOL_SYSTEM = f"{OURS}/CodeSystem/protocol"
RULE_SYSTEM = f"{OURS}/CodeSystem/rule"
TREATING_EXTENSION = f"{OURS}/StructureDefinition/treating-practitioner"
# Which of the request's notes is which: the care question as the giver established it (R15).
NOTE_KIND_EXTENSION = f"{OURS}/StructureDefinition/note-kind"
# R9: on a refusal's Task.statusReason, an earlier request (ServiceRequest) the refusal says this one
# repeats; one extension per request (see _status_reason).
REPEATS_EXTENSION = f"{OURS}/StructureDefinition/repeats"
ENDED_BY_REFUSAL = (Status.REFUSED, Status.REDIRECTED)

TASK_STATUS = {
    Status.SUBMITTED: "requested",
    Status.ACCEPTED: "accepted",
    Status.ASSIGNED: "accepted",
    Status.INFORMED: "in-progress",
    Status.GATHERING_RECORDS: "in-progress",
    Status.IN_EXAMINATION: "in-progress",
    Status.REPORT_DRAFT: "in-progress",
    Status.REPORT_FINAL: "completed",
    Status.CLOSED: "completed",
    Status.REDIRECTED: "rejected",
    Status.REFUSED: "rejected",
    Status.WITHDRAWN: "cancelled",
}
REQUEST_STATUS = {
    **dict.fromkeys(Status, "active"),
    Status.REPORT_FINAL: "completed",
    Status.CLOSED: "completed",
    Status.REDIRECTED: "revoked",
    Status.REFUSED: "revoked",
    Status.WITHDRAWN: "revoked",
}


def _statuses_for(mapping: dict[Status, str], wanted: list[str]) -> list[str]:
    return [status.value for status, fhir in mapping.items() if fhir in wanted]


def _requester(case: SecondOpinionCase):
    if case.referrer_id is not None:
        return ref("Practitioner", case.referrer_id)
    return ref("Patient", case.patient_id)


def _identifiers(case: SecondOpinionCase) -> list[dict[str, str]]:
    found = [{"system": CASE_REFERENCE, "value": case.reference}]
    referral = getattr(case, "fhir_referral", None)
    if referral is not None:
        found.append({"system": referral.system, "value": referral.value})
    return found


def _notes(case: SecondOpinionCase) -> list[dict[str, Any]]:
    """The care question as notes (Annotation): first the requester's own words as submitted, then,
    once the giver has established the care question with the patient (R15), the giver's wording as a
    second note, written by the giver (`authorReference` to the Practitioner) and marked with
    NOTE_KIND_EXTENSION = "established-care-question", so a system finds it without reading the text.

    Why a note and not `reasonCode`: in FHIR R4 `reasonCode` is the coded reason the service is asked
    for (here v2-0336 "S", Second Opinion), and a second reasonCode holding only text would read as a
    second reason rather than the same question in other words. R4 has no element for a care question
    restated by the performer, and this server claims no Dutch (nl-core) profile that adds one; `note`
    is R4's place for free-text statements about the request, and its Annotation says who wrote each,
    which is what tells the requester's question from the giver's restatement. The patient's note stays the first and is never replaced (R15 keeps the two
    side by side). No second note before the question is established; a case established before the
    two were kept apart has none either (its `care_question` holds the established question)."""
    notes: list[dict[str, Any]] = [{"text": case.care_question}]
    established = case.established_care_question
    if established:
        note: dict[str, Any] = {
            "text": established,
            "extension": [{"url": NOTE_KIND_EXTENSION, "valueCode": "established-care-question"}],
        }
        if case.giver_id is not None:
            note["authorReference"] = ref("Practitioner", case.giver_id)
        notes.append(note)
    return notes


def service_request_resource(case: SecondOpinionCase) -> ServiceRequest:
    subject = SUBJECTS.get(case.subject)
    return ServiceRequest.model_validate(
        {
            "id": str(case.pk),
            "meta": {"lastUpdated": instant(case.updated_at)},
            "identifier": _identifiers(case),
            "status": REQUEST_STATUS[Status(case.status)],
            "intent": "order",
            "category": [{"coding": [{"system": PROTOCOL_SYSTEM, "code": case.protocol}]}],
            "code": {
                "coding": [{"system": SUBJECT_SYSTEM, "code": case.subject}],
                "text": subject.en if subject else None,
            },
            "subject": ref("Patient", case.patient_id),
            "requester": _requester(case),
            "performer": [ref("Organization", case.organisation_id)],
            "reasonCode": [{"coding": [{"system": REASON_SYSTEM, "code": "S", "display": "Second Opinion"}]}],
            "note": _notes(case),
            "authoredOn": instant(case.created_at),
            "extension": [
                {
                    "url": TREATING_EXTENSION,
                    "valueReference": ref("Practitioner", case.treating_practitioner_id),
                }
            ],
        }
    )


def _status_reason(case: SecondOpinionCase):
    """Why the request ended unserved: the rule ids as codes, the reason in words, and for a refusal
    as a repeated request (R9) the earlier requests it repeats, in the text and as references.

    The references are extensions (REPEATS_EXTENSION, valueReference to each ServiceRequest) on
    statusReason itself: R4 has no element for "the reason is these resources" (R5 makes
    Task.statusReason a CodeableReference for that), `Task.reasonReference` holds one reference and
    says why the task is done, not why it was refused, and `Task.input` is what performing it needs.
    The repeated thing is the request, so the reference is to its ServiceRequest (a case's
    ServiceRequest and Task share its id). Only the earlier requests the reader may see are named
    (`_cases`), so every reference resolves for whoever reads this Task."""
    if case.status not in ENDED_BY_REFUSAL:
        return None
    refusals = getattr(case, "tm_refusals", None)
    rule_ids = refusals[-1].rule_ids if refusals else []
    why = REFUSAL_REASONS.get(case.refusal_reason) or CLASSIFICATIONS.get(case.classification)
    text = why.en if why else ", ".join(rule_ids) or None
    # R9: a refusal as a repeated request names the earlier request(s) it repeats (read with the case).
    repeats = sorted(int(i) for i in (getattr(case, "tm_repeats", None) or "").split(",") if i)
    if case.status != Status.REFUSED:
        repeats = []
    if text and repeats:
        text += "; repeats " + ", ".join(f"ServiceRequest/{i}" for i in repeats)
    return {
        "extension": [{"url": REPEATS_EXTENSION, "valueReference": ref("ServiceRequest", i)} for i in repeats]
        or None,
        "coding": [{"system": RULE_SYSTEM, "code": rule_id} for rule_id in rule_ids] or None,
        "text": text,
    }


def task_resource(case: SecondOpinionCase) -> Task:
    status = Status(case.status)
    return Task.model_validate(
        {
            "id": str(case.pk),
            "meta": {"lastUpdated": instant(case.updated_at)},
            "identifier": [{"system": CASE_REFERENCE, "value": case.reference}],
            "basedOn": [ref("ServiceRequest", case.pk)],
            "status": TASK_STATUS[status],
            "businessStatus": {
                "coding": [{"system": CASE_STATUS, "code": status.value, "display": STATUS_LABELS[status].en}]
            },
            "statusReason": _status_reason(case),
            "intent": "order",
            "code": {"coding": [{"system": "http://hl7.org/fhir/CodeSystem/task-code", "code": "fulfill"}]},
            "focus": ref("ServiceRequest", case.pk),
            "for": ref("Patient", case.patient_id),
            "authoredOn": instant(case.created_at),
            "lastModified": instant(case.updated_at),
            "requester": _requester(case),
            "owner": ref("Organization", case.organisation_id),
        }
    )


def _cases(user: User) -> QuerySet[SecondOpinionCase]:
    """The cases this user holds a role in, with what a page of them shows, in fixed queries."""
    refusals = StatusChange.objects.filter(to_status__in=list(ENDED_BY_REFUSAL)).order_by("at", "id")
    # R9: the ids of the earlier requests a refusal as a repeated request names, in the case's query;
    # only those this user may see (a referrer of this request may not see the patient's earlier ones).
    named = SecondOpinionCase.repeats.through.objects.filter(
        from_secondopinioncase=OuterRef("pk"),
        to_secondopinioncase__in=selectors.cases_visible_to(user).values("pk"),
    )
    repeats = (
        named.values("from_secondopinioncase")
        .annotate(ids=StringAgg(Cast("to_secondopinioncase_id", CharField()), Value(",")))
        .values("ids")  # type: ignore[misc]
    )
    return (
        selectors.cases_visible_to(user)
        .select_related("fhir_referral")
        .annotate(tm_repeats=Subquery(repeats))
        .prefetch_related(Prefetch("status_changes", queryset=refusals, to_attr="tm_refusals"))
    )


def _read(user: User, raw_id: str) -> SecondOpinionCase:
    """The case through the cases' own read door (logged as the API logs reading a case)."""
    case, _roles = selectors.case_get(user=user, case_id=int_id(raw_id), source=SOURCE)
    return _cases(user).filter(pk=case.pk).first() or case


def service_request_read(user: User, raw_id: str) -> ServiceRequest:
    return service_request_resource(_read(user, raw_id))


def task_read(user: User, raw_id: str) -> Task:
    return task_resource(_read(user, raw_id))


def _search(user: User, query: Query, statuses: dict[Status, str]) -> tuple[list[SecondOpinionCase], int]:
    rows = _cases(user).order_by("-updated_at", "-id")
    if patient := query.one("patient"):
        rows = rows.filter(patient_id=reference_id(patient, "Patient", "patient"))
    if wanted := query.params.get("status"):
        rows = rows.filter(status__in=_statuses_for(statuses, ",".join(wanted).split(",")))
    if owner := query.one("owner"):
        rows = rows.filter(organisation_id=reference_id(owner, "Organization", "owner"))
    if business := query.params.get("business-status"):
        rows = rows.filter(status__in=[token(b)[1] for b in business])
    if updated := query.params.get("_lastUpdated"):
        rows = rows.filter(date_filter("updated_at", updated, "_lastUpdated"))
    if identifier := query.one("identifier"):
        system, value = token(identifier)
        rows = rows.filter(
            fhir_referral__value=value, **({"fhir_referral__system": system} if system else {})
        )
    found, total = paged(rows, query)
    if found:
        log_search(user=user, cases=rows, data="case-list", patients=[c.patient for c in found])
    return found, total


def service_request_search(user: User, query: Query) -> Page:
    found, total = _search(user, query, REQUEST_STATUS)
    return Page([service_request_resource(c) for c in found], total)


def task_search(user: User, query: Query) -> Page:
    found, total = _search(user, query, TASK_STATUS)
    included = [service_request_resource(c) for c in found] if "Task:focus" in query.include else []
    return Page([task_resource(c) for c in found], total, included)


KINDS = (
    Kind(
        "ServiceRequest",
        "cases:read",
        service_request_read,
        service_request_search,
        {
            "patient": ("reference", "Patient"),
            "status": ("token", "active | completed | revoked"),
            "identifier": ("token", "the referrer's identifier of the referral"),
            "_lastUpdated": ("date", "last change"),
        },
    ),
    Kind(
        "Task",
        "cases:read",
        task_read,
        task_search,
        {
            "owner": ("reference", "Organization handling the request"),
            "status": ("token", "requested | accepted | rejected | in-progress | completed | cancelled"),
            "business-status": ("token", f"our lifecycle state ({CASE_STATUS})"),
            "patient": ("reference", "Patient"),
            "_lastUpdated": ("date", "last change: poll with ge<instant> to follow updates"),
        },
        includes=("Task:focus",),
    ),
)
