"""Referrals in: a transaction Bundle (Patient, the referring Practitioner and Organization, the
ServiceRequest, attachments as DocumentReference or Binary) becomes a case through the cases' own
door (case_submit, as the wizard and the API submit), with its attachments through the documents'
door, in one transaction. A rule that refuses answers with its ids; the same ServiceRequest
identifier posted again answers with the case it made, and makes nothing."""

import mimetypes
from typing import Any

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Model
from django.http import HttpRequest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.reference import Reference
from fhir.resources.R4B.resource import Resource

from secondopinion.access.policy import roles_for
from secondopinion.accounts.models import User
from secondopinion.cases.inputs import SubmitInput
from secondopinion.cases.services import case_submit
from secondopinion.core.errors import DomainError
from secondopinion.core.text import Text
from secondopinion.directory.models import Organisation, Practitioner
from secondopinion.documents.services import document_upload
from secondopinion.fhir.models import ReferralIdentifier
from secondopinion.fhir.outcomes import FhirError, from_domain
from secondopinion.fhir.resources.common import AGB, BSN, SOURCE, URA
from secondopinion.fhir.resources.requests import REASON_SYSTEM, SUBJECT_SYSTEM, TREATING_EXTENSION
from secondopinion.fhir.search import digits
from secondopinion.protocols.registry import PROTOCOLS

PROTOCOL_FOR_DISCIPLINE = {protocol.discipline: code for code, protocol in PROTOCOLS.items()}
REFERRAL_TYPES = (
    "Patient",
    "Practitioner",
    "PractitionerRole",
    "Organization",
    "ServiceRequest",
    "DocumentReference",
    "Binary",
)
TREATMENT_STARTED = "https://tweedemening.nl/fhir/StructureDefinition/treatment-started"
# Where in the Bundle each field of the case's input came from, for an OperationOutcome's expression.
EXPRESSIONS = {
    "patient_id": "Patient.identifier",
    "patient_bsn": "Patient.identifier",
    "patient_birth_date": "Patient.birthDate",
    "care_question": "ServiceRequest.note",
    "subject": "ServiceRequest.code",
    "treating_practitioner_id": f"ServiceRequest.extension('{TREATING_EXTENSION}')",
    "organisation_id": "ServiceRequest.performer",
    "referrer_id": "ServiceRequest.requester",
    "requester_kind": "ServiceRequest.requester",
    "protocol": f"ServiceRequest.extension('{TREATING_EXTENSION}')",
    "file": "DocumentReference.content.attachment",
    "purpose": "DocumentReference",
}


def _invalid(nl: str, en: str, expression: str) -> FhirError:
    return FhirError(422, Text(nl, en), expression=expression)


class Referral:
    """The Bundle's entries, found by type and by the references between them (fullUrl)."""

    def __init__(self, bundle: Bundle) -> None:
        if bundle.type != "transaction":
            raise _invalid(
                "Stuur een Bundle van type transaction.", "Send a Bundle of type transaction.", "Bundle.type"
            )
        self.entries = bundle.entry or []
        for index, entry in enumerate(self.entries):
            kind = entry.resource.get_resource_type() if entry.resource else ""
            if kind not in REFERRAL_TYPES:
                raise _invalid(
                    f"Een verwijzing bevat geen {kind or 'lege regel'}; wel: {', '.join(REFERRAL_TYPES)}.",
                    f"A referral holds no {kind or 'empty entry'}; it holds: {', '.join(REFERRAL_TYPES)}.",
                    f"Bundle.entry[{index}].resource",
                )
        self.by_url: dict[str, Resource] = {
            e.fullUrl: e.resource for e in self.entries if e.fullUrl and e.resource
        }
        requests = [
            e.resource
            for e in self.entries
            if e.resource and e.resource.get_resource_type() == "ServiceRequest"
        ]
        if len(requests) != 1:
            raise _invalid(
                "De Bundle bevat precies één ServiceRequest.",
                "The Bundle holds exactly one ServiceRequest.",
                "Bundle.entry",
            )
        self.request: Any = requests[0]

    def resolve(self, reference: Reference | None, kind: str, expression: str) -> Any:
        """The resource a reference names: an entry of the Bundle, or `Kind/<id>` on this server (an int)."""
        target = (reference.reference if reference is not None else None) or ""
        if target in self.by_url and self.by_url[target].get_resource_type() == kind:
            return self.by_url[target]
        prefix, _, ident = target.rpartition("/")
        if prefix.endswith(kind) and digits(ident):
            return int(ident)
        raise _invalid(
            f"{expression} verwijst naar een {kind} in de Bundle of op deze server.",
            f"{expression} refers to a {kind} in the Bundle or on this server.",
            expression,
        )

    def of_type(self, kind: str) -> list[Any]:
        return [e.resource for e in self.entries if e.resource and e.resource.get_resource_type() == kind]


