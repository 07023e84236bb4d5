"""What the ledgers hold, read only: Consent (the consent ledger, R18), Communication (each sending of
the report, R23), Provenance (who finalised and sealed the report, R24) and AuditEvent (the access log,
NEN 7513, for the patient and a representative whose consent is in force, as the API serves it)."""

import base64
from typing import Any

from django.db.models import QuerySet
from fhir.resources.R4B.auditevent import AuditEvent
from fhir.resources.R4B.communication import Communication
from fhir.resources.R4B.consent import Consent as FhirConsent
from fhir.resources.R4B.provenance import Provenance

from secondopinion.access.permissions import Action, permitted
from secondopinion.access.policy import roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.models import AccessEvent
from secondopinion.audit.selectors import NO_ORGANISATION, AccessRow, access_events_for_patient, access_rows
from secondopinion.cases import selectors
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.snapshot import with_rule_facts
from secondopinion.consent.models import Consent
from secondopinion.distribution.models import Sending
from secondopinion.fhir.kinds import Kind, int_id, not_found
from secondopinion.fhir.resources.common import OURS, SOURCE, instant, log_search, ref, visible_cases
from secondopinion.fhir.resources.documents import final_report_case
from secondopinion.fhir.resources.requests import RULE_SYSTEM
from secondopinion.fhir.search import Page, Query, paged, reference_id

PURPOSE_SYSTEM = f"{OURS}/CodeSystem/consent-purpose"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
CONSENT_CATEGORY = "http://loinc.org"
AUDIT_ACTIONS = {
    "create": "C",
    "read": "R",
    "update": "U",
    "export": "R",
    "print": "R",
    "search": "E",
    "send": "E",
}
DCM = "http://dicom.nema.org/resources/ontology/DCM"
ACCESS_ROLE = f"{OURS}/CodeSystem/access-role"
ACCESS_BASIS = f"{OURS}/CodeSystem/access-basis"


# -- Consent ----------------------------------------------------------------------------------------


def consent_resource(consent: Consent) -> FhirConsent:
    case = consent.case
    return FhirConsent.model_validate(
        {
            "id": str(consent.pk),
            "status": "inactive" if consent.revoked_at else "active",
            "scope": {"coding": [{"system": CONSENT_SCOPE, "code": "patient-privacy"}]},
            "category": [
                {"coding": [{"system": CONSENT_CATEGORY, "code": "59284-0", "display": "Consent Document"}]}
            ],
            "patient": ref("Patient", case.patient_id),
            "dateTime": instant(consent.given_at),
            "performer": [{"display": consent.given_by_name}],
            "organization": [ref("Organization", case.organisation_id)],
            "sourceReference": {"reference": f"DocumentReference/document-{consent.signed_form_id}"}
            if consent.signed_form_id
            else None,
            "policyRule": {"text": "R18"},
            "provision": {
                "type": "permit",
                "period": {"start": instant(consent.given_at), "end": instant(consent.revoked_at)},
                "purpose": [
                    {
                        "system": PURPOSE_SYSTEM,
                        "code": consent.purpose,
                        "display": consent.get_purpose_display(),
                    }
                ],
                "data": [{"meaning": "related", "reference": ref("ServiceRequest", case.pk)}],
            },
        }
    )


def consent_read(user: User, raw_id: str) -> FhirConsent:
    consent = Consent.objects.filter(pk=int_id(raw_id)).first()
    if consent is None:
        raise not_found()
    case, _roles = selectors.case_get(user=user, case_id=consent.case_id, source=SOURCE, data="consents")
    consent.case = case
    return consent_resource(consent)


def _consents(user: User, query: Query) -> tuple[QuerySet[Consent], QuerySet[SecondOpinionCase]]:
    cases = visible_cases(user)
    if patient := query.one("patient"):
        cases = cases.filter(patient_id=reference_id(patient, "Patient", "patient"))
    return Consent.objects.filter(case__in=cases).select_related("case__patient").order_by(
        "given_at", "id"
    ), cases


def consent_search(user: User, query: Query) -> Page:
    rows, cases = _consents(user, query)
    found, total = paged(rows, query)
    if found:
        log_search(user=user, cases=cases, data="consents", patients=[c.case.patient for c in found])
    return Page([consent_resource(c) for c in found], total)


# -- Communication: each sending of the report ------------------------------------------------------


