"""Random walks through the lifecycle of each protocol, through the services, with random actors
and often incomplete step data. After every step the case must still make sense."""

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from secondopinion.cases.errors import DomainError
from secondopinion.cases.inputs import StepInput, SubmitInput
from secondopinion.cases.models import SecondOpinionCase, StatusChange
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.consent.services import consent_record
from secondopinion.protocols.lifecycle import TRANSITIONS, Status, targets_from
from secondopinion.protocols.vocabulary import (
    CLASSIFICATIONS,
    CLOSURE_DECISIONS,
    EXPLANATION_ITEMS,
    REFUSAL_REASONS,
)
from secondopinion.reports.models import Report
from tests.factories import PractitionerFactory, UserFactory
from tests.scenarios.scenarios import DISCIPLINE

PROTOCOLS = ["dental-knmt", "denturist-ont", "medical-specialist", "general-practice"]
STATUSES = [s.value for s in Status]
PAIRS = {(frm.value, to.value) for frm, to in TRANSITIONS}
# The natural next state, for the walks that mostly try to progress.
NEXT = {
    "submitted": ["accepted"] * 8 + ["redirected", "refused"],
    "accepted": ["assigned"],
    "assigned": ["informed"],
    "informed": ["in_examination"] * 3 + ["gathering_records"],
    "gathering_records": ["in_examination"],
    "in_examination": ["report_draft"],
    "report_draft": ["report_final"],
    "report_final": ["closed"],
}
TRIAGERS = {"accepted", "redirected", "refused", "assigned"}


def mostly(p: float = 0.85):
    """True with probability about p: data is usually complete, sometimes not."""
    true = round(p * 20)
    return st.sampled_from([True] * true + [False] * (20 - true))


class World:
    """The cast plus a treating practitioner and an independent giver of the protocol's discipline."""

    def __init__(self, cast, protocol: str) -> None:
        self.cast = cast
        self.protocol = protocol
        discipline = DISCIPLINE[protocol]
        specialism = "neurologie" if discipline == "medical_specialist" else ""
        self.treating = PractitionerFactory(
            user=UserFactory(),
            discipline=discipline,
            specialism=specialism,
            organisation=cast.treating_practice,
        )
        self.giver_user = cast.giver_user if discipline == "dentist" else UserFactory()
        self.giver = (
            cast.giver
            if discipline == "dentist"
            else PractitionerFactory(
                user=self.giver_user,
                discipline=discipline,
                specialism=specialism,
                organisation=cast.giving_practice,
                ont_member=True,
            )
        )
        # Not independent: same practice as the treating practitioner (R10 must refuse it).
        self.connected = PractitionerFactory(
            discipline=discipline, specialism=specialism, organisation=cast.treating_practice
        )
        self.actors = {
            "patient": cast.patient_user,
            "other_patient": cast.other_patient_user,
            "representative": cast.representative,
            "coordinator": cast.coordinator,
            "other_coordinator": cast.other_coordinator,
            "complaints_officer": cast.complaints_officer,
            "treating": self.treating.user,
            "giver": self.giver_user,
            "gp": cast.gp_user,
            "stranger": cast.stranger,
        }

    def right_actor(self, target: str) -> str:
        if target in TRIAGERS:
            return "coordinator"
        if target == "withdrawn":
            return "patient"
        if target == "closed":
            return "coordinator"
        return "giver"


@st.composite
def intake(draw, protocol: str) -> dict:
    dental = protocol == "dental-knmt"
    return {
        "subject": draw(
            st.sampled_from(["diagnosis", "care_goal", "care_plan", "treatment_plan"] * 4 + ["finished_work"])
        ),
        "treatment_started": draw(mostly(0.1 if dental else 0.4)),
        "under_treatment": draw(st.sampled_from(["yes"] * 8 + ["no", "unclear"])),
        "wants_transfer": draw(mostly(0.1)),
        "has_referral": draw(st.booleans()),
        "own_practitioner_informed": draw(st.booleans()),
        "care_plan_available": draw(mostly(0.9)),
    }


