"""Reading the patient's letters: listed on the patient's case page under that page's own logged read
of the case, and downloaded again through one door that checks, logs the export and then renders.
A stranger, and staff of any organisation, find no letter (NotFound, as for a case they cannot see)."""

import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.utils import timezone

from secondopinion.access.permissions import Action, acting_role, permitted, refusal
from secondopinion.access.policy import acting_for, roles_for
from secondopinion.accounts.models import User
from secondopinion.audit.kinds import DataKind
from secondopinion.audit.services import access_record
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import cases_visible_to
from secondopinion.core.errors import CASE_NOT_FOUND, NotFound, NotPermitted
from secondopinion.core.roles import Role
from secondopinion.core.text import Text
from secondopinion.letters.content import LetterContent, content_hash
from secondopinion.letters.docx import render_letter_docx
from secondopinion.letters.models import PatientLetter
from secondopinion.letters.pdf import render_letter_pdf

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
FORMATS: dict[str, tuple[Callable[[LetterContent], bytes], str]] = {
    "pdf": (render_letter_pdf, "application/pdf"),
    "docx": (render_letter_docx, DOCX_TYPE),
}
LETTER_NOT_FOUND = Text(
    "Deze brief bestaat niet of u heeft er geen toegang toe.",
    "This letter does not exist or you have no access to it.",
)
FILE_NAMES = {"inform": "brief-second-opinion", "records": "brief-verzoek-dossier"}

logger = logging.getLogger(__name__)


def letters_of(case: SecondOpinionCase, roles: frozenset[Role]) -> list[PatientLetter] | None:
    """The case's letters, newest first, for a reader the table lets read them (None for anyone else);
    one query. Under the case page's logged read of the case."""
    if not permitted(Action.READ_LETTERS, roles):
        return None
    return list(
        PatientLetter.objects.filter(case=case).only("pk", "kind", "language", "generated_at", "case_id")
    )


@dataclass(frozen=True)
class LettersPage:
    case: SecondOpinionCase
    letters: list[PatientLetter]


def letters_page_case(*, user: User, case_id: int, source: str) -> LettersPage:
    """The case and its letters for the letters page: checked (NotFound for a stranger, NotPermitted for
    a related role the table does not let read them), then logged, then loaded."""
    case = (
        cases_visible_to(user)
        .select_related("treating_practitioner__organisation")
        .filter(pk=case_id)
        .first()
    )
    roles = roles_for(user, case) if case is not None else frozenset()
    if case is None or not roles:
        raise NotFound(CASE_NOT_FOUND)
    role = acting_role(Action.READ_LETTERS, roles)
    if role is None:
        raise NotPermitted(refusal(Action.READ_LETTERS))
    access_record(
        actor=user,
        action="read",
        data=DataKind.PATIENT_LETTERS.of(),
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    return LettersPage(case=case, letters=letters_of(case, roles) or [])


@dataclass(frozen=True)
class LetterExport:
    content: bytes
    content_type: str
    filename: str


def letter_export(*, user: User, letter_id: int, kind: str, source: str) -> LetterExport:
    """A letter as PDF or DOCX, as it was made, logged as an export; NotFound for anyone who may not
    read it, and for a letter whose stored text no longer matches its hash."""
    if kind not in FORMATS:
        raise NotFound(LETTER_NOT_FOUND)
    letter = (
        PatientLetter.objects.select_related("case__patient")
        .filter(pk=letter_id, case__in=cases_visible_to(user).values("pk"))
        .first()
    )
    roles = roles_for(user, letter.case) if letter is not None else frozenset()
    role = acting_role(Action.READ_LETTERS, roles)
    if letter is None or role is None:
        raise NotFound(LETTER_NOT_FOUND)
    content = LetterContent.from_dict(letter.content)
    if content_hash(content) != letter.content_hash:
        logger.warning("Patient letter %s fails its content hash.", letter.pk)
        raise NotFound(LETTER_NOT_FOUND)
    case = letter.case
    access_record(
        actor=user,
        action="export",
        data=DataKind.PATIENT_LETTER.of(),
        source=source,
        role=role,
        basis=role,
        case=case,
        on_behalf_of=acting_for(role, case),
    )
    render, content_type = FORMATS[kind]
    name = f"{FILE_NAMES[letter.kind]}-{timezone.localdate(letter.generated_at):%Y-%m-%d}-{letter.pk}.{kind}"
    return LetterExport(content=render(content), content_type=content_type, filename=name)
