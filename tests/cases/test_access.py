"""Who holds which role towards a case: roles_for, the list filter and the selector always agree."""

import pytest

from secondopinion.access.policy import roles_for, visible_cases_filter
from secondopinion.audit.models import AccessEvent
from secondopinion.cases.models import SecondOpinionCase
from secondopinion.cases.selectors import case_get, cases_visible_to
from secondopinion.cases.services import case_submit, case_transition
from secondopinion.core.errors import NotFound
from tests.access.complaints import _complaint
from tests.conftest import HAPPY_PATH, give_inform_consent, step_input, submit_input

pytestmark = pytest.mark.django_db

CAST = [
    "patient_user",
    "other_patient_user",
    "representative",
    "gp_user",
    "treating_user",
    "giver_user",
    "colleague_user",
    "coordinator",
    "complaints_officer",
    "other_coordinator",
    "stranger",
]
STAFF = {"coordinator": {"coordinator"}}
INFORM = next(values for to, _actor, values in HAPPY_PATH if to == "informed")


def expected_roles(
    state: str, *, referrer: str | None = None, inform_own: bool = True, complained: bool = False
) -> dict[str, set]:
    """The roles of the docs: the patient and the handling practice's coordinator always, its
    complaints officer while a complaint about the case is handled (need to know), the giver once
    assigned, a referrer always, the treating practitioner only when he referred or informing him was
    agreed (R23)."""
    roles: dict[str, set] = {member: set() for member in CAST}
    roles["patient_user"] = {"patient"}
    roles |= {member: set(staff) for member, staff in STAFF.items()}
    if complained:
        roles["complaints_officer"] = {"complaints_officer"}
    assigned = state not in ("submitted", "accepted", "redirected", "refused", "withdrawn")
    if assigned:
        roles["giver_user"] = {"giver"}
    if referrer:
        roles[referrer] |= {"referrer"}
    treating_informed = (assigned and state != "assigned" and inform_own) or referrer == "treating_user"
    if treating_informed:
        roles["treating_user"] |= {"treating"}
    return roles


SCENARIOS = [
    ("submitted", None, True),
    ("redirected", None, True),
    ("assigned", None, True),
    ("informed", None, True),
    ("informed", None, False),
    ("closed", None, True),
    ("closed", None, False),
    ("submitted", "treating_user", True),
    ("informed", "treating_user", False),
    ("submitted", "gp_user", True),
    ("closed", "gp_user", False),
    ("submitted", None, True, True),
    ("closed", None, True, True),
]


def _scenario_id(scenario) -> str:
    state, referrer, inform_own, *complained = scenario
    by = {None: "self", "treating_user": "treating", "gp_user": "gp"}[referrer]
    return (
        f"{state}-referred-by-{by}"
        + ("" if inform_own else "-own-dentist-not-informed")
        + ("-complained-about" if complained else "")
    )


@pytest.fixture
def case_in(cast, reach):
    def _case_in(state: str, referrer: str | None, inform_own: bool) -> SecondOpinionCase:
        overrides = {"referrer_id": getattr(cast, referrer[: -len("_user")]).pk} if referrer else {}
        if state in ("submitted", "redirected", "assigned"):
            return reach(state, **overrides)
        case = reach("assigned", **overrides)
        values = {**INFORM, "inform_own_practitioner": inform_own}
        case = case_transition(
            actor=cast.giver_user, case_id=case.pk, to="informed", data=step_input(cast, values), source="web"
        )
        if inform_own:
            give_inform_consent(cast, case)  # R23: the ledger, not the agreement, discloses
        for to, actor, values in HAPPY_PATH[3:]:
            if case.status == state:
                break
            case = case_transition(
                actor=getattr(cast, actor),
                case_id=case.pk,
                to=to,
                data=step_input(cast, values),
                source="web",
            )
        assert case.status == state
        return case

    return _case_in


@pytest.mark.parametrize("scenario", SCENARIOS, ids=map(_scenario_id, SCENARIOS))
def test_roles_the_list_filter_and_the_selector_agree_for_every_member_of_the_cast(cast, case_in, scenario):
    state, referrer, inform_own, *rest = scenario
    complained = bool(rest and rest[0])
    case = case_in(state, referrer, inform_own)
    if complained:
        _complaint(case)
    case_id = case.pk
    expected = expected_roles(state, referrer=referrer, inform_own=inform_own, complained=complained)

    for member in CAST:
        user = getattr(cast, member)
        case = SecondOpinionCase.objects.get(pk=case_id)  # fresh: no cached agreements
        roles = {str(role) for role in roles_for(user, case)}
        filtered = SecondOpinionCase.objects.filter(visible_cases_filter(user), pk=case_id).exists()
        selected = cases_visible_to(user).filter(pk=case_id).exists()
        assert roles == expected[member], member
        assert filtered is bool(roles), member
        assert selected is bool(roles), member


def test_a_deactivated_patient_holds_no_role_any_more(cast, a_case):
    cast.patient_user.is_active = False
    cast.patient_user.save()

    assert roles_for(cast.patient_user, a_case) == frozenset()
    assert not cases_visible_to(cast.patient_user).exists()


def test_the_list_shows_each_member_only_their_own_cases(cast, submit):
    mine = submit()
    other = case_submit(
        actor=cast.other_patient_user,
        data=submit_input(
            cast, patient_id=cast.other_patient_user.patient.pk, organisation_id=cast.other_practice.pk
        ),
        source="web",
    )

    assert list(cases_visible_to(cast.patient_user)) == [mine]
    assert list(cases_visible_to(cast.coordinator)) == [mine]
    assert list(cases_visible_to(cast.other_coordinator)) == [other]
    assert list(cases_visible_to(cast.stranger)) == []


@pytest.mark.parametrize("member", ["stranger", "other_coordinator", "other_patient_user", "treating_user"])
def test_case_get_by_someone_without_a_role_is_not_found_and_logs_nothing(cast, a_case, member):
    events = AccessEvent.objects.count()

    with pytest.raises(NotFound):
        case_get(user=getattr(cast, member), case_id=a_case.pk, source="web")

    assert AccessEvent.objects.count() == events


def test_case_get_of_a_case_that_does_not_exist_is_not_found_and_logs_nothing(cast):
    with pytest.raises(NotFound):
        case_get(user=cast.coordinator, case_id=999_999, source="web")

    assert AccessEvent.objects.count() == 0


def test_case_get_by_the_patient_logs_exactly_one_complete_access_event(cast, a_case):
    before = set(AccessEvent.objects.values_list("id", flat=True))

    case, roles = case_get(user=cast.patient_user, case_id=a_case.pk, source="web")

    (event,) = AccessEvent.objects.exclude(id__in=before)
    assert case == a_case
    assert roles == {"patient"}
    assert event.actor == cast.patient_user
    assert event.actor_name == str(cast.patient_user)
    assert event.actor_name
    assert event.role == "patient"
    assert event.patient == cast.patient
    assert event.case == a_case
    assert event.data == "case"
    assert event.action == "read"
    assert event.source == "web"
    assert event.basis == "patient"
    assert event.at is not None
