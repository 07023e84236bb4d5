"""Patient (BSN), RelatedPerson (the representative), Practitioner (AGB, BIG), PractitionerRole and
Organization (AGB, URA). The directory is everyone's to read with a token; a patient and a
representative only for who holds a role in one of the patient's cases, or the patient himself."""

from typing import Any

from django.db.models import Q, QuerySet
from fhir.resources.R4B.organization import Organization
from fhir.resources.R4B.patient import Patient as FhirPatient
from fhir.resources.R4B.practitioner import Practitioner as FhirPractitioner
from fhir.resources.R4B.practitionerrole import PractitionerRole
from fhir.resources.R4B.relatedperson import RelatedPerson

from secondopinion.access import representation as rule
from secondopinion.accounts.models import User
from secondopinion.directory.models import Organisation, Patient, Practitioner, Representative
from secondopinion.directory.validators import normalise_bsn
from secondopinion.fhir.kinds import Kind, int_id, not_found
from secondopinion.fhir.resources.common import (
    AGB,
    BIG,
    BSN,
    OURS,
    URA,
    log_patient_access,
    log_search,
    own_patient,
    ref,
    visible_cases,
)
from secondopinion.fhir.search import Page, Query, paged, reference_id, token

DISCIPLINE = f"{OURS}/CodeSystem/discipline"
# HL7 v3 RoleCode for the representative's relation to the patient.
ROLE_CODE = "http://terminology.hl7.org/CodeSystem/v3-RoleCode"
RELATION_CODES = {
    "partner": "SIGOTHR",
    "parent": "PRN",
    "child": "CHILD",
    "family": "FAMMEMB",
    "guardian": "GUARD",
}


# -- Patient ----------------------------------------------------------------------------------------


def patient_resource(patient: Patient) -> FhirPatient:
    telecom = [{"system": "email", "value": patient.email}] if patient.email else []
    if patient.phone:
        telecom.append({"system": "phone", "value": patient.phone})
    return FhirPatient.model_validate(
        {
            "id": str(patient.pk),
            "identifier": [{"system": BSN, "value": patient.bsn}],
            "name": [{"text": patient.name}],
            "birthDate": patient.date_of_birth,
            "telecom": telecom or None,
        }
    )


def visible_patients(user: User) -> QuerySet[Patient]:
    """The patients whose record this user may see: their own, and those of the cases they hold a role in."""
    own = own_patient(user)
    condition = Q(pk__in=visible_cases(user).values("patient_id"))
    if own is not None:
        condition |= Q(pk=own.pk)
    return Patient.objects.filter(condition)


def patient_read(user: User, raw_id: str) -> FhirPatient:
    patient = visible_patients(user).filter(pk=int_id(raw_id)).first()
    if patient is None:
        raise not_found()
    log_patient_access(user=user, patient=patient, action="read", data="identity")
    return patient_resource(patient)


def patient_search(user: User, query: Query) -> Page:
    """Patient?identifier=<bsn system>|<bsn>, among the patients this user may see: an unknown BSN and
    someone else's patient find the same nothing (no BSN oracle)."""
    rows = visible_patients(user).order_by("pk")
    for raw in query.params.get("identifier", []):
        system, value = token(raw)
        if system not in (None, BSN):
            rows = rows.none()
        rows = rows.filter(bsn=normalise_bsn(value))
    if ids := query.params.get("_id"):
        rows = rows.filter(pk__in=[reference_id(i, "Patient", "_id") for i in ids])
    found, total = paged(rows, query)
    if found:
        cases = visible_cases(user).filter(patient_id__in=[p.pk for p in found])
        log_search(user=user, cases=cases, data="identity", patients=found)
    return Page([patient_resource(p) for p in found], total)


# -- RelatedPerson ----------------------------------------------------------------------------------


# R8 and the WGBO (access/representation.py): what the representation in force rests on, and the
# practice's check of a parent's or guardian's authority (when, by whom, on what evidence).
BASIS_EXTENSION = "https://tweedemening.nl/fhir/StructureDefinition/representation-basis"
AUTHORITY_EXTENSION = "https://tweedemening.nl/fhir/StructureDefinition/parental-authority-verified"