def communication_resource(sending: Sending) -> Communication:
    recipient: Any
    if sending.recipient_practitioner_id is not None:
        recipient = ref("Practitioner", sending.recipient_practitioner_id, sending.recipient_name)
    elif sending.recipient_kind == "patient":
        recipient = ref("Patient", sending.case.patient_id, sending.recipient_name)
    else:
        recipient = {"display": sending.recipient_name}
    payload = f"DocumentReference/report-{sending.case_id}"
    return Communication.model_validate(
        {
            "id": str(sending.pk),
            "status": "stopped" if sending.withdrawn_at else "completed",
            "basedOn": [ref("ServiceRequest", sending.case_id)],
            "subject": ref("Patient", sending.case.patient_id),
            "sent": instant(sending.sent_at),
            "received": instant(sending.first_opened_at),
            "recipient": [recipient],
            "medium": [{"text": sending.get_channel_display()}],
            "reasonCode": [
                {"coding": [{"system": RULE_SYSTEM, "code": sending.rule_id}], "text": sending.basis}
            ],
            "payload": [{"contentReference": {"reference": payload}}],
            "identifier": [{"system": f"{OURS}/NamingSystem/report-seal", "value": sending.content_hash}],
        }
    )


def _sendings(user: User) -> QuerySet[Sending]:
    return (
        Sending.objects.filter(case__in=visible_cases(user))
        .select_related("case__patient")
        .order_by("sent_at", "pk")
    )


def _may_see(user: User, sending: Sending, case: SecondOpinionCase) -> bool:
    """R23: the distribution list for the roles the table lets see it; one's own sending for its recipient."""
    return sending.recipient_user_id == user.pk or permitted(Action.READ_DISTRIBUTION, roles_for(user, case))


def _with_facts(user: User, case_ids: set[int]) -> dict[int, SecondOpinionCase]:
    """The cases with the facts roles_for reads (the consents in force), in one query for all of them."""
    return {case.pk: case for case in with_rule_facts(visible_cases(user)).filter(pk__in=case_ids)}


def communication_read(user: User, raw_id: str) -> Communication:
    sending = _sendings(user).filter(pk=int_id(raw_id)).first()
    if sending is None or not _may_see(user, sending, sending.case):
        raise not_found()
    selectors.case_get(user=user, case_id=sending.case_id, source=SOURCE)
    return communication_resource(sending)


def communication_search(user: User, query: Query) -> Page:
    query.required("patient", "based-on")
    rows = _sendings(user)
    if patient := query.one("patient"):
        rows = rows.filter(case__patient_id=reference_id(patient, "Patient", "patient"))
    if based_on := query.one("based-on"):
        rows = rows.filter(case_id=reference_id(based_on, "ServiceRequest", "based-on"))
    sendings = list(rows)
    facts = _with_facts(user, {s.case_id for s in sendings})
    seen = [s for s in sendings if _may_see(user, s, facts[s.case_id])]
    found = seen[query.offset : query.offset + query.count]
    if found:
        cases = visible_cases(user).filter(pk__in={s.case_id for s in found})
        log_search(user=user, cases=cases, data="case-list", patients=[s.case.patient for s in found])
    return Page([communication_resource(s) for s in found], len(seen))


# -- Provenance: who signed the report --------------------------------------------------------------


def provenance_read(user: User, raw_id: str) -> Provenance:
    prefix, _, rest = raw_id.partition("-")
    if prefix != "report":
        raise not_found()
    case = final_report_case(user, int_id(rest))
    report = case.report
    finaliser = getattr(report.finalised_by, "practitioner", None) if report.finalised_by_id else None
    who = (
        ref("Practitioner", finaliser.pk, finaliser.name)
        if finaliser
        else {"display": str(report.finalised_by)}
    )
    return Provenance.model_validate(
        {
            "id": raw_id,
            "target": [{"reference": f"DocumentReference/report-{case.pk}"}],
            "occurredDateTime": instant(report.finalised_at),
            "recorded": instant(report.finalised_at),
            "reason": [
                {
                    "coding": [{"system": RULE_SYSTEM, "code": "R24"}],
                    "text": "a finalised report is immutable",
                }
            ],
            "activity": {
                "coding": [
                    {"system": "http://terminology.hl7.org/CodeSystem/v3-DataOperation", "code": "UPDATE"}
                ],
                "text": "finalised and sealed",
            },
            "agent": [
                {
                    "type": {
                        "coding": [
                            {
                                "system": "http://terminology.hl7.org/CodeSystem/provenance-participant-type",
                                "code": "author",
                            }
                        ]
                    },
                    "who": who,
                    "onBehalfOf": ref("Organization", case.organisation_id),
                }
            ],
            "signature": [
                {
                    "type": [
                        {
                            "system": "urn:iso-astm:E1762-95:2013",
                            "code": "1.2.840.10065.1.12.1.1",
                            "display": "Author's Signature",
                        }
                    ],
                    "when": instant(report.finalised_at),
                    "who": who,
                    "sigFormat": "text/plain",
                    "data": _sealed(report.content_hash),
                }
            ],
        }
    )


