"""The report's content as plain, language-neutral data, and the seal over it (R22, R24).

`report_content(case)` gathers everything the written report shows: the facts assembled from the
case (patient and requester, the care question, the information used, the treatment plans, the
billing lines, the giver and the independence declaration) beside the sections the giver wrote.
Codes stay codes (requester kind, subject, discipline, tariff code); names, dates and texts are
stored as they stand. At sign-off this dict is stored in `Report.sealed_content` and its SHA-256
(`seal_hash`, over the canonical JSON: sorted keys, UTF-8, no whitespace) becomes
`Report.content_hash`. The documents used are sealed with their own SHA-256, so the seal also
names the exact files the opinion rests on. The seal therefore covers every section of the structured report in either
language, because both renderings are made from the same sealed dict; only the labels differ.
Addenda are not in the seal: they follow the report and never change it (R24).

Since seal version 3 the content also holds what the report needs to be a letter (`letter`): the
handling organisation's letterhead (name, address, AGB, telephone, e-mail) as it stood at sign-off,
the addressee (the patient, or the representative who asked) and the date of the examination (the
case's examination step); each document used also names its DICOM modality, so the letter can list it
by a title instead of its file name. Version 2 content has none of these and prints without them.
Version 3 named the handling organisation's complaint scheme in its letterhead; since version 4 the
letter names the complaint scheme of the giver's organisation (`letter.complaints`, R28, seed 000),
which need not be the handling one.
Since seal version 5 `care_question` is the patient's own question as submitted, and the question as
the giver established it with the patient (R15) stands beside it (`established_care_question`, empty
where the giver did not restate it). Before, `care_question` held the established question where there
was one, and the key is absent: such a report prints that question alone, as it did.

Reports sealed before the structured seal (seal version 1) covered the giver's text sections,
the case id and the moment of sign-off only; `report_seal_holds` verifies either kind.
"""

import hashlib
import json
from typing import TYPE_CHECKING, Any

from django.utils import timezone

from secondopinion.directory.complaint_scheme import complaint_organisation
from secondopinion.directory.models import IndependenceDeclaration
from secondopinion.documents.models import Document
from secondopinion.protocols.vocabulary import REPORT_SECTIONS
from secondopinion.records.models import ColleagueConsultation, Findings, TreatmentPlan

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase
    from secondopinion.directory.models import Practitioner
    from secondopinion.reports.models import Report

SEAL_VERSION = 5
ANAMNESES = ("medical", "dental", "psychosocial")