def _representation_extensions(row: Representative) -> list[dict[str, Any]]:
    basis = rule.basis(row)
    extensions: list[dict[str, Any]] = []
    if basis is not None:
        extensions.append({"url": BASIS_EXTENSION, "valueCode": basis})
    if rule.authority_verified(row):
        extensions.append(
            {
                "url": AUTHORITY_EXTENSION,
                "extension": [
                    {"url": "verifiedAt", "valueDateTime": row.authority_verified_at},
                    {"url": "verifiedBy", "valueString": row.authority_verified_by_name or "-"},
                    {"url": "evidence", "valueCode": row.authority_evidence},
                ],
            }
        )
    return extensions


def related_person_resource(row: Representative) -> RelatedPerson:
    code = RELATION_CODES.get(row.relation)
    relationship: dict[str, Any] = {"text": row.get_relation_display()}
    if code:
        relationship["coding"] = [{"system": ROLE_CODE, "code": code}]
    extensions = _representation_extensions(row)
    return RelatedPerson.model_validate(
        {
            "id": str(row.pk),
            **({"extension": extensions} if extensions else {}),
            "active": row.consent_in_force,
            "patient": ref("Patient", row.patient_id),
            "relationship": [relationship],
            "name": [{"text": str(row.user)}],
            "period": {"start": row.consent_given_at, "end": row.consent_revoked_at}
            if row.consent_given_at
            else None,
        }
    )


def _representatives(user: User) -> QuerySet[Representative]:
    return Representative.objects.select_related("user", "patient").filter(
        Q(patient__in=visible_patients(user)) | Q(user=user)
    )


def related_person_read(user: User, raw_id: str) -> RelatedPerson:
    row = _representatives(user).filter(pk=int_id(raw_id)).first()
    if row is None:
        raise not_found()
    log_patient_access(user=user, patient=row.patient, action="read", data="representation")
    return related_person_resource(row)


def related_person_search(user: User, query: Query) -> Page:
    rows = _representatives(user).order_by("pk")
    if patient := query.one("patient"):
        rows = rows.filter(patient_id=reference_id(patient, "Patient", "patient"))
    found, total = paged(rows, query)
    if found:
        patients = [row.patient for row in found]
        cases = visible_cases(user).filter(patient_id__in=[p.pk for p in patients])
        log_search(user=user, cases=cases, data="representation", patients=patients)
    return Page([related_person_resource(row) for row in found], total)


# -- Practitioner, PractitionerRole, Organization: the public directory -----------------------------


def practitioner_resource(row: Practitioner) -> FhirPractitioner:
    # A practitioner a coordinator added for a patient's request may have no AGB code yet.
    identifiers = [{"system": AGB, "value": row.agb_code}] if row.agb_code else []
    if row.big_number:
        identifiers.append({"system": BIG, "value": row.big_number})
    return FhirPractitioner.model_validate(
        {
            "id": str(row.pk),
            "identifier": identifiers or None,
            "name": [{"text": row.name}],
            "qualification": [
                {
                    "code": {
                        "coding": [{"system": DISCIPLINE, "code": row.discipline}],
                        "text": row.get_discipline_display(),
                    }
                }
            ],
        }
    )


def _token_filter(rows: QuerySet, raws: list[str], columns: dict[str, str]) -> QuerySet:
    """identifier=<system>|<value>: the column the system names; without a system, any of them."""
    for raw in raws:
        system, value = token(raw)
        if not value:  # an empty code names no entry (not those whose AGB code is not known yet)
            rows = rows.none()
        elif system:
            column = columns.get(system)
            rows = rows.filter(**{column: value}) if column else rows.none()
        else:
            condition = Q()
            for column in columns.values():
                condition |= Q(**{column: value})
            rows = rows.filter(condition)
    return rows


def practitioner_read(user: User, raw_id: str) -> FhirPractitioner:
    row = Practitioner.objects.filter(pk=int_id(raw_id)).first()
    if row is None:
        raise not_found()
    return practitioner_resource(row)