def _sealed(content_hash: str) -> str:
    return base64.b64encode(f"sha256:{content_hash}".encode()).decode()


# -- AuditEvent: the access log ---------------------------------------------------------------------


def audit_event_resource(row: AccessRow) -> AuditEvent:
    """One access as the patient and her representative read it (audit/selectors.py `access_rows`, the
    same row as her web page and the API): who, from which organisation, in which role, which data and on
    what basis, in her words and as the names she may see; what stays between colleagues (R6) reads as
    data of her second opinion, on the basis of the reader's role. Nobody else reads AuditEvents here
    (access_events_for_patient); staff review the exact log on the web (`access_rows(exact=True)`)."""
    event = row.event
    entities: list[dict[str, Any]] = [
        {
            "what": ref("Patient", event.patient_id),
            "type": {"code": "1", "display": "Person"},
            "description": str(row.data),
            "detail": [{"type": "data", "valueString": row.data_name}],
        }
    ]
    if event.case_id is not None:
        entities.append(
            {"what": ref("ServiceRequest", event.case_id), "description": row.case_reference or None}
        )
    agents: list[dict[str, Any]] = [
        {
            "who": {"display": row.person},
            "role": [{"coding": [{"system": ACCESS_ROLE, "code": event.role}], "text": str(row.role)}],
            "requestor": True,
            "name": event.on_behalf_of or None,
        }
    ]
    if row.organisation != NO_ORGANISATION:
        agents.append({"who": {"type": "Organization", "display": row.organisation}, "requestor": False})
    return AuditEvent.model_validate(
        {
            "id": str(event.pk),
            "type": {"system": DCM, "code": "110110", "display": "Patient Record"},
            "action": AUDIT_ACTIONS.get(event.action, "E"),
            "recorded": instant(event.at),
            "outcome": "0",
            "purposeOfEvent": [
                {"coding": [{"system": ACCESS_BASIS, "code": row.basis_name}], "text": str(row.basis)}
            ],
            "agent": agents,
            "source": {"observer": {"display": f"Tweede Mening ({event.source})"}},
            "entity": entities,
        }
    )


def audit_event_search(user: User, query: Query) -> Page:
    """AuditEvent?patient=: who accessed the patient's data, newest first; for the patient and a
    representative whose consent is in force (the access log's own reader check, which logs the read)."""
    patient = query.required("patient")
    events = access_events_for_patient(
        user=user, patient_id=reference_id(patient, "Patient", "patient"), source=SOURCE
    )
    found, total = paged(events, query)
    return Page([audit_event_resource(row) for row in access_rows(found)], total)


def audit_event_read(user: User, raw_id: str) -> AuditEvent:
    patient_id = AccessEvent.objects.filter(pk=int_id(raw_id)).values_list("patient_id", flat=True).first()
    if patient_id is None:
        raise not_found()
    event = (
        access_events_for_patient(user=user, patient_id=patient_id, source=SOURCE)
        .filter(pk=int(raw_id))
        .first()
    )
    if event is None:
        raise not_found()
    [row] = access_rows([event])
    return audit_event_resource(row)


KINDS = (
    Kind("Consent", "consents:read", consent_read, consent_search, {"patient": ("reference", "Patient")}),
    Kind(
        "Communication",
        "reports:read",
        communication_read,
        communication_search,
        {"patient": ("reference", "Patient"), "based-on": ("reference", "ServiceRequest")},
        documentation="each sending of the report (R23)",
    ),
    Kind(
        "Provenance",
        "reports:read",
        provenance_read,
        None,
        documentation="report-<case>: who finalised the report",
    ),
    Kind(
        "AuditEvent",
        "access-log:read",
        audit_event_read,
        audit_event_search,
        {"patient": ("reference", "Patient")},
        documentation="the access log (NEN 7513), read only",
    ),
)
