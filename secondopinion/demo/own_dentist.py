"""The treating dentist's work in the demo (R16, R18, R23). Dr. Joost Jansen (Tandartspraktijk De Molen)
sees a case only where the rules give it to him. Henk van Dijk's request about eight facings, whose
records are being gathered, carries Henk's signed consent to ask Jansen for them and to inform him of
the outcome; dr. Bakker asks him for the X-rays and the treatment plan, which he supplies or declines
when logged in (or through the link in his e-mail). Petra consented in the app that her own dentist
receives the report of her case whose report is final, so it waits in his "Reports for me". Loading
the demo again adds nothing, and a consent revoked or a request answered stays as it is."""

from secondopinion.accounts.models import User
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.consent.models import Consent
from secondopinion.consent.services import consent_record
from secondopinion.demo.consent_form import INFORM_OWN_PRACTITIONER, signed_consent_form
from secondopinion.records.data_requests import OPEN_STATUSES, data_request_create
from secondopinion.records.models import DataRequest

GATHERING = "Waarom acht facings in plaats van bleken?"
REPORTED = "Is een volledige rehabilitatie de enige optie?"
INFORM = Consent.Purpose.INFORM_OWN_PRACTITIONER
ASKED = ["xrays", "treatment_plan"]
NOTE = (
    "Graag de recente röntgenfoto's van het front en uw behandelplan met de acht facings, zodat ik "
    "niet opnieuw foto's hoef te maken."
)


def _informs(case: SecondOpinionCase) -> bool:
    """Whether the patient ever consented that the own dentist is informed (a revoked one counts)."""
    return Consent.objects.filter(case=case, purpose=INFORM).exists()


def demo_own_dentist(users: dict[str, User]) -> None:
    gathering = SecondOpinionCase.objects.filter(care_question=GATHERING).order_by("pk").first()
    if gathering is not None and gathering.status in OPEN_STATUSES:
        if not _informs(gathering):  # Henk has no account: the coordinator records his signed form
            consent_record(
                actor=users["coordinator"],
                case_id=gathering.pk,
                purpose=INFORM,
                method=Consent.Method.SIGNED_UPLOAD,
                given_by_name=gathering.patient.name,
                signed_form=signed_consent_form(gathering.patient.name, INFORM_OWN_PRACTITIONER),
                source="command",
            )
        if not DataRequest.objects.filter(case=gathering).exists():
            data_request_create(
                actor=users["dr.bakker"], case_id=gathering.pk, kinds=ASKED, note=NOTE, source="command"
            )
    reported = SecondOpinionCase.objects.filter(care_question=REPORTED, patient__user=users["petra"]).first()
    if reported is not None and not _informs(reported):
        consent_record(
            actor=users["petra"],
            case_id=reported.pk,
            purpose=INFORM,
            method=Consent.Method.IN_APP,
            source="command",
        )
