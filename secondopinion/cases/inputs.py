"""The data a step may carry. Web forms and API bodies both become one of these."""

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date
from typing import Any

from secondopinion.core.textcheck import control_character, normalise_line_breaks


def _normalise_texts(data: Any) -> None:
    """A vertical tab pasted from Word becomes a line feed, in every text the input carries."""
    for item in fields(data):
        value = getattr(data, item.name)
        if isinstance(value, str):
            setattr(data, item.name, normalise_line_breaks(value))
        elif isinstance(value, dict):
            setattr(
                data,
                item.name,
                {k: normalise_line_breaks(v) if isinstance(v, str) else v for k, v in value.items()},
            )


@dataclass
class SubmitInput:
    """The patient is named by id, or by BSN (how staff identify a patient at intake)."""

    protocol: str
    organisation_id: int
    treating_practitioner_id: int
    care_question: str
    subject: str
    treatment_started: bool
    patient_id: int | None = None
    patient_bsn: str = ""
    # With a BSN always the date of birth: a BSN alone names nobody (directory/identification.py).
    patient_birth_date: date | None = None
    requester_kind: str = "patient"
    referrer_id: int | None = None
    has_referral: bool = False
    under_treatment: str = "yes"
    wants_transfer: bool = False
    own_practitioner_informed: bool = False
    patient_consulted: bool = False
    gp_informed: bool = False
    care_plan_available: bool = True

    def __post_init__(self) -> None:
        _normalise_texts(self)


@dataclass
class StepInput:
    note: str = ""  # read by everyone who reads the case, the patient's side too
    internal_note: str = ""  # the practice's own remark: never shown to the patient's side
    classification: str = ""
    refusal_reason: str = ""
    refusal_note: str = ""
    # R9: with the reason "repeated request", the ids of the earlier requests this one repeats (each
    # one of cases/earlier.py's candidates for this case and this staff member).
    repeats_case_ids: list[int] | None = None
    giver_id: int | None = None
    explanation_items: list[str] | None = None
    written_report: bool | None = None
    inform_own_practitioner: bool | None = None
    copy_recipients: str = ""
    care_question: str = ""
    records_alternative_explained: bool | None = None
    reimbursement_explained: bool | None = None
    anamnesis_medical: str = ""
    anamnesis_dental: str = ""
    anamnesis_psychosocial: str = ""
    findings: str = ""
    report: dict[str, str] = field(default_factory=dict)
    closure_decision: str = ""

    def __post_init__(self) -> None:
        _normalise_texts(self)


def unstorable_field(values: Mapping[str, Any]) -> str | None:
    """The first field whose text holds a control character (U+0000-U+001F other than tab, line
    feed and carriage return): no database column stores a NUL, and no DOCX report holds any of them."""
    for name, value in values.items():
        texts = value.values() if isinstance(value, dict) else value if isinstance(value, list) else [value]
        if any(isinstance(text, str) and control_character(text) is not None for text in texts):
            return name
    return None
