"""The cases the query-count tests read: one in a realistic state, asked by a representative."""

import pytest

from secondopinion.aftercare.services import complaint_file, message_send
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit
from secondopinion.consent.services import consent_record
from secondopinion.documents.services import document_upload
from tests.conftest import representation_in_force, submit_input
from tests.documents import files
from tests.documents.conftest import upload


@pytest.fixture
def represent(cast):
    representation_in_force(cast)


@pytest.fixture
def full_case(cast, represent, advance) -> SecondOpinionCase:
    """A case in a realistic state: asked by the representative on the GP's referral, the report
    final, with consents, documents, messages and a complaint."""
    data = submit_input(cast, requester_kind="representative", referrer_id=cast.gp.pk, has_referral=True)
    case = case_submit(actor=cast.representative, data=data, source="web")
    consent_record(
        actor=cast.patient_user, case_id=case.pk, purpose="request_records", method="in_app", source="web"
    )
    case = advance(case, "report_final")
    for who, purpose in (("giver_user", "examination"), ("patient_user", "patient_brought")):
        document_upload(
            actor=getattr(cast, who),
            case_id=case.pk,
            upload=upload("foto.png", files.png()),
            purpose=purpose,
            source="web",
        )
    for body in ("Wanneer hoor ik iets?", "Dank u."):
        message_send(actor=cast.patient_user, case_id=case.pk, body=body, source="web")
    message_send(actor=cast.coordinator, case_id=case.pk, body="Binnenkort.", source="web")
    complaint_file(actor=cast.patient_user, case_id=case.pk, text="Lang gewacht.", source="web")
    return case