def practitioner_search(user: User, query: Query) -> Page:
    rows = _token_filter(
        Practitioner.objects.order_by("pk"),
        query.params.get("identifier", []),
        {AGB: "agb_code", BIG: "big_number"},
    )
    if name := query.one("name"):
        rows = rows.filter(name__icontains=name)
    found, total = paged(rows, query)
    return Page([practitioner_resource(row) for row in found], total)


def role_resource(row: Practitioner) -> PractitionerRole:
    return PractitionerRole.model_validate(
        {
            "id": str(row.pk),
            "active": True,
            "practitioner": ref("Practitioner", row.pk, row.name),
            "organization": ref(
                "Organization", row.organisation_id, row.organisation.name if row.organisation else ""
            ),
            "code": [
                {
                    "coding": [{"system": DISCIPLINE, "code": row.discipline}],
                    "text": row.get_discipline_display(),
                }
            ],
            "specialty": [{"text": row.specialism}] if row.specialism else None,
        }
    )


def role_read(user: User, raw_id: str) -> PractitionerRole:
    row = Practitioner.objects.select_related("organisation").filter(pk=int_id(raw_id)).first()
    if row is None:
        raise not_found()
    return role_resource(row)


def role_search(user: User, query: Query) -> Page:
    rows = Practitioner.objects.select_related("organisation").order_by("pk")
    if practitioner := query.one("practitioner"):
        rows = rows.filter(pk=reference_id(practitioner, "Practitioner", "practitioner"))
    if organization := query.one("organization"):
        rows = rows.filter(organisation_id=reference_id(organization, "Organization", "organization"))
    found, total = paged(rows, query)
    return Page([role_resource(row) for row in found], total)


def organization_resource(row: Organisation) -> Organization:
    identifiers = [{"system": AGB, "value": row.agb_code}] if row.agb_code else []
    if row.ura_code:
        identifiers.append({"system": URA, "value": row.ura_code})
    telecom = [{"system": s, "value": v} for s, v in (("phone", row.phone), ("email", row.email)) if v]
    return Organization.model_validate(
        {
            "id": str(row.pk),
            "active": True,
            "identifier": identifiers or None,
            "name": row.name,
            "telecom": telecom or None,
            "address": [
                {
                    "city": row.city,
                    "postalCode": row.postcode or None,
                    "line": [row.street_address] if row.street_address else None,
                }
            ]
            if row.city
            else None,
            "partOf": ref("Organization", row.parent_id),
        }
    )


def organization_read(user: User, raw_id: str) -> Organization:
    row = Organisation.objects.filter(pk=int_id(raw_id)).first()
    if row is None:
        raise not_found()
    return organization_resource(row)


def organization_search(user: User, query: Query) -> Page:
    rows = _token_filter(
        Organisation.objects.order_by("pk"),
        query.params.get("identifier", []),
        {AGB: "agb_code", URA: "ura_code"},
    )
    if name := query.one("name"):
        rows = rows.filter(name__icontains=name)
    found, total = paged(rows, query)
    return Page([organization_resource(row) for row in found], total)


IDENTIFIER = ("token", "system|value")
KINDS = (
    Kind(
        "Patient",
        "cases:read",
        patient_read,
        patient_search,
        {"identifier": ("token", f"BSN ({BSN})"), "_id": ("token", "id")},
    ),
    Kind(
        "RelatedPerson",
        "cases:read",
        related_person_read,
        related_person_search,
        {"patient": ("reference", "Patient")},
    ),
    Kind(
        "Practitioner",
        None,
        practitioner_read,
        practitioner_search,
        {"identifier": ("token", f"AGB ({AGB}) or BIG ({BIG})"), "name": ("string", "part of the name")},
    ),
    Kind(
        "PractitionerRole",
        None,
        role_read,
        role_search,
        {"practitioner": ("reference", "Practitioner"), "organization": ("reference", "Organization")},
    ),
    Kind(
        "Organization",
        None,
        organization_read,
        organization_search,
        {"identifier": ("token", f"AGB ({AGB}) or URA ({URA})"), "name": ("string", "part of the name")},
    ),
)