def _identifier(resource: Any, systems: dict[str, str], model: type[Model], expression: str) -> Any:
    """The directory row a Practitioner or Organization of the Bundle names by AGB, BIG or URA."""
    if isinstance(resource, int):
        found = model._default_manager.filter(pk=resource).first()
    else:
        found = None
        for identifier in resource.identifier or []:
            column = systems.get(identifier.system or "")
            if column and identifier.value:
                found = model._default_manager.filter(**{column: identifier.value}).first()
                if found is not None:
                    break
    if found is None:
        raise _invalid(
            f"{expression}: niet gevonden in de registratie (AGB of URA).",
            f"{expression}: not found in the directory (AGB or URA).",
            expression,
        )
    return found


def _patient(resource: Any) -> tuple[str, Any]:
    bsn = next((i.value for i in resource.identifier or [] if i.system == BSN and i.value), "")
    if not bsn:
        raise _invalid("De patiënt heeft een BSN nodig.", "The patient needs a BSN.", "Patient.identifier")
    if resource.birthDate is None:
        raise _invalid(
            "De patiënt heeft een geboortedatum nodig.",
            "The patient needs a birth date.",
            "Patient.birthDate",
        )
    return bsn, resource.birthDate


def _extension(resource: Any, url: str) -> Any:
    return next((e for e in resource.extension or [] if e.url == url), None)


def submit_input(referral: Referral) -> SubmitInput:
    """The ServiceRequest and the resources it names, as the case's input (cases/inputs.py)."""
    sr = referral.request
    if not any(
        c.system == REASON_SYSTEM and c.code == "S" for r in sr.reasonCode or [] for c in r.coding or []
    ):
        raise _invalid(
            f"Een second opinion heeft reasonCode S van {REASON_SYSTEM}.",
            f"A second opinion has reasonCode S of {REASON_SYSTEM}.",
            "ServiceRequest.reasonCode",
        )
    subject = next(
        (c.code for c in (sr.code.coding if sr.code else None) or [] if c.system == SUBJECT_SYSTEM), None
    )
    if not subject:
        raise _invalid(
            f"Geef het onderwerp als code van {SUBJECT_SYSTEM}.",
            f"Give the subject as a code of {SUBJECT_SYSTEM}.",
            "ServiceRequest.code",
        )
    question = "\n".join(n.text for n in sr.note or [] if n.text)
    patient = referral.resolve(sr.subject, "Patient", "ServiceRequest.subject")
    if isinstance(patient, int):
        raise _invalid(
            "Neem de patiënt op in de Bundle.", "Include the Patient in the Bundle.", "ServiceRequest.subject"
        )
    bsn, born = _patient(patient)
    referrer = _identifier(
        referral.resolve(sr.requester, "Practitioner", "ServiceRequest.requester"),
        {AGB: "agb_code"},
        Practitioner,
        "ServiceRequest.requester",
    )
    performer = sr.performer[0] if sr.performer else None
    organisation = _identifier(
        referral.resolve(performer, "Organization", "ServiceRequest.performer"),
        {AGB: "agb_code", URA: "ura_code"},
        Organisation,
        "ServiceRequest.performer",
    )
    treating_ref = _extension(sr, TREATING_EXTENSION)
    treating = _identifier(
        referral.resolve(
            treating_ref.valueReference if treating_ref else None, "Practitioner", "ServiceRequest.extension"
        ),
        {AGB: "agb_code"},
        Practitioner,
        f"ServiceRequest.extension('{TREATING_EXTENSION}')",
    )
    started = _extension(sr, TREATMENT_STARTED)
    return SubmitInput(
        protocol=PROTOCOL_FOR_DISCIPLINE.get(treating.discipline, ""),
        organisation_id=organisation.pk,
        treating_practitioner_id=treating.pk,
        care_question=question,
        subject=subject,
        treatment_started=bool(started.valueBoolean) if started else False,
        patient_bsn=bsn,
        patient_birth_date=born,
        requester_kind="referrer",
        referrer_id=referrer.pk,
        has_referral=True,
    )


