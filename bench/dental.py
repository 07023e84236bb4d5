"""What the benchmarks share: one dental practice pair with its people, the walk of a case along the happy
path through the product's own services, and a percentile. Call after Django is set up."""

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from secondopinion.cases.models import SecondOpinionCase

CARE_QUESTION = "Is extractie van 36 nodig, of kan de kies behouden blijven?"


def percentile(samples: list[float], fraction: float) -> float:
    ordered = sorted(samples)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


@dataclass
class DentalWorld:
    """Petra, her own dentist at De Molen, and the giver, coordinator and complaints officer at Oost."""

    giving_practice: Any
    patient_user: Any
    patient: Any
    treating: Any
    giver_user: Any
    giver: Any
    coordinator: Any
    officer: Any

    def submit(self) -> "SecondOpinionCase":
        from secondopinion.cases.inputs import SubmitInput
        from secondopinion.cases.services import case_submit

        data = SubmitInput(
            protocol="dental-knmt",
            patient_id=self.patient.pk,
            organisation_id=self.giving_practice.pk,
            treating_practitioner_id=self.treating.pk,
            care_question=CARE_QUESTION,
            subject="treatment_plan",
            treatment_started=False,
        )
        return case_submit(actor=self.patient_user, data=data, source="command")

    def advance(self, case: "SecondOpinionCase", target: str) -> "SecondOpinionCase":
        """Take the happy path's steps until `target`: the giver declares independence after assignment,
        the patient consents to inform her own dentist once informed."""
        from secondopinion.cases.inputs import StepInput
        from secondopinion.cases.services import case_transition
        from secondopinion.consent.services import consent_record
        from secondopinion.directory.services import independence_declare
        from tests.conftest import HAPPY_PATH

        actors = {"coordinator": self.coordinator, "giver_user": self.giver_user}
        for to, who, values in HAPPY_PATH:
            if case.status == target:
                break
            data = StepInput(**{k: (self.giver.pk if k == "giver_id" else v) for k, v in values.items()})
            case = case_transition(actor=actors[who], case_id=case.pk, to=to, data=data, source="command")
            if to == "assigned":
                independence_declare(
                    actor=self.giver_user, case_id=case.pk, statement_confirmed=True, source="command"
                )
            if to == "informed":
                consent_record(
                    actor=self.patient_user,
                    case_id=case.pk,
                    purpose="inform_own_practitioner",
                    method="in_app",
                    source="command",
                )
        return case


def dental_world() -> DentalWorld:
    """Migrate the throwaway database and create the people."""
    from django.core.management import call_command

    from tests.factories import (
        OrganisationFactory,
        PatientFactory,
        PractitionerFactory,
        StaffFactory,
        UserFactory,
    )

    call_command("migrate", verbosity=0)
    treating_practice = OrganisationFactory(name="Tandartspraktijk De Molen")
    giving_practice = OrganisationFactory(
        name="Mondzorg Centrum Oost", complaint_scheme="Klachtenregeling KNMT"
    )
    patient_user = UserFactory(username="petra")
    giver_user = UserFactory(username="gever")
    return DentalWorld(
        giving_practice=giving_practice,
        patient_user=patient_user,
        patient=PatientFactory(user=patient_user, name="Petra de Vries"),
        treating=PractitionerFactory(organisation=treating_practice, name="J. Jansen"),
        giver_user=giver_user,
        giver=PractitionerFactory(user=giver_user, organisation=giving_practice, name="A. Bakker"),
        coordinator=StaffFactory(organisation=giving_practice, user=UserFactory(username="coordinator")).user,
        officer=StaffFactory(
            organisation=giving_practice, function="complaints_officer", user=UserFactory(username="klachten")
        ).user,
    )