def seal_hash(content: dict[str, Any]) -> str:
    """SHA-256 over the canonical JSON of the sealed content."""
    canonical = json.dumps(content, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def legacy_content_hash(report: "Report") -> str:
    """Seal version 1: the giver's text sections, the case id and the moment of sign-off."""
    body: dict[str, Any] = {key: getattr(report, key) for key in REPORT_SECTIONS}
    body["case"] = report.case_id
    body["finalised_at"] = report.finalised_at.isoformat() if report.finalised_at else ""
    return hashlib.sha256(json.dumps(body, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def report_seal_holds(report: "Report") -> bool:
    """Does the stored seal still match what it sealed? False for a draft (nothing is sealed)."""
    if report.state != "final" or not report.content_hash:
        return False
    if report.sealed_content:
        return seal_hash(report.sealed_content) == report.content_hash
    return legacy_content_hash(report) == report.content_hash


def _stamp(moment: Any) -> str:
    return timezone.localtime(moment).isoformat(timespec="minutes") if moment else ""


def _person(practitioner: "Practitioner | None") -> dict[str, str] | None:
    if practitioner is None:
        return None
    return {
        "name": practitioner.name,
        "discipline": practitioner.discipline,
        "organisation": practitioner.organisation.name,
        "agb_code": practitioner.agb_code,
        "big_number": practitioner.big_number or "",
    }


def _requester_name(case: "SecondOpinionCase") -> str:
    if case.requester_kind == "patient":
        return case.patient.name
    if case.requester_kind == "referrer" and case.referrer is not None:
        return case.referrer.name
    if case.requester_kind == "practitioner":
        return case.treating_practitioner.name
    return str(case.requester) if case.requester is not None else ""


def _information(case: "SecondOpinionCase") -> dict[str, Any]:
    findings = Findings.objects.filter(case=case).first()
    consultations = ColleagueConsultation.objects.filter(case=case).select_related("colleague")
    # A signed consent form is evidence of consent, not information about the patient's care.
    documents = (
        Document.objects.filter(case=case).exclude(purpose="consent_form").order_by("created_at", "id")
    )
    return {
        "documents": [
            {
                "name": d.original_name,
                "kind": d.kind,
                "purpose": d.purpose,
                "received_at": _stamp(d.created_at),
                "sha256": d.sha256,
                "modality": str(d.metadata.get("Modality", "")) if d.kind == "dicom" else "",
            }
            for d in documents
        ],
        "anamneses": {
            kind: getattr(findings, f"anamnesis_{kind}", "").strip() if findings else "" for kind in ANAMNESES
        },
        "consultations": [
            {"colleague": c.colleague.name, "asked_at": _stamp(c.asked_at)} for c in consultations
        ],
    }


def _plans(case: "SecondOpinionCase") -> list[dict[str, Any]]:
    return [
        {"description": plan.description, "cost_estimate_cents": plan.cost_estimate_cents}
        for plan in TreatmentPlan.objects.filter(case=case)
    ]


def _billing_lines(case: "SecondOpinionCase") -> list[dict[str, Any]]:
    lines = case.billing_lines.select_related("tariff").order_by("service_date", "id")
    return [
        {
            "code": line.tariff.code,
            "description_nl": line.tariff.description_nl,
            "description_en": line.tariff.description_en,
            "date": line.service_date.isoformat(),
            "quantity": line.quantity,
        }
        for line in lines
    ]


def _independence(case: "SecondOpinionCase") -> dict[str, str] | None:
    declaration = IndependenceDeclaration.objects.filter(case=case).select_related("giver").first()
    if declaration is None:
        return None
    return {
        "giver": declaration.giver.name,
        "declared_at": _stamp(declaration.declared_at),
        "statement": declaration.statement,
    }


def _letter(case: "SecondOpinionCase") -> dict[str, Any]:
    """The letterhead, the addressee, the date of the examination and where a complaint goes (R28: the
    giver's organisation's scheme), as they stand at sign-off."""
    org = case.organisation
    scheme = complaint_organisation(case)
    if case.requester_kind == "representative" and case.requester is not None:
        addressee = {"name": str(case.requester), "on_behalf_of": case.patient.name}
    else:
        addressee = {"name": case.patient.name, "on_behalf_of": ""}
    examined = case.status_changes.filter(to_status="in_examination").order_by("-at", "-id").first()
    return {
        "organisation": {
            "name": org.name,
            "street_address": org.street_address,
            "postcode": org.postcode,
            "city": org.city,
            "agb_code": org.agb_code,
            "phone": org.phone,
            "email": org.email,
        },
        "complaints": {"organisation": scheme.name, "scheme": scheme.complaint_scheme},
        "addressee": addressee,
        "examined_on": timezone.localtime(examined.at).date().isoformat() if examined else "",
    }


def report_content(case: "SecondOpinionCase", report: "Report") -> dict[str, Any]:
    """Everything the report shows, as it stands now; sealed as is at sign-off."""
    referrer = case.referrer
    return {
        "seal_version": SEAL_VERSION,
        "case": {"id": case.pk, "reference": case.reference, "protocol": case.protocol},
        "patient": {"name": case.patient.name, "date_of_birth": case.patient.date_of_birth.isoformat()},
        "requester": {"kind": case.requester_kind, "name": _requester_name(case)},
        "has_referral": case.has_referral,
        "referrer": {"name": referrer.name, "organisation": referrer.organisation.name} if referrer else None,
        "treating": {
            "name": case.treating_practitioner.name,
            "organisation": case.treating_practitioner.organisation.name,
        },
        "organisation": case.organisation.name,
        "care_question": case.care_question,
        "established_care_question": case.established_care_question,
        "subject": case.subject,
        "sections": {key: getattr(report, key, "").strip() for key in REPORT_SECTIONS},
        "information": _information(case),
        "plans": _plans(case),
        "billing_lines": _billing_lines(case),
        "giver": _person(case.giver),
        "independence": _independence(case),
        "letter": _letter(case),
        "finalised_at": _stamp(report.finalised_at),
        "finalised_by": str(report.finalised_by) if report.finalised_by_id else "",
    }