def _attachments(referral: Referral) -> list[tuple[str, bytes]]:
    """(file name, bytes) of each DocumentReference's attachment and each Binary."""
    found: list[tuple[str, str, bytes, str]] = []
    for document in referral.of_type("DocumentReference"):
        for content in document.content or []:
            attachment = content.attachment
            found.append(
                (
                    attachment.title or "bijlage",
                    attachment.contentType or "",
                    attachment.data or b"",
                    "DocumentReference.content.attachment.data",
                )
            )
    for binary in referral.of_type("Binary"):
        found.append(("bijlage", binary.contentType or "", binary.data or b"", "Binary.data"))
    named = []
    for title, content_type, raw, expression in found:
        # fhir.resources decoded the base64 while validating (a broken one is a 400 before this).
        if not raw:
            raise _invalid("De bijlage is leeg.", "The attachment is empty.", expression)
        extension = mimetypes.guess_extension(content_type) if "." not in title else ""
        named.append((f"{title}{extension or ''}", raw))
    return named


def _response(referral: Referral, case_id: int, documents: list[int], created: bool) -> Bundle:
    entries = []
    attached = iter(documents)
    for entry in referral.entries:
        kind = entry.resource.get_resource_type() if entry.resource else ""
        if kind == "ServiceRequest":
            status, location = ("201 Created" if created else "200 OK"), f"ServiceRequest/{case_id}"
        elif kind in ("DocumentReference", "Binary") and created:
            status, location = "201 Created", f"DocumentReference/document-{next(attached)}"
        else:
            status, location = "200 OK", None
        entries.append({"response": {"status": status, "location": location}})
    return Bundle.model_validate({"type": "transaction-response", "entry": entries or None})


def _replay(actor: User, referral: Referral, system: str, value: str) -> Bundle | None:
    """The same referral posted again: the case it made, if this user may see it."""
    existing = ReferralIdentifier.objects.select_related("case").filter(system=system, value=value).first()
    if existing is None:
        return None
    if not roles_for(actor, existing.case):
        raise FhirError(
            409,
            Text(
                "Deze identificatie van de verwijzing is al gebruikt.",
                "This referral identifier is already in use.",
            ),
            expression="ServiceRequest.identifier",
        )
    return _response(referral, existing.case_id, [], created=False)


def referral_import(*, actor: User, body: Any, request: HttpRequest) -> tuple[Bundle, bool]:
    """The case a referral Bundle asks for, made once: (transaction-response, whether it was made now)."""
    referral = Referral(Bundle.model_validate(body))
    identifier = next((i for i in referral.request.identifier or [] if i.system and i.value), None)
    if identifier is None:
        raise _invalid(
            "Geef de verwijzing een identifier (system en value): zo wordt zij maar één keer verwerkt.",
            "Give the referral an identifier (system and value): so it is processed only once.",
            "ServiceRequest.identifier",
        )
    # What ReferralIdentifier keeps of each (fhir/models.py).
    limit = ReferralIdentifier._meta.get_field("value").max_length or 0
    if max(len(identifier.system), len(identifier.value)) > limit:
        raise _invalid(
            f"De identifier van de verwijzing (system en value) is elk hoogstens {limit} tekens.",
            f"The referral's identifier (system and value) is at most {limit} characters each.",
            "ServiceRequest.identifier",
        )
    replay = _replay(actor, referral, identifier.system, identifier.value)
    if replay is not None:
        return replay, False
    data = submit_input(referral)
    files = _attachments(referral)
    try:
        with transaction.atomic():
            case = case_submit(actor=actor, data=data, source=SOURCE)
            ReferralIdentifier.objects.create(
                case=case, system=identifier.system, value=identifier.value, submitted_by=actor
            )
            documents = [
                document_upload(
                    actor=actor,
                    case_id=case.pk,
                    upload=ContentFile(raw, name=title),
                    purpose="record",
                    source=SOURCE,
                ).pk
                for title, raw in files
            ]
    except DomainError as error:
        raise from_domain(error, EXPRESSIONS.get(error.field or "", error.field)) from error
    except IntegrityError as error:
        raise FhirError(
            409,
            Text("Deze verwijzing wordt al verwerkt.", "This referral is already being processed."),
            expression="ServiceRequest.identifier",
        ) from error
    return _response(referral, case.pk, documents, created=True), True
