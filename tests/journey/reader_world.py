"""The world the language sweep (test_reader_language.py) reads: Petra's cases in several states, her
representative, and one of everything a patient's pages show (a document, a consent, a complaint, an
invitation, a file brought at intake, a letter to her dentist, an appointment), built through the
services. `data` holds what people wrote and their names: it is in their words, not the product's."""

import datetime as dt
from dataclasses import dataclass

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from secondopinion.accounts.models import User
from secondopinion.aftercare.services import complaint_file, evaluation_record, message_send
from secondopinion.appointments.services import appointment_book, slot_offer
from secondopinion.cases.editing import case_add_addendum
from secondopinion.cases.inputs import StepInput
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.services import consent_record
from secondopinion.directory.models import Organisation, Patient, Practitioner, Representative
from secondopinion.documents.intake import intake_add
from secondopinion.documents.services import document_upload
from secondopinion.invitations.representation import representative_invite
from secondopinion.letters.services import letter_create
from tests import conftest
from tests.access.world import walk
from tests.conftest import HAPPY_PATH, submit_input
from tests.documents.files import pdf, png


@dataclass
class Sweep:
    readers: dict[str, User]
    cases: dict[str, SecondOpinionCase]
    ids: dict[str, list[int | str]]
    data: list[str]


TEXTS = {
    "document": "brief-van-de-tandarts.pdf",
    "addendum": "Aanvulling: op de foto is ook 37 te zien; dat verandert het advies niet.",
    "evaluation": "Duidelijke uitleg, dank u.",
    "complaint": "De uitleg over de kosten was te snel.",
    "message": "Wanneer hoor ik iets over de afspraak?",
    "answer": "U hoort deze week van ons.",
    "refusal": "Vierde verzoek over dezelfde vraag.",
    "place": "Oostweg 12, Amersfoort",
}


def build() -> Sweep:
    """Petra's cases: submitted; report final as her representative asked it; in examination with her
    consent, a letter she brought, her letter to her dentist and an appointment booked (another time
    offered); report final with an addendum and messages; closed with her evaluation; closed with a
    complaint; refused. An open invitation and a file brought at intake."""
    cast = conftest.cast._get_wrapped_function()(None)
    representation = Representative.objects.create(
        user=cast.representative,
        patient=cast.patient,
        relation="partner",
        consent_given_at=timezone.now(),
        consent_method="in_app",
    )

    def new(**changes) -> SecondOpinionCase:
        actor = (
            cast.representative if changes.get("requester_kind") == "representative" else cast.patient_user
        )
        return case_submit(actor=actor, data=submit_input(cast, **changes), source="web")

    def along(target: str) -> SecondOpinionCase:
        return walk(new(), target, coordinator=cast.coordinator, giver=cast.giver)

    asked = new(requester_kind="representative")
    cases = {
        "submitted": new(),
        "by-representative": walk(asked, "report_final", coordinator=cast.coordinator, giver=cast.giver),
    }
    examined = cases["in-examination"] = along("in_examination")
    records = consent_record(
        actor=cast.patient_user, case_id=examined.pk, purpose="request_records", method="in_app", source="web"
    )
    letter = SimpleUploadedFile(TEXTS["document"], pdf(), content_type="application/pdf")
    document = document_upload(
        actor=cast.patient_user, case_id=examined.pk, upload=letter, purpose="patient_brought", source="web"
    )
    final = cases["report-final"] = along("report_final")
    case_add_addendum(actor=cast.giver_user, case_id=final.pk, text=TEXTS["addendum"], source="web")
    message_send(actor=cast.patient_user, case_id=final.pk, body=TEXTS["message"], source="web")
    message_send(actor=cast.coordinator, case_id=final.pk, body=TEXTS["answer"], source="web")
    closed = cases["closed"] = along("closed")
    evaluation_record(
        actor=cast.patient_user,
        case_id=closed.pk,
        decision="accept_opinion",
        satisfaction=4,
        comment=TEXTS["evaluation"],
        source="web",
    )
    complained = cases["complaint"] = along("closed")
    complaint = complaint_file(
        actor=cast.patient_user, case_id=complained.pk, text=TEXTS["complaint"], source="web"
    )
    refused = new()
    cases["refused"] = case_transition(
        actor=cast.coordinator,
        case_id=refused.pk,
        to="refused",
        data=StepInput(
            refusal_reason="repeated_request",
            refusal_note=TEXTS["refusal"],
            repeats_case_ids=[cases["submitted"].pk],  # R9: the earlier request it repeats
        ),
        source="web",
    )
    invitation = representative_invite(
        actor=cast.patient_user,
        email="mila@example.nl",
        name="Mila de Vries",
        relation="family",
        source="web",
    )
    brought = intake_add(
        actor=cast.patient_user,
        patient_id=cast.patient.pk,
        upload=SimpleUploadedFile("kies.png", png()),
        source="web",
    )
    letter = letter_create(
        actor=cast.patient_user, case_id=examined.pk, kind="inform", language="nl", source="web"
    )
    starts = timezone.localtime().replace(hour=10, minute=0, second=0, microsecond=0) + dt.timedelta(days=5)
    slots = [
        slot_offer(
            actor=cast.coordinator,
            case_id=examined.pk,
            kind="in_person",
            starts_at=starts + dt.timedelta(hours=hour),
            minutes=30,
            location=TEXTS["place"],
            source="web",
        )
        for hour in (0, 2)
    ]
    appointment = appointment_book(actor=cast.patient_user, slot_id=slots[0].pk, source="web")
    data = [*TEXTS.values(), "Mila de Vries", "kies.png"]
    data += [str(value) for _to, _who, values in HAPPY_PATH for value in _strings(values)]
    data += [submit_input(cast).care_question]
    for model in (Organisation, Practitioner, Patient):
        data += list(model.objects.values_list("name", flat=True))
    data += [user.get_full_name() for user in User.objects.all()]
    return Sweep(
        readers={"patient": cast.patient_user, "representative": cast.representative},
        cases=cases,
        ids={
            "case_id": [case.pk for case in cases.values()],
            "document_id": [document.pk],
            "consent_id": [records.pk],
            "complaint_id": [complaint.pk],
            "patient_id": [cast.patient.pk],
            "representative_id": [representation.pk],
            "representative_invitation_id": [invitation.invitation.pk],
            "file_id": [brought.pk],
            "letter_id": [letter.pk],
            "appointment_id": [appointment.pk],
            "slot_id": [slots[1].pk],
            # Someone else's or staff's: a made-up id, so the patient reads the page a stranger reads.
            "unlisted_id": [0],
            "passkey_id": [0],
            "invitation_id": [0],
            "user_id": [0],
            "request_id": [0],
            "token": ["onbekend"],
            "key": ["onbekend"],
            "uidb36": ["1"],
            "provider_id": ["onbekend"],
        },
        data=sorted(set(data), key=len, reverse=True),
    )


def _strings(values):
    if isinstance(values, str):
        yield values
    elif isinstance(values, dict):
        for value in values.values():
            yield from _strings(value)