@st.composite
def step_data(draw, world: World, target: str) -> dict:
    """The data of a step towards `target`, each part present only most of the time."""
    data: dict = {}
    if draw(mostly(0.2)):
        data["note"] = draw(st.text(max_size=20))
    if target == "accepted" and draw(mostly()):
        data["classification"] = draw(st.sampled_from(["second_opinion"] * 6 + list(CLASSIFICATIONS)))
    elif target == "redirected" and draw(mostly()):
        data["classification"] = draw(st.sampled_from(list(CLASSIFICATIONS)))
    elif target == "refused":
        if draw(mostly()):
            data["refusal_reason"] = draw(st.sampled_from(list(REFUSAL_REASONS)))
        if draw(mostly()):
            data["refusal_note"] = draw(st.sampled_from(["Herhaald verzoek over dezelfde vraag.", "kort"]))
    elif target == "assigned" and draw(mostly()):
        data["giver_id"] = draw(
            st.sampled_from([world.giver.pk] * 6 + [world.connected.pk, world.treating.pk])
        )
    elif target == "informed":
        if draw(mostly()):
            data["explanation_items"] = list(EXPLANATION_ITEMS)
        elif draw(st.booleans()):
            data["explanation_items"] = draw(st.lists(st.sampled_from(list(EXPLANATION_ITEMS)), unique=True))
        if draw(mostly()):
            data["written_report"] = draw(mostly(0.9))
            data["inform_own_practitioner"] = draw(st.booleans())
        if draw(mostly()):
            data["care_question"] = "Is de voorgestelde behandeling de beste keuze?"
        if draw(mostly()):
            data["records_alternative_explained"] = True
    elif target == "report_draft" and draw(mostly()):
        data["findings"] = "Bevindingen vastgelegd in het dossier."
    elif target == "report_final":
        sections = {"deviations": "Geen.", "consequences": "Geringe risico's.", "advice": "Bespreek het."}
        data["report"] = {k: v for k, v in sections.items() if draw(mostly(0.92))}
    elif target == "closed" and draw(mostly()):
        data["closure_decision"] = draw(st.sampled_from(list(CLOSURE_DECISIONS)))
    return data


def assert_invariants(case: SecondOpinionCase, final_hash: dict) -> None:
    case.refresh_from_db()
    assert case.status in STATUSES
    history = list(StatusChange.objects.filter(case=case).order_by("pk"))
    for change in history:
        if change.from_status:
            assert (change.from_status, change.to_status) in PAIRS
        else:
            assert change.to_status == "submitted"
    assert history[-1].to_status == case.status
    reached = {c.to_status for c in history}
    if "report_final" in reached:
        items = set(case.explanation_items.values_list("item", flat=True))
        assert items == set(EXPLANATION_ITEMS)
        assert case.care_question_established
        report = Report.objects.get(case=case)
        assert report.state == "final"
        assert len(report.content_hash) == 64
        final_hash.setdefault(case.pk, report.content_hash)
        assert report.content_hash == final_hash[case.pk]
    if case.status == "closed":
        assert case.closure_decision in CLOSURE_DECISIONS


def walk(world: World, data) -> None:
    cast = world.cast
    facts = data.draw(intake(world.protocol), label="intake")
    try:
        case = case_submit(
            actor=cast.patient_user,
            data=SubmitInput(
                protocol=world.protocol,
                organisation_id=cast.giving_practice.pk,
                treating_practitioner_id=world.treating.pk,
                care_question="Is dit de juiste behandeling voor mij?",
                patient_id=cast.patient.pk,
                **facts,
            ),
            source="api",
        )
    except DomainError as refused:
        event(f"{world.protocol}: refused at submission by {refused.rule_ids}")
        return
    final_hash: dict = {}
    assert_invariants(case, final_hash)
    for _ in range(data.draw(st.integers(10, 22), label="steps")):
        if case.status in {"closed", "redirected", "refused", "withdrawn"}:
            break
        move = data.draw(st.sampled_from(["progress"] * 8 + ["random"] * 2 + ["consent"]), label="move")
        if move == "consent":
            consent_record(
                actor=cast.patient_user,
                case_id=case.pk,
                purpose="request_records",
                method="in_app",
                source="web",
            )
            assert_invariants(case, final_hash)
            continue
        if move == "progress":
            target = data.draw(st.sampled_from(NEXT[case.status]), label="target")
            actor = data.draw(
                st.sampled_from([world.right_actor(target)] * 30 + list(world.actors)), label="actor"
            )
        else:
            target = data.draw(st.sampled_from(STATUSES + targets_from(case.status)), label="target")
            actor = data.draw(st.sampled_from(list(world.actors)), label="actor")
        values = data.draw(step_data(world, target), label="data")
        before = (case.status, case.version, StatusChange.objects.filter(case=case).count())
        try:
            case = case_transition(
                actor=world.actors[actor],
                case_id=case.pk,
                to=target,
                data=StepInput(**values),
                source="api",
            )
        except DomainError as failed:
            if target == "report_final" and world.actors[actor] == world.giver_user:
                event(
                    f"{world.protocol}: finalising failed: {failed.rule_ids or getattr(failed, 'field', '')}"
                )
            case.refresh_from_db()
            after = (case.status, case.version, StatusChange.objects.filter(case=case).count())
            assert after == before, f"a failed step {before[0]}→{target} changed the case"
        else:
            assert (case.status, case.version) == (target, before[1] + 1)
        assert_invariants(case, final_hash)
    reached = set(StatusChange.objects.filter(case=case).values_list("to_status", flat=True))
    for milestone in ("accepted", "informed", "report_final", "closed"):
        if milestone in reached:
            event(f"{world.protocol}: reached {milestone}")
    event(f"{world.protocol}: ended in {case.status}")


@pytest.mark.django_db
@pytest.mark.parametrize("protocol", PROTOCOLS)
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(data=st.data())
def test_random_walks_through_the_lifecycle_keep_every_case_consistent(cast, protocol, data):
    walk(World(cast, protocol), data)
